import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffSchemas } from '../../src/core/diff/diff.js';
import type { Schema } from '../../src/core/model/schema.js';
import type { Connection } from '../../src/dialects/dialect.js';
import { sqliteDialect } from '../../src/dialects/sqlite/dialect.js';
import { canonical, irOf, runScript, tempDir } from './sqlite-test-db.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let n = 0;

async function dbWith(sql: string): Promise<Connection> {
  const conn = await sqliteDialect.connect(path.join(tmp.dir, `rebuild-${++n}.db`));
  await runScript(conn, sql);
  return conn;
}

async function migrate(conn: Connection, to: Schema): Promise<string[]> {
  const from = await sqliteDialect.introspect(conn);
  const statements = sqliteDialect.render(diffSchemas(from, to, { traits: sqliteDialect.traits }), { from, to }).map((s) => s.sql);
  await conn.transaction(async () => {
    for (const sql of statements) await conn.exec(sql);
  });
  return statements;
}

describe('sqlite table rebuild', () => {
  it('keeps rows, indexes, triggers and the AUTOINCREMENT high-water mark', async () => {
    const conn = await dbWith(`
      CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body VARCHAR(10), tag TEXT);
      CREATE TABLE log (note_id INTEGER, what TEXT);
      CREATE INDEX notes_tag ON notes (tag) WHERE tag IS NOT NULL;
      CREATE TRIGGER notes_log AFTER UPDATE ON notes BEGIN INSERT INTO log VALUES (new.id, 'update'); END;
      INSERT INTO notes (body, tag) VALUES ('a', 'x'), ('b', NULL), ('c', 'y');
      DELETE FROM notes WHERE id = 3;`);
    const target = await irOf(`
      CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL, tag TEXT, CHECK (length(body) < 100));
      CREATE TABLE log (note_id INTEGER, what TEXT);
      CREATE INDEX notes_tag ON notes (tag) WHERE tag IS NOT NULL;
      CREATE TRIGGER notes_log AFTER UPDATE ON notes BEGIN INSERT INTO log VALUES (new.id, 'update'); END;`);
    const statements = await migrate(conn, target);
    expect(statements.some((s) => s.startsWith('CREATE TABLE "__flash_new_notes"'))).toBe(true);
    expect(canonical(await sqliteDialect.introspect(conn))).toBe(canonical(target));
    expect(await conn.query('SELECT id, body, tag FROM notes ORDER BY id')).toEqual([
      { id: 1, body: 'a', tag: 'x' },
      { id: 2, body: 'b', tag: null },
    ]);
    // the trigger fires on the rebuilt table, the index is used, deleted ids are not reused
    await conn.exec(`UPDATE notes SET body = 'z' WHERE id = 1`);
    expect(await conn.query('SELECT * FROM log')).toEqual([{ note_id: 1, what: 'update' }]);
    const plan = await conn.query<{ detail: string }>(`EXPLAIN QUERY PLAN SELECT * FROM notes WHERE tag = 'x'`);
    expect(plan.map((p) => p.detail).join(' ')).toContain('notes_tag');
    await conn.query(`INSERT INTO notes (body) VALUES ('d')`);
    expect(await conn.query(`SELECT max(id) AS id FROM notes`)).toEqual([{ id: 4 }]);
    await conn.close();
  });

  it('does not cascade-delete child rows when a parent table is rebuilt', async () => {
    const conn = await dbWith(`
      CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT);
      CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE);
      INSERT INTO authors (name) VALUES ('a'), ('b');
      INSERT INTO books (author_id) VALUES (1), (2), (2);`);
    expect(await conn.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    await migrate(
      conn,
      await irOf(`
      CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
      CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE);`),
    );
    expect(await conn.query('SELECT count(*) AS n FROM books')).toEqual([{ n: 3 }]);
    expect(await conn.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    await conn.close();
  });

  it('fails and leaves the database unchanged when the rebuilt table breaks a foreign key', async () => {
    const setup = `
      CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT);
      CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER, title TEXT);
      INSERT INTO authors (name) VALUES ('a');
      INSERT INTO books (author_id, title) VALUES (1, 'ok'), (99, 'orphan');`;
    const conn = await dbWith(setup);
    const before = canonical(await sqliteDialect.introspect(conn));
    const target = await irOf(`
      CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT);
      CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors (id), title TEXT);`);
    await expect(migrate(conn, target)).rejects.toMatchObject({
      code: 'E_SQL',
      message: expect.stringMatching(/Foreign key check failed: 1 row\(s\) of "books"/),
    });
    expect(canonical(await sqliteDialect.introspect(conn))).toBe(before);
    expect(await conn.query('SELECT title FROM books ORDER BY id')).toEqual([{ title: 'ok' }, { title: 'orphan' }]);
    await conn.close();
  });

  it('fails when rebuilding a parent removes rows children still reference', async () => {
    const conn = await dbWith(`
      CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT);
      CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors (id));
      INSERT INTO authors (name) VALUES ('a'), (NULL);
      INSERT INTO books (author_id) VALUES (2);`);
    // NOT NULL on name: the INSERT … SELECT of the rebuild fails on the NULL row
    const target = await irOf(`
      CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
      CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors (id));`);
    await expect(migrate(conn, target)).rejects.toThrow(/NOT NULL constraint failed/);
    expect(await conn.query('SELECT count(*) AS n FROM authors')).toEqual([{ n: 2 }]);
    await conn.close();
  });

  it('drops a plain column with ALTER TABLE and an indexed one with a rebuild', async () => {
    const from = await irOf(`CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT UNIQUE); CREATE INDEX t_b ON t (b);`);
    const to = await irOf(`CREATE TABLE t (id INTEGER PRIMARY KEY, b TEXT); CREATE INDEX t_b ON t (b);`);
    const sql = sqliteDialect.render(diffSchemas(from, to, { traits: sqliteDialect.traits }), { from, to }).map((s) => s.sql);
    expect(sql.some((s) => s.startsWith('CREATE TABLE "__flash_new_t"'))).toBe(true); // c is UNIQUE
    const plain = await irOf(`CREATE TABLE t (id INTEGER PRIMARY KEY, b TEXT); CREATE INDEX t_b ON t (b);`);
    const onlyA = await irOf(`CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT); CREATE INDEX t_b ON t (b);`);
    expect(
      sqliteDialect.render(diffSchemas(onlyA, plain, { traits: sqliteDialect.traits }), { from: onlyA, to: plain }).map((s) => s.sql),
    ).toEqual(['ALTER TABLE "t" DROP COLUMN "a"']);
    // adding in the middle needs a rebuild (ADD COLUMN only appends); at the end it is one ALTER
    expect(sqliteDialect.render(diffSchemas(plain, onlyA, { traits: sqliteDialect.traits }), { from: plain, to: onlyA })[1].sql).toMatch(
      /^CREATE TABLE "__flash_new_t"/,
    );
    const appended = await irOf(`CREATE TABLE t (id INTEGER PRIMARY KEY, b TEXT, a TEXT DEFAULT 'x' NOT NULL); CREATE INDEX t_b ON t (b);`);
    expect(
      sqliteDialect.render(diffSchemas(plain, appended, { traits: sqliteDialect.traits }), { from: plain, to: appended }).map((s) => s.sql),
    ).toEqual([`ALTER TABLE "t" ADD COLUMN "a" text NOT NULL DEFAULT 'x'`]);
  });

  it('groups every change ALTER cannot do on one table into a single rebuild', async () => {
    const from = await irOf(`CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b TEXT, c TEXT); CREATE TABLE p (id INTEGER PRIMARY KEY);`);
    const to =
      await irOf(`CREATE TABLE t (id INTEGER PRIMARY KEY, a BIGINT NOT NULL DEFAULT 0, b TEXT UNIQUE, p_id INTEGER REFERENCES p (id), CHECK (a >= 0));
      CREATE INDEX t_b ON t (b); CREATE TABLE p (id INTEGER PRIMARY KEY);`);
    const ops = diffSchemas(from, to, { traits: sqliteDialect.traits });
    expect(ops.length).toBeGreaterThanOrEqual(5);
    const sql = sqliteDialect.render(ops, { from, to }).map((s) => s.sql);
    expect(sql.filter((s) => s.startsWith('CREATE TABLE')).length).toBe(1);
    expect(sql.filter((s) => s.startsWith('DROP TABLE')).length).toBe(1);
    expect(sql.at(-1)).toBe('PRAGMA foreign_key_check("t")');
    const conn = await dbWith(
      `CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b TEXT, c TEXT); CREATE TABLE p (id INTEGER PRIMARY KEY); INSERT INTO t (a, b) VALUES (1, 'x');`,
    );
    await migrate(conn, to);
    expect(canonical(await sqliteDialect.introspect(conn))).toBe(canonical(to));
    expect(await conn.query('SELECT id, a, b, p_id FROM t')).toEqual([{ id: 1, a: 1, b: 'x', p_id: null }]);
    await conn.close();
  });
});
