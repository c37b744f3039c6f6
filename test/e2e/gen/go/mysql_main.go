// Runs every query of the MariaDB fixture through the generated Go client (database/sql with
// go-sql-driver/mysql). Usage: go run . <DSN with parseTime=true>. Exits non-zero at the first mismatch.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"

	_ "github.com/go-sql-driver/mysql"

	db "example.com/app/flash_go"
)

func check(what string, got, want interface{}) {
	if !reflect.DeepEqual(got, want) {
		fmt.Printf("%s: got %#v, want %#v\n", what, got, want)
		os.Exit(1)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	return v
}

func main() {
	ctx := context.Background()
	conn, err := sql.Open("mysql", os.Args[1])
	must(0, err)
	defer conn.Close()
	q := db.New(conn)

	check("ada id", must(q.CreateUser(ctx, db.CreateUserParams{Email: "ada@x", Name: "Ada", Role: "admin", Settings: json.RawMessage(`{"theme": ["dark", 1]}`)})), int64(1))
	check("bob id", must(q.CreateUser(ctx, db.CreateUserParams{Email: "bob@x", Name: "Bob", Bio: sql.NullString{String: "b", Valid: true}, Role: "member", Settings: json.RawMessage(`[]`)})), int64(2))
	_, err = q.GetUser(ctx, 9)
	check("no rows", errors.Is(err, sql.ErrNoRows), true)
	ada := must(q.GetUser(ctx, 1))
	check("ada", [...]interface{}{ada.ID, ada.Email, ada.Bio, ada.Role, ada.Karma, ada.Balance, ada.Active, ada.CreatedAt.IsZero()}, [...]interface{}{int32(1), "ada@x", sql.NullString{}, "admin", int64(0), sql.NullString{}, true, false})
	check("settings", string(ada.Settings), `{"theme": ["dark", 1]}`)
	check("by ids", must(q.ListUsersByIds(ctx, []int32{2, 1})), []db.ListUsersByIdsRow{{ID: 1, Name: "Ada"}, {ID: 2, Name: "Bob"}})
	check("by no ids", must(q.ListUsersByIds(ctx, nil)), []db.ListUsersByIdsRow{})
	check("by role", must(q.ListByRole(ctx, db.ListByRoleParams{Role: "member", Limit: 5})), []db.ListByRoleRow{{ID: 2, Email: "bob@x"}})
	check("karma", must(q.AddKarma(ctx, db.AddKarmaParams{Amount: int64(9007199254740993), ID: 1})), int64(1))
	check("karma exact", must(q.GetUser(ctx, 1)).Karma, int64(9007199254740993))
	must(0, q.SetBalance(ctx, db.SetBalanceParams{Balance: sql.NullString{String: "12.50", Valid: true}, Email: "bob@x"}))
	check("balance", must(q.GetUser(ctx, 2)).Balance, sql.NullString{String: "12.50", Valid: true})
	must(0, q.CreatePost(ctx, db.CreatePostParams{AuthorID: 1, Title: "Notes 100%"}))
	must(0, q.CreatePost(ctx, db.CreatePostParams{AuthorID: 2, Title: "Other", Body: sql.NullString{String: "x", Valid: true}}))
	check("left join", must(q.UsersWithPosts(ctx)), []db.UsersWithPostsRow{
		{UserID: 1, Name: "Ada", PostTitle: sql.NullString{String: "Notes 100%", Valid: true}},
		{UserID: 2, Name: "Bob", PostTitle: sql.NullString{String: "Other", Valid: true}},
	})
	check("counts", must(q.PostCounts(ctx)), []db.PostCountsRow{
		{ID: 1, Posts: 1, KarmaSum: sql.NullString{String: "9007199254740993", Valid: true}},
		{ID: 2, Posts: 1, KarmaSum: sql.NullString{String: "0", Valid: true}},
	})
	check("by roles", must(q.UsersByRoles(ctx, []string{"admin", "guest"})), []db.UsersByRolesRow{{ID: 1, Role: "admin"}})
	check("by no roles", must(q.UsersByRoles(ctx, nil)), []db.UsersByRolesRow{})
	check("set active", must(q.SetActive(ctx, db.SetActiveParams{Active: false, ID: 2})), int64(1))
	check("inactive", must(q.InactiveUsers(ctx)), []db.InactiveUsersRow{{ID: 2, Email: "bob@x", Active: false, Balance: sql.NullString{String: "12.50", Valid: true}}})
	roles := must(q.RoleCounts(ctx))
	check("role counts", len(roles) == 2 && roles[0].Role == "admin" && roles[0].N == 1 && roles[0].Latest.Valid && roles[1].Role == "member", true)
	prefixed := must(q.PostsByTitlePrefix(ctx, "Notes 1"))
	check("prefix", len(prefixed) == 1 && prefixed[0].Title == "Notes 100%" && string(prefixed[0].Settings) == `{"theme": ["dark", 1]}`, true)

	// inside a transaction: rolled back with it
	tx := must(conn.BeginTx(ctx, nil))
	must(q.WithTx(tx).CreateUser(ctx, db.CreateUserParams{Email: "tx@x", Name: "Tx", Role: "guest", Settings: json.RawMessage(`{}`)}))
	must(0, tx.Rollback())
	check("rolled back", must(q.ListByRole(ctx, db.ListByRoleParams{Role: "guest", Limit: 5})), []db.ListByRoleRow{})
	carol := must(q.CreateUser(ctx, db.CreateUserParams{Email: "carol@x", Name: "Carol", Role: "guest", Settings: json.RawMessage(`null`)}))
	check("delete", must(must(q.DeleteUser(ctx, int32(carol))).RowsAffected()), int64(1))
	check("delete again", must(must(q.DeleteUser(ctx, int32(carol))).RowsAffected()), int64(0))
	fmt.Println("ok")
}
