import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { splitSqliteStatements } from '../../src/dialects/sqlite/split-statements.js';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';
import { legacyFixtureProject } from '../helpers/legacy-fixture.js';
import { expectOk, newEngineProject, upStatements } from '../helpers/engine-project.js';
import { sqliteEngine } from './lifecycle-engines.js';

// Issue 11, fidelity: a rowid alias written `id INTEGER PRIMARY KEY NOT NULL` keeps its NOT NULL
// (`pragma table_xinfo` says notnull=1, apart from `id INTEGER PRIMARY KEY`), so the database Flash
// builds from db/schema has the catalog the files describe. Snapshots an earlier Flash recorded did
// not tell the two apart; a database that really says NOT NULL still matches them.

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

const fixture = path.join(REPO_ROOT, 'test/fixtures/legacy-sqlite-rowid-notnull');
const fixtureSchema = readFileSync(path.join(fixture, 'db/schema/posts.sql'), 'utf8');

/** `pragma table_xinfo` of every table but SQLite's and Flash's own. */
function catalog(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_flash\\_%' ESCAPE '\\' ORDER BY name",
      )
      .all() as Array<{ name: string }>;
    return Object.fromEntries(
      tables.map((t) => [
        t.name,
        db.prepare(`SELECT cid, name, lower(type) AS type, "notnull", pk, hidden FROM pragma_table_xinfo(?)`).all(t.name),
      ]),
    );
  } finally {
    db.close();
  }
}

const notNull = (file: string, table: string, column: string): number =>
  (catalog(file)[table] as Array<{ name: string; notnull: number }>).find((c) => c.name === column)!.notnull;

/** A database file built by running `sql` directly, the way a user (or another tool) would. */
function builtDirectly(sql: string): string {
  const file = path.join(tempDir('flash-rowid-direct-'), 'direct.db');
  const db = new Database(file);
  db.exec(sql);
  db.close();
  return file;
}

/** The project in test/fixtures/legacy-sqlite-rowid-notnull, written by Flash 113c538 (which recorded the rowid alias's NOT NULL as implicit). */
const legacyProject = (url: string) => legacyFixtureProject('legacy-sqlite-rowid-notnull', url);

const migrationOf = (dir: string, stdout: string): string =>
  readFileSync(path.join(dir, 'db/migrations', stdout.match(/Wrote db\/migrations\/(\S+\.sql)/)![1]), 'utf8');

describe('SQLite: an explicit NOT NULL on a rowid alias', () => {
  it('the database Flash builds from db/schema has the catalog the files build directly', async () => {
    const p = await newEngineProject(sqliteEngine, cleanups);
    p.write('db/schema/posts.sql', fixtureSchema);
    expectOk(await p.flash('migrate', 'posts'));
    const up = upStatements(p, splitSqliteStatements).join('\n');
    expect(up).toContain('"id" integer PRIMARY KEY NOT NULL');
    expect(up).toMatch(/CREATE TABLE "tags" \(\s*"id" integer PRIMARY KEY,/);
    expectOk(await p.flash('apply'));
    const st = await p.flash('status');
    expectOk(st);
    expect(st.stdout).toContain('schema: in sync with the applied migrations (');
    expect(notNull(p.url, 'posts', 'id')).toBe(1);
    expect(notNull(p.url, 'tags', 'id')).toBe(0);
    expect(catalog(p.url)).toEqual(catalog(builtDirectly(fixtureSchema)));
  });

  it('a project an earlier Flash migrated (NOT NULL recorded implicit) gets one migration that writes it', async () => {
    const url = path.join(tempDir('flash-rowid-db-'), 'dev.db');
    const { dir, flash } = legacyProject(url);
    expectOk(await flash('apply'));
    expect(notNull(url, 'posts', 'id')).toBe(0);
    const before = await flash('status');
    expectOk(before);
    expect(before.stdout).toContain('schema: in sync with the applied migrations (');
    const check = await flash('check');
    expectOk(check);
    expect(check.stdout + check.stderr).toContain('W_RECORDED_SPELLING');
    expect(check.stdout + check.stderr).not.toContain('E_MISSING_MIGRATION');
    // db/schema writes NOT NULL: a change from what was recorded, migrated like any other (a table rebuild)
    const m = await flash('migrate', 'rowid-not-null');
    expectOk(m);
    const file = migrationOf(dir, m.stdout);
    expect(file).toContain('"id" integer PRIMARY KEY NOT NULL');
    expect(file).not.toMatch(/"tags"/);
    expect(file).not.toMatch(/L004/);
    expectOk(await flash('apply'));
    expect(notNull(url, 'posts', 'id')).toBe(1);
    const after = await flash('status');
    expectOk(after);
    expect(after.stdout).toContain('schema: in sync with the applied migrations (');
    expect(catalog(url)).toEqual(catalog(builtDirectly(fixtureSchema)));
    const checked = await flash('check');
    expectOk(checked);
    expect(checked.stdout + checked.stderr).not.toMatch(/W_RECORDED_SPELLING|E_MISSING_MIGRATION/);
  });

  it('a database that says NOT NULL matches a snapshot an earlier Flash recorded without it', async () => {
    const url = builtDirectly(fixtureSchema);
    expect(notNull(url, 'posts', 'id')).toBe(1);
    const {
      dir,
      flash,
      lockedMigrations: [migration],
    } = legacyProject(url);
    // recorded as applied: the database already is what the migration makes, spelling aside
    expectOk(await flash('apply', '--mark-applied', migration));
    const st = await flash('status');
    expectOk(st);
    expect(st.stdout).toContain('schema: in sync with the applied migrations (');
    expect(st.stdout + st.stderr).not.toMatch(/drift|differs/i);
    const check = await flash('check');
    expectOk(check);
    expect(check.stdout + check.stderr).toContain('W_RECORDED_SPELLING');
    expect(check.stdout + check.stderr).not.toContain('E_MISSING_MIGRATION');
    // the migration that brings the flag applies and is verified on it, and its Down brings it back
    const m = await flash('migrate', 'rowid-not-null');
    expectOk(m);
    expect(migrationOf(dir, m.stdout)).toContain('"id" integer PRIMARY KEY NOT NULL');
    expectOk(await flash('apply'));
    expect(notNull(url, 'posts', 'id')).toBe(1);
    expect((await flash('status')).stdout).toContain('schema: in sync with the applied migrations (');
    expectOk(await flash('down', '--yes'));
    const down = await flash('status');
    expectOk(down);
    expect(down.stdout).toContain('schema: in sync with the applied migrations (');
    expect(notNull(url, 'posts', 'id')).toBe(0);
  });
});
