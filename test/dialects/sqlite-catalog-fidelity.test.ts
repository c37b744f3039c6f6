import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../src/dialects/dialect.js';
import { sqliteDialect } from '../../src/dialects/sqlite/dialect.js';
import { runScript } from './sqlite-test-db.js';

// Fidelity (issue 11): the database Flash builds from what it read has the same catalog as the one
// built by running the user's SQL directly — column by column, as `pragma table_xinfo` reports it
// (a rowid-alias `INTEGER PRIMARY KEY` must not come back with an explicit NOT NULL, and one written
// `INTEGER PRIMARY KEY NOT NULL` must keep it: `pragma table_xinfo` tells them apart).

const root = path.resolve(import.meta.dirname, '../fixtures/roundtrip/sqlite');
const scripts = readdirSync(root)
  .filter((d) => existsSync(path.join(root, d, 'a.sql')))
  .sort()
  .flatMap((d) => ['a.sql', 'b.sql'].map((f) => ({ name: `${d}/${f}`, sql: readFileSync(path.join(root, d, f), 'utf8') })));

async function catalog(conn: Connection): Promise<Record<string, unknown[]>> {
  const tables = await conn.query<{ name: string }>(
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
  );
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    const cols = await conn.query(`SELECT cid, name, type, "notnull", pk, hidden FROM pragma_table_xinfo('${t.name.replace(/'/g, "''")}')`);
    out[t.name] = cols.map((c) => ({ ...c, type: String(c.type).toLowerCase() }));
  }
  return out;
}

async function catalogOf(sql: string): Promise<Record<string, unknown[]>> {
  const conn = await sqliteDialect.connect(':memory:');
  try {
    await runScript(conn, sql);
    return await catalog(conn);
  } finally {
    await conn.close();
  }
}

describe('SQLite: the rendered schema builds the declared catalog', () => {
  it('a rowid alias keeps NOT NULL implicit, an explicit one elsewhere stays', async () => {
    const sql =
      'CREATE TABLE a (id INTEGER PRIMARY KEY, name text NOT NULL);\n' +
      'CREATE TABLE b (id INTEGER PRIMARY KEY AUTOINCREMENT, x int);\n' +
      'CREATE TABLE c (k text PRIMARY KEY, v int) WITHOUT ROWID;\n' +
      'CREATE TABLE d (p int, q int, PRIMARY KEY (p, q));\n';
    const conn = await sqliteDialect.connect(':memory:');
    try {
      await runScript(conn, sql);
      const rendered = sqliteDialect.renderSchema(await sqliteDialect.introspect(conn));
      expect(rendered).not.toMatch(/"id" integer PRIMARY KEY NOT NULL/);
      expect(await catalogOf(rendered)).toEqual(await catalog(conn));
    } finally {
      await conn.close();
    }
  });

  it('an explicit NOT NULL on a rowid alias is kept, inline or with a table-level key', async () => {
    const sql =
      'CREATE TABLE a (id INTEGER PRIMARY KEY NOT NULL, name text);\n' +
      'CREATE TABLE b (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, x int);\n' +
      'CREATE TABLE c (id INTEGER NOT NULL, x int, PRIMARY KEY (id));\n' +
      'CREATE TABLE d (id INTEGER PRIMARY KEY, x int);\n';
    const conn = await sqliteDialect.connect(':memory:');
    try {
      await runScript(conn, sql);
      const rendered = sqliteDialect.renderSchema(await sqliteDialect.introspect(conn));
      expect(await catalogOf(rendered), rendered).toEqual(await catalog(conn));
    } finally {
      await conn.close();
    }
  });

  for (const script of scripts) {
    it(script.name, async () => {
      const conn = await sqliteDialect.connect(':memory:');
      try {
        await runScript(conn, script.sql);
        const rendered = sqliteDialect.renderSchema(await sqliteDialect.introspect(conn));
        expect(await catalogOf(rendered), rendered).toEqual(await catalog(conn));
      } finally {
        await conn.close();
      }
    });
  }
});
