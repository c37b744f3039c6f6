import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';

const split = postgresDialect.splitStatements;

describe('postgres splitStatements', () => {
  it('splits on top-level semicolons and reports the 1-based line each statement starts on', () => {
    const sql = `-- header comment; not a statement
CREATE TABLE a (id int);

/* block; comment */ CREATE TABLE b (
  id int
);
  INSERT INTO a VALUES (1);SELECT 2
`;
    expect(split(sql)).toEqual([
      { sql: 'CREATE TABLE a (id int)', line: 2 },
      { sql: 'CREATE TABLE b (\n  id int\n)', line: 4 },
      { sql: 'INSERT INTO a VALUES (1)', line: 7 },
      { sql: 'SELECT 2', line: 7 },
    ]);
  });

  it('keeps semicolons inside strings, quoted identifiers, E-strings, nested comments and dollar quotes', () => {
    const sql = [
      `INSERT INTO t VALUES ('a;b', 'it''s;', E'x\\';y');`,
      `CREATE TABLE "we;ird" (id int);`,
      `/* outer /* inner; */ still comment; */ SELECT 1;`,
      `CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  PERFORM 1;\n  RETURN 2;\nEND\n$$;`,
      `CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT 'a;' || $x$;$x$ $body$;`,
      `SELECT $1::int;`,
    ].join('\n');
    const out = split(sql);
    expect(out.map((s) => s.line)).toEqual([1, 2, 3, 4, 10, 11]);
    expect(out[0].sql).toBe(`INSERT INTO t VALUES ('a;b', 'it''s;', E'x\\';y')`);
    expect(out[1].sql).toBe('CREATE TABLE "we;ird" (id int)');
    expect(out[2].sql).toBe('SELECT 1');
    expect(out[3].sql).toContain('RETURN 2;\nEND\n$$');
    expect(out[4].sql).toBe(`CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT 'a;' || $x$;$x$ $body$`);
    expect(out[5].sql).toBe('SELECT $1::int');
  });

  it('keeps a BEGIN ATOMIC function body (with CASE … END inside) whole', () => {
    const sql = `CREATE FUNCTION h(x int) RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;
  SELECT 2;
END;
SELECT 3;`;
    const out = split(sql);
    expect(out).toHaveLength(2);
    expect(out[0].sql.endsWith('SELECT 2;\nEND')).toBe(true);
    expect(out[1]).toEqual({ sql: 'SELECT 3', line: 6 });
  });

  it('drops comment-only chunks and empty statements; an unterminated string runs to the end', () => {
    expect(split('-- only a comment\n;;  ;\n/* x */')).toEqual([]);
    expect(split("SELECT 'abc;\n")).toEqual([{ sql: "SELECT 'abc;", line: 1 }]);
  });
});
