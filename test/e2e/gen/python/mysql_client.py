"""Runs every query of the MariaDB fixture through the generated Python client (PyMySQL).

Usage: python3 mysql_client.py <host> <port> <user> <database>, with the project directory on
PYTHONPATH. The schema is already applied; each check is an assert.
"""
import datetime
import decimal
import sys

import pymysql  # type: ignore[import]  # PyMySQL ships no type hints

import flash_py as q

host, port, user, database = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
conn = pymysql.connect(host=host, port=port, user=user, database=database, autocommit=True)
try:
    assert q.create_user(conn, email="ada@x", name="Ada", bio=None, role="admin", settings={"theme": ["dark", 1]}) == 1
    assert q.create_user(conn, email="bob@x", name="Bob", bio="b", role="member", settings=[]) == 2
    assert q.get_user(conn, id=9) is None
    ada = q.get_user(conn, id=1)
    assert ada is not None
    assert (ada.id, ada.email, ada.bio, ada.role, ada.karma, ada.balance, ada.active) == (1, "ada@x", None, "admin", 0, None, True), ada
    assert ada.settings == {"theme": ["dark", 1]} and isinstance(ada.created_at, datetime.datetime)
    assert q.list_users_by_ids(conn, ids=[2, 1]) == [q.ListUsersByIdsRow(1, "Ada"), q.ListUsersByIdsRow(2, "Bob")]
    assert q.list_users_by_ids(conn, ids=[]) == []
    assert q.list_by_role(conn, role="member", limit=5) == [q.ListByRoleRow(2, "bob@x")]
    # BIGINT beyond 2^53 and DECIMAL come back exact
    assert q.add_karma(conn, amount=9007199254740993, id=1) == 1
    ada = q.get_user(conn, id=1)
    assert ada is not None and ada.karma == 9007199254740993
    q.set_balance(conn, balance=decimal.Decimal("12.50"), email="bob@x")
    bob = q.get_user(conn, id=2)
    assert bob is not None and bob.balance == decimal.Decimal("12.50") and str(bob.balance) == "12.50"
    q.set_balance(conn, balance=None, email="bob@x")
    q.create_post(conn, author_id=1, title="Notes 100%", body=None)
    q.create_post(conn, author_id=2, title="Other", body="x")
    assert q.users_with_posts(conn) == [q.UsersWithPostsRow(1, "Ada", "Notes 100%"), q.UsersWithPostsRow(2, "Bob", "Other")]
    counts = q.post_counts(conn)
    assert counts == [q.PostCountsRow(1, 1, decimal.Decimal(9007199254740993)), q.PostCountsRow(2, 1, decimal.Decimal(0))], counts
    assert q.users_by_roles(conn, roles=["admin", "guest"]) == [q.UsersByRolesRow(1, "admin")]
    assert q.users_by_roles(conn, roles=[]) == []
    assert q.set_active(conn, active=False, id=2) == 1
    assert q.inactive_users(conn) == [q.InactiveUsersRow(2, "bob@x", False, None)]
    roles = q.role_counts(conn)
    assert [(r.role, r.n) for r in roles] == [("admin", 1), ("member", 1)], roles
    assert all(isinstance(r.latest, datetime.datetime) for r in roles)
    # a literal % next to a parameter: PyMySQL formats the query, so the generator doubled it
    assert q.posts_by_title_prefix(conn, prefix="Notes 1") == [q.PostsByTitlePrefixRow(1, "Notes 100%", "ada@x", {"theme": ["dark", 1]})]
    assert q.posts_by_title_prefix(conn, prefix="Zz") == []

    # inside a transaction: rolled back with it
    conn.begin()
    q.create_user(conn, email="tx@x", name="Tx", bio=None, role="guest", settings={})
    conn.rollback()
    assert q.list_by_role(conn, role="guest", limit=5) == []
    result = q.delete_user(conn, id=3)
    assert result.rowcount == 0
    q.create_user(conn, email="carol@x", name="Carol", bio=None, role="guest", settings=None)
    carol = q.list_by_role(conn, role="guest", limit=5)[0]
    assert q.delete_user(conn, id=carol.id).rowcount == 1
finally:
    conn.close()

print("ok")
