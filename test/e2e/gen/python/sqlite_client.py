"""Runs every query of the SQLite fixture through the generated Python client (sqlite3).

Usage: python3 sqlite_client.py <schema.sql>, with the project directory on PYTHONPATH.
"""
import sqlite3
import sys

import flash_py as q

conn = sqlite3.connect(":memory:", isolation_level=None)
with open(sys.argv[1], encoding="utf-8") as f:
    conn.executescript(f.read())

ada = q.create_user(conn, email="ada@x", name="Ada", bio=None, active=True, settings={"theme": ["dark"]})
assert ada == q.CreateUserRow(1, "ada@x", "Ada", None, True, {"theme": ["dark"]}), ada
assert q.insert_user(conn, email="bob@x", name="Bob") == 2
assert q.get_user(conn, id=3) is None
bob = q.get_user(conn, id=2)
assert bob is not None and (bob.id, bob.active, bob.settings, bob.score, bob.karma) == (2, True, {}, None, 0), bob
assert isinstance(bob.created_at, str)
assert q.list_users_by_ids(conn, ids=[2, 1], active=True) == [q.ListUsersByIdsRow(1, "Ada"), q.ListUsersByIdsRow(2, "Bob")]
assert q.list_users_by_ids(conn, ids=[], active=True) == []
assert q.update_bio(conn, bio="hi", email="bob@x") == 1
q.touch(conn, score=1.5, id=1)
ada_row = q.get_user(conn, id=1)
assert ada_row is not None and ada_row.score == 1.5
# Python ints are unbounded: an INTEGER beyond 2^53 is exact
q.set_karma(conn, karma=9007199254740993, id=1)
ada_row = q.get_user(conn, id=1)
assert ada_row is not None and ada_row.karma == 9007199254740993
q.create_post(conn, author_id=1, title="Notes", body=None)
assert q.users_with_posts(conn) == [q.UsersWithPostsRow(1, "Ada", "Notes"), q.UsersWithPostsRow(2, "Bob", None)]
assert q.post_counts(conn) == [q.PostCountsRow(1, 1, "Notes"), q.PostCountsRow(2, 0, None)]
assert q.users_by_emails(conn, emails=["ada@x", "bob@x", "eve@y"], domain="@x") == [
    q.UsersByEmailsRow(1, "ada@x", True),
    q.UsersByEmailsRow(2, "bob@x", True),
]
assert q.set_active(conn, active=False, id=2) == 1
assert q.users_by_emails(conn, emails=["bob@x"], domain="x") == [q.UsersByEmailsRow(2, "bob@x", False)]
assert q.active_count(conn, active=True) == q.ActiveCountRow(1, 9007199254740993)
assert q.active_count(conn, active=False) == q.ActiveCountRow(1, 0)
# inside a transaction: rolled back with it
conn.execute("BEGIN")
q.insert_user(conn, email="tx@x", name="Tx")
conn.execute("ROLLBACK")
assert q.delete_user(conn, id=3).rowcount == 0
tx = q.insert_user(conn, email="tx@x", name="Tx")
assert q.delete_user(conn, id=tx).rowcount == 1
assert q.delete_posts_returning(conn, author_id=1) == [q.DeletePostsReturningRow(1, "Notes")]
assert q.delete_posts_returning(conn, author_id=1) == []
conn.close()
print("ok")
