"""Runs every query of the PostgreSQL fixture through the generated Python client (psycopg 3).

Usage: python3 postgres_client.py <database url>, with the project directory on PYTHONPATH.
The schema is already applied; each check is an assert, so any mismatch exits non-zero.
"""
import datetime
import decimal
import sys

import psycopg

import flash_py as q

with psycopg.connect(sys.argv[1], autocommit=True) as conn:
    ada = q.create_user(conn, email="ada@x", name="Ada", bio=None, role="admin", settings={"theme": ["dark", 1]}, tags=["math", "poet"])
    assert ada is not None
    assert (ada.email, ada.name, ada.bio, ada.role, ada.karma, ada.balance) == ("ada@x", "Ada", None, "admin", 0, None), ada
    assert ada.settings == {"theme": ["dark", 1]} and ada.tags == ["math", "poet"], ada
    assert isinstance(ada.created_at, datetime.datetime) and ada.created_at.tzinfo is not None

    bob_id = q.insert_user_returning_id(conn, email="bob@x", name="Bob")
    assert bob_id == ada.id + 1
    assert q.get_user_by_email(conn, email="nobody") is None
    found = q.get_user_by_email(conn, email="ada@x")
    assert found is not None and found.tags == ["math", "poet"] and found.role == "admin"
    assert q.list_users_by_ids(conn, ids=[bob_id, ada.id]) == [q.ListUsersByIdsRow(ada.id, "Ada"), q.ListUsersByIdsRow(bob_id, "Bob")]
    assert q.list_users_by_ids(conn, ids=[]) == []
    assert q.list_users_by_role(conn, role="member", max_rows=10) == [q.ListUsersByRoleRow(bob_id, "bob@x")]
    assert q.update_bio(conn, bio="hi", id=bob_id) == 1
    # bigint beyond 2^53 and numeric stay exact
    q.add_karma(conn, amount=9007199254740993, id=ada.id)
    found = q.get_user_by_email(conn, email="ada@x")
    assert found is not None and found.karma == 9007199254740993, found
    assert q.users_with_tag(conn, tag="poet") == [q.UsersWithTagRow(ada.id, ["math", "poet"])]

    post = q.create_post(conn, author_id=ada.id, title="Notes", body=None)
    assert post is not None and (post.title, post.body, post.published) == ("Notes", None, False)
    post2 = q.create_post(conn, author_id=ada.id, title="More", body="b")
    assert post2 is not None
    comment = q.add_comment(conn, post_id=post.id, user_id=bob_id, body="nice")
    assert comment is not None and isinstance(comment.id, int)
    assert q.posts_with_authors(conn) == [
        q.PostsWithAuthorsRow(post.id, "Notes", "Ada", None),
        q.PostsWithAuthorsRow(post2.id, "More", "Ada", None),
    ]
    assert q.users_with_latest_post(conn) == [
        q.UsersWithLatestPostRow(ada.id, "Ada", "Notes", False),
        q.UsersWithLatestPostRow(ada.id, "Ada", "More", False),
        q.UsersWithLatestPostRow(bob_id, "Bob", None, None),
    ]
    counts = q.comment_counts(conn)
    assert counts == [q.CommentCountsRow(post.id, 1, "nice", decimal.Decimal(0)), q.CommentCountsRow(post2.id, 0, None, None)], counts
    assert isinstance(counts[0].karma_sum, decimal.Decimal)
    assert q.publish_posts(conn, author_id=ada.id, except_ids=[post2.id]) == 1
    assert q.active_authors(conn) == [q.ActiveAuthorsRow(ada.id, "ada@x", 1)]
    # a literal % next to a parameter: psycopg formats the query, so the generator doubled it
    assert q.posts_by_title_prefix(conn, prefix="No") == [q.PostsByTitlePrefixRow(post.id, "Notes", "admin")]
    # an enum array in (a slice) and out (array_agg)
    assert q.roles_of(conn, roles=["admin", "member"]) == q.RolesOfRow(["admin", "member"], 2)
    assert q.roles_of(conn, roles=[]) == q.RolesOfRow(None, 0)

    # inside a transaction: rolled back with it
    try:
        with conn.transaction():
            assert q.insert_user_returning_id(conn, email="tx@x", name="Tx") > bob_id
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert q.get_user_by_email(conn, email="tx@x") is None

    carol = q.insert_user_returning_id(conn, email="carol@x", name="Carol")
    assert q.delete_user(conn, id=carol) == q.ExecResult(1, "DELETE 1")
    assert q.delete_user(conn, id=carol) == q.ExecResult(0, "DELETE 0")

print("ok")
