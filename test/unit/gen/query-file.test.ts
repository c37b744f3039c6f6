import { describe, expect, it } from 'vitest';
import { parseQueryFile } from '../../../src/core/gen/query-file.js';
import { parameterize } from '../../../src/core/gen/params.js';
import { FlashError } from '../../../src/errors.js';

const file = `-- users queries (file comment)

-- name: GetUser :one
-- Fetch one user.
SELECT * FROM users
WHERE id = $1;

-- name: ListUsers :many
SELECT id, email FROM users ORDER BY id;

-- name: CreateUser :execresult
INSERT INTO users (name, email) VALUES ($1, $2);

-- name: DeleteUser :exec
DELETE FROM users WHERE id = $1;
-- name: CountRows :execrows
UPDATE users SET name = 'a;b' WHERE id > 0;
-- name: Insert2 :execlastid
INSERT INTO users (name) VALUES ('x')
`;

describe('parseQueryFile', () => {
  it('reads sqlc / Flash ORM annotations with their lines, doc comments and bodies', () => {
    const qs = parseQueryFile(file, 'db/queries/users.sql');
    expect(qs.map((q) => [q.name, q.command, q.line, q.sqlLine])).toEqual([
      ['GetUser', 'one', 3, 5],
      ['ListUsers', 'many', 8, 9],
      ['CreateUser', 'execresult', 11, 12],
      ['DeleteUser', 'exec', 14, 15],
      ['CountRows', 'execrows', 16, 17],
      ['Insert2', 'execlastid', 18, 19],
    ]);
    expect(qs[0].doc).toEqual(['Fetch one user.']);
    expect(qs[0].sql).toBe('SELECT * FROM users\nWHERE id = $1');
    expect(qs[4].sql).toBe("UPDATE users SET name = 'a;b' WHERE id > 0");
  });

  const refused = (text: string): FlashError => {
    try {
      parseQueryFile(text, 'q.sql');
    } catch (err) {
      return err as FlashError;
    }
    throw new Error('accepted');
  };

  it('refuses unknown commands, bad names, stray SQL, empty and multi-statement queries with file:line', () => {
    expect(refused('-- name: A :first\nSELECT 1').message).toMatch(/^q\.sql:1: .*unknown or missing command ":first"/);
    expect(refused('-- name: A\nSELECT 1').code).toBe('E_QUERY');
    expect(refused('\n-- name: 1A :one\nSELECT 1').message).toMatch(/^q\.sql:2: invalid query name/);
    expect(refused('SELECT 1;\n-- name: A :one\nSELECT 1').message).toMatch(/^q\.sql:1: SQL before/);
    expect(refused('-- name: A :one\n\n-- name: B :one\nSELECT 1').message).toMatch(/^q\.sql:1: query A has no SQL/);
    expect(refused('-- name: A :one\nSELECT 1; SELECT 2').message).toMatch(/more than one statement/);
    expect(refused('-- name: A :one\nSELECT 1\n-- name: A :many\nSELECT 2').message).toMatch(/^q\.sql:3: query A is defined twice/);
  });
});

describe('parameterize', () => {
  it('keeps $n on PostgreSQL and names positional parameters after their column', () => {
    const p = parameterize('SELECT * FROM users u WHERE u.email = $1 AND created_at >= $2 AND created_at < $3 LIMIT $4', 'dollar');
    expect(p.sql).toBe('SELECT * FROM users u WHERE u.email = $1 AND created_at >= $2 AND created_at < $3 LIMIT $4');
    expect(p.params.map((x) => x.name)).toEqual(['email', 'created_at', 'created_at_2', 'limit']);
    expect(p.params[0].context).toEqual({ qualifier: 'u', column: 'email', kind: 'compare' });
  });

  it('numbers named parameters (@x, sqlc.arg, sqlc.narg) after the positional ones, one number per name', () => {
    const p = parameterize(
      "SELECT * FROM t WHERE a = @a OR b = sqlc.arg(b) OR a2 = @a OR c = sqlc.narg('c') OR d = $1 OR j ? 'k'",
      'dollar',
    );
    expect(p.sql).toBe("SELECT * FROM t WHERE a = $2 OR b = $3 OR a2 = $2 OR c = $4 OR d = $1 OR j ? 'k'");
    expect(p.params.map((x) => [x.name, x.nullable])).toEqual([
      ['d', false],
      ['a', false],
      ['b', false],
      ['c', true],
    ]);
  });

  it('writes one ? per occurrence on MySQL/SQLite and records which parameter each binds', () => {
    const p = parameterize('UPDATE users SET name = @name WHERE id = @id OR name = @name', 'question');
    expect(p.sql).toBe('UPDATE users SET name = ? WHERE id = ? OR name = ?');
    expect(p.order).toEqual([0, 1, 0]);
    const q = parameterize('SELECT * FROM t WHERE a = ? AND b LIKE ?', 'question');
    expect(q.params.map((x) => x.name)).toEqual(['a', 'b']);
  });

  it('turns sqlc.slice into = ANY($n) on PostgreSQL and into run-time parts elsewhere', () => {
    const pg = parameterize('SELECT * FROM t WHERE id IN (sqlc.slice(ids)) AND x NOT IN (sqlc.slice(xs)) AND y = @y', 'dollar');
    expect(pg.sql).toBe('SELECT * FROM t WHERE id = ANY($1) AND x <> ALL($2) AND y = $3');
    expect(pg.params.map((x) => [x.name, x.slice, x.context?.column])).toEqual([
      ['ids', true, 'id'],
      ['xs', true, 'x'],
      ['y', false, 'y'],
    ]);
    const my = parameterize('SELECT * FROM t WHERE a = ? AND id IN (sqlc.slice(ids)) AND b = ?', 'question');
    expect(my.sql).toBe('SELECT * FROM t WHERE a = ? AND id IN (?) AND b = ?');
    expect(my.parts).toEqual(['SELECT * FROM t WHERE a = ? AND id IN (', ') AND b = ?']);
    expect(my.order).toEqual([0, 2, 1]);
    expect(my.params.map((x) => x.name)).toEqual(['a', 'b', 'ids']);
  });

  it('names INSERT … VALUES parameters after their columns', () => {
    const p = parameterize("INSERT INTO users (name, email, role) VALUES ($1, lower($2), 'admin') RETURNING id", 'dollar');
    expect(p.params.map((x) => x.name)).toEqual(['name', 'p2']);
    expect(p.params[0].context).toEqual({ qualifier: 'users', column: 'name', kind: 'insert' });
  });

  it('ignores placeholders inside strings, comments and dollar quotes, and @> operators', () => {
    const p = parameterize("SELECT '$1 ?', $$ @x $$ /* @y */ FROM t WHERE tags @> @tags -- $9\n", 'dollar');
    expect(p.params.map((x) => x.name)).toEqual(['tags']);
    expect(p.sql).toContain('tags @> $1');
  });

  it('refuses a gap in positional numbers and a slice outside IN', () => {
    expect(() => parameterize('SELECT $2', 'dollar')).toThrow(/\$1 is never used/);
    expect(() => parameterize('SELECT sqlc.slice(a)', 'dollar')).toThrow(/must be the whole list/);
  });
});
