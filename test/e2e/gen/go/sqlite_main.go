// Runs every query of the SQLite fixture through the generated Go client (database/sql with
// mattn/go-sqlite3). Usage: go run . <schema.sql>. Exits non-zero at the first mismatch.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"

	_ "github.com/mattn/go-sqlite3"

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
	conn, err := sql.Open("sqlite3", ":memory:")
	must(0, err)
	defer conn.Close()
	conn.SetMaxOpenConns(1) // one in-memory database
	schema := must(os.ReadFile(os.Args[1]))
	must(conn.ExecContext(ctx, string(schema)))
	q := db.New(conn)

	ada := must(q.CreateUser(ctx, db.CreateUserParams{Email: "ada@x", Name: "Ada", Active: true, Settings: json.RawMessage(`{"theme":["dark"]}`)}))
	check("ada", ada, db.CreateUserRow{ID: 1, Email: "ada@x", Name: "Ada", Active: true, Settings: json.RawMessage(`{"theme":["dark"]}`)})
	check("bob id", must(q.InsertUser(ctx, db.InsertUserParams{Email: "bob@x", Name: "Bob"})), int64(2))
	_, err = q.GetUser(ctx, 3)
	check("no rows", errors.Is(err, sql.ErrNoRows), true)
	bob := must(q.GetUser(ctx, 2))
	check("bob", [...]interface{}{bob.ID, bob.Active, string(bob.Settings), bob.Score, bob.Karma, bob.CreatedAt.IsZero()}, [...]interface{}{int64(2), true, "{}", sql.NullFloat64{}, int64(0), false})
	check("by ids", must(q.ListUsersByIds(ctx, db.ListUsersByIdsParams{Ids: []int64{2, 1}, Active: true})), []db.ListUsersByIdsRow{{ID: 1, Name: "Ada"}, {ID: 2, Name: "Bob"}})
	check("by no ids", must(q.ListUsersByIds(ctx, db.ListUsersByIdsParams{Active: true})), []db.ListUsersByIdsRow{})
	check("update bio", must(q.UpdateBio(ctx, db.UpdateBioParams{Bio: sql.NullString{String: "hi", Valid: true}, Email: "bob@x"})), int64(1))
	must(0, q.Touch(ctx, db.TouchParams{Score: sql.NullFloat64{Float64: 1.5, Valid: true}, ID: 1}))
	check("score", must(q.GetUser(ctx, 1)).Score, sql.NullFloat64{Float64: 1.5, Valid: true})
	must(0, q.SetKarma(ctx, db.SetKarmaParams{Karma: 9007199254740993, ID: 1}))
	check("karma", must(q.GetUser(ctx, 1)).Karma, int64(9007199254740993))
	must(0, q.CreatePost(ctx, db.CreatePostParams{AuthorID: 1, Title: "Notes"}))
	check("left join", must(q.UsersWithPosts(ctx)), []db.UsersWithPostsRow{
		{UserID: 1, Name: "Ada", PostTitle: sql.NullString{String: "Notes", Valid: true}},
		{UserID: 2, Name: "Bob"},
	})
	check("counts", must(q.PostCounts(ctx)), []db.PostCountsRow{{ID: 1, Posts: 1, LastTitle: "Notes"}, {ID: 2, Posts: 0, LastTitle: nil}})
	check("by emails", must(q.UsersByEmails(ctx, db.UsersByEmailsParams{Emails: []string{"ada@x", "bob@x", "eve@y"}, Domain: "@x"})), []db.UsersByEmailsRow{
		{ID: 1, Email: "ada@x", Active: true},
		{ID: 2, Email: "bob@x", Active: true},
	})
	check("set active", must(q.SetActive(ctx, db.SetActiveParams{Active: false, ID: 2})), int64(1))
	check("active count", must(q.ActiveCount(ctx, true)), db.ActiveCountRow{N: 1, KarmaTotal: int64(9007199254740993)})
	check("returning", must(q.DeletePostsReturning(ctx, 1)), []db.DeletePostsReturningRow{{ID: 1, Title: "Notes"}})
	check("returning none", must(q.DeletePostsReturning(ctx, 1)), []db.DeletePostsReturningRow{})

	// inside a transaction: rolled back with it
	tx := must(conn.BeginTx(ctx, nil))
	must(q.WithTx(tx).InsertUser(ctx, db.InsertUserParams{Email: "tx@x", Name: "Tx"}))
	must(0, tx.Rollback())
	id := must(q.InsertUser(ctx, db.InsertUserParams{Email: "tx@x", Name: "Tx"}))
	check("delete", must(must(q.DeleteUser(ctx, id)).RowsAffected()), int64(1))
	fmt.Println("ok")
}
