// Runs every query of the PostgreSQL fixture through the generated Go client (database/sql with
// lib/pq). Usage: go run . <database url>. Exits non-zero with the first mismatch.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"

	_ "github.com/lib/pq"

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
	conn, err := sql.Open("postgres", os.Args[1])
	must(0, err)
	defer conn.Close()
	q := db.New(conn)

	ada := must(q.CreateUser(ctx, db.CreateUserParams{Email: "ada@x", Name: "Ada", Role: db.UserRoleAdmin, Settings: json.RawMessage(`{"theme": ["dark", 1]}`), Tags: []string{"math", "poet \"q\""}}))
	check("ada", [...]interface{}{ada.Email, ada.Bio, ada.Role, ada.Karma, ada.Balance, ada.Tags}, [...]interface{}{"ada@x", sql.NullString{}, db.UserRoleAdmin, int64(0), sql.NullString{}, []string{"math", "poet \"q\""}})
	check("settings", string(ada.Settings), `{"theme": ["dark", 1]}`)
	bobID := must(q.InsertUserReturningID(ctx, db.InsertUserReturningIDParams{Email: "bob@x", Name: "Bob"}))
	check("bob id", bobID, ada.ID+1)
	_, err = q.GetUserByEmail(ctx, "nobody")
	check("no rows", errors.Is(err, sql.ErrNoRows), true)
	check("by ids", must(q.ListUsersByIds(ctx, []int32{bobID, ada.ID})), []db.ListUsersByIdsRow{{ID: ada.ID, Name: "Ada"}, {ID: bobID, Name: "Bob"}})
	check("by no ids", must(q.ListUsersByIds(ctx, nil)), []db.ListUsersByIdsRow{})
	check("by role", must(q.ListUsersByRole(ctx, db.ListUsersByRoleParams{Role: db.UserRoleMember, MaxRows: 10})), []db.ListUsersByRoleRow{{ID: bobID, Email: "bob@x"}})
	check("update bio", must(q.UpdateBio(ctx, db.UpdateBioParams{Bio: sql.NullString{String: "hi", Valid: true}, ID: bobID})), int64(1))
	must(0, q.AddKarma(ctx, db.AddKarmaParams{Amount: int64(9007199254740993), ID: ada.ID}))
	check("karma", must(q.GetUserByEmail(ctx, "ada@x")).Karma, int64(9007199254740993))
	check("with tag", must(q.UsersWithTag(ctx, "poet \"q\"")), []db.UsersWithTagRow{{ID: ada.ID, Tags: []string{"math", "poet \"q\""}}})

	post := must(q.CreatePost(ctx, db.CreatePostParams{AuthorID: ada.ID, Title: "Notes"}))
	check("post", post, db.CreatePostRow{ID: post.ID, Title: "Notes"})
	post2 := must(q.CreatePost(ctx, db.CreatePostParams{AuthorID: ada.ID, Title: "More", Body: sql.NullString{String: "b", Valid: true}}))
	must(q.AddComment(ctx, db.AddCommentParams{PostID: post.ID, UserID: bobID, Body: "nice"}))
	check("posts with authors", must(q.PostsWithAuthors(ctx)), []db.PostsWithAuthorsRow{{ID: post.ID, Title: "Notes", AuthorName: "Ada"}, {ID: post2.ID, Title: "More", AuthorName: "Ada"}})
	check("left join", must(q.UsersWithLatestPost(ctx)), []db.UsersWithLatestPostRow{
		{UserID: ada.ID, Name: "Ada", PostTitle: sql.NullString{String: "Notes", Valid: true}, Published: sql.NullBool{Valid: true}},
		{UserID: ada.ID, Name: "Ada", PostTitle: sql.NullString{String: "More", Valid: true}, Published: sql.NullBool{Valid: true}},
		{UserID: bobID, Name: "Bob"},
	})
	check("counts", must(q.CommentCounts(ctx)), []db.CommentCountsRow{
		{PostID: post.ID, Comments: 1, LastBody: sql.NullString{String: "nice", Valid: true}, KarmaSum: sql.NullString{String: "0", Valid: true}},
		{PostID: post2.ID, Comments: 0},
	})
	check("publish", must(q.PublishPosts(ctx, db.PublishPostsParams{AuthorID: ada.ID, ExceptIds: []int32{post2.ID}})), int64(1))
	check("active authors", must(q.ActiveAuthors(ctx)), []db.ActiveAuthorsRow{{ID: ada.ID, Email: "ada@x", PostCount: sql.NullInt64{Int64: 1, Valid: true}}})
	check("prefix", must(q.PostsByTitlePrefix(ctx, "No")), []db.PostsByTitlePrefixRow{{ID: post.ID, Title: "Notes", Role: db.UserRoleAdmin}})
	check("roles of", must(q.RolesOf(ctx, []db.UserRole{db.UserRoleAdmin, db.UserRoleMember})), db.RolesOfRow{Roles: []db.UserRole{db.UserRoleAdmin, db.UserRoleMember}, N: 2})
	check("roles of none", must(q.RolesOf(ctx, nil)), db.RolesOfRow{N: 0})

	// inside a transaction: rolled back with it
	tx := must(conn.BeginTx(ctx, nil))
	must(q.WithTx(tx).InsertUserReturningID(ctx, db.InsertUserReturningIDParams{Email: "tx@x", Name: "Tx"}))
	must(0, tx.Rollback())
	_, err = q.GetUserByEmail(ctx, "tx@x")
	check("rolled back", errors.Is(err, sql.ErrNoRows), true)
	carol := must(q.InsertUserReturningID(ctx, db.InsertUserReturningIDParams{Email: "carol@x", Name: "Carol"}))
	check("delete", must(must(q.DeleteUser(ctx, carol)).RowsAffected()), int64(1))
	fmt.Println("ok")
}
