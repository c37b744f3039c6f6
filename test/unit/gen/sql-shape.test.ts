import { describe, expect, it } from 'vitest';
import { tableNameInSql } from '../../../src/core/model/schema.js';
import { analyzeQuery, knownNotNull, nullableTable, tableForQualifier } from '../../../src/core/gen/sql-shape.js';

describe('analyzeQuery', () => {
  it('marks the optional side of LEFT, RIGHT and FULL joins nullable, at every depth', () => {
    const left = analyzeQuery(
      'SELECT u.id, p.title FROM users u LEFT OUTER JOIN posts p ON p.author_id = u.id JOIN tags t ON t.id = p.tag_id',
    );
    expect(left.refs).toEqual([
      { table: 'users', alias: 'u', nullable: false },
      { table: 'posts', alias: 'p', nullable: true },
      { table: 'tags', alias: 't', nullable: false },
    ]);
    expect(nullableTable(left, 'POSTS')).toBe(true);
    expect(tableForQualifier(left, 'p')).toBe('posts');
    const right = analyzeQuery('SELECT * FROM a RIGHT JOIN b ON a.id = b.a_id');
    expect(right.refs.map((r) => [r.table, r.nullable])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    const full = analyzeQuery('SELECT * FROM a FULL JOIN b USING (id)');
    expect(full.refs.every((r) => r.nullable)).toBe(true);
    const cte = analyzeQuery('WITH x AS (SELECT c.id FROM posts p LEFT JOIN comments c ON c.post_id = p.id) SELECT id FROM x');
    expect(nullableTable(cte, 'comments')).toBe(true);
    expect(cte.kind).toBe('select');
  });

  it('finds the output list of SELECT and RETURNING, and gives up on *', () => {
    expect(analyzeQuery('SELECT DISTINCT a, count(*) AS n, coalesce(b, 0) FROM t GROUP BY a').items).toEqual([
      'a',
      'count(*) AS n',
      'coalesce(b, 0)',
    ]);
    expect(analyzeQuery('SELECT u.* FROM users u').items).toBeUndefined();
    const ins = analyzeQuery('INSERT INTO users (a) VALUES ($1) RETURNING id, lower(email) AS e');
    expect(ins).toMatchObject({ kind: 'insert', target: 'users', items: ['id', 'lower(email) AS e'] });
    expect(analyzeQuery('UPDATE users SET a = 1 RETURNING *')).toMatchObject({ kind: 'update', target: 'users', items: undefined });
  });

  it('names a schema-qualified table as the dialect does, aliased by its own name when unaliased', () => {
    const sql = 'SELECT i.note, u.email FROM billing.invoices i LEFT JOIN public.users u ON u.id = i.user_id JOIN "Lookup"."Moods" ON true';
    // the default (MySQL's db.table): the qualifier is dropped
    expect(analyzeQuery(sql).refs.map((r) => r.table)).toEqual(['invoices', 'users', 'Moods']);
    const pg = (schema: string | undefined, name: string) => tableNameInSql(true, schema, name);
    const shape = analyzeQuery(sql, {}, pg);
    expect(shape.refs).toEqual([
      { table: 'billing.invoices', alias: 'i', nullable: false },
      { table: 'users', alias: 'u', nullable: true },
      { table: 'Lookup.Moods', alias: 'Moods', nullable: false },
    ]);
    expect(nullableTable(shape, 'users')).toBe(true);
    expect(nullableTable(shape, 'billing.invoices')).toBe(false);
    expect(tableForQualifier(analyzeQuery('SELECT invoices.note FROM billing.invoices', {}, pg), 'invoices')).toBe('billing.invoices');
    expect(analyzeQuery('INSERT INTO billing.invoices (note) VALUES ($1)', {}, pg).target).toBe('billing.invoices');
    expect(analyzeQuery('UPDATE PUBLIC.users SET email = $1', {}, pg).target).toBe('users');
    expect(tableNameInSql(false, 'mydb', 'users')).toBe('users');
  });

  it('knows which expressions cannot be NULL', () => {
    expect(knownNotNull('count(c.id) AS comments')).toBe(true);
    expect(knownNotNull('EXISTS (SELECT 1) AS e')).toBe(true);
    expect(knownNotNull("'x' AS kind")).toBe(true);
    expect(knownNotNull('max(c.body) AS last')).toBe(false);
    expect(knownNotNull('sum(x)')).toBe(false);
  });
});
