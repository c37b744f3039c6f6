import { describe, expect, it } from 'vitest';
import { sqliteDialect } from '../../src/dialects/sqlite/dialect.js';
import { irOf } from './sqlite-test-db.js';

const split = sqliteDialect.splitStatements;

describe('sqlite splitStatements', () => {
  it('keeps trigger bodies (with CASE … END inside) as one statement, with start lines', () => {
    const sql = `-- users
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT DEFAULT 'a;b', "semi;colon" TEXT);

/* audit; with a semicolon */
CREATE TABLE audit (msg TEXT);
CREATE TRIGGER users_ai AFTER INSERT ON users
BEGIN
  INSERT INTO audit VALUES (CASE WHEN new.name = 'x' THEN 'x;' ELSE 'other' END);
  INSERT INTO audit VALUES ('second; statement');
END;
CREATE TEMP TRIGGER t2 BEFORE DELETE ON users BEGIN SELECT RAISE(ABORT, 'no; deletes'); END ;
INSERT INTO users (name) VALUES ('it''s; fine') -- trailing comment; here
`;
    const parts = split(sql);
    expect(parts.map((p) => p.line)).toEqual([2, 5, 6, 11, 12]);
    expect(parts[0].sql).toBe(`CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT DEFAULT 'a;b', "semi;colon" TEXT)`);
    expect(parts[2].sql).toMatch(/^CREATE TRIGGER users_ai[\s\S]*'second; statement'\);\nEND$/);
    expect(parts[3].sql).toBe(`CREATE TEMP TRIGGER t2 BEFORE DELETE ON users BEGIN SELECT RAISE(ABORT, 'no; deletes'); END`);
    expect(parts[4].sql).toBe(`INSERT INTO users (name) VALUES ('it''s; fine')`);
  });

  it('skips empty statements and comment-only tails', () => {
    expect(split(';;\n  -- nothing\n/* at all */')).toEqual([]);
    expect(split('SELECT 1;;\nSELECT 2')).toEqual([
      { sql: 'SELECT 1', line: 1 },
      { sql: 'SELECT 2', line: 2 },
    ]);
  });

  it('produces statements the engine accepts one by one', async () => {
    const ir = await irOf(`CREATE TABLE t (a TEXT);
CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN UPDATE t SET a = CASE a WHEN 'x' THEN 'y' END WHERE rowid = new.rowid; END;`);
    expect(ir.tables[0].triggers).toHaveLength(1);
  });
});
