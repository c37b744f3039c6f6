import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mysqlEngine, postgresEngine, sqliteEngine } from './lifecycle-engines.js';
import { expectOk, newEngineProject, type EngineProject } from '../helpers/engine-project.js';

const USERS = '-- people who can sign in\nCREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(200) NOT NULL);\n';
const NOTES = '-- my notes about notes: keep them short\nCREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY, body VARCHAR(200));\n';
const LOCK = 'db/migrations/flash.lock';

const schemaFiles = (p: EngineProject) =>
  readdirSync(path.join(p.dir, 'db/schema'))
    .filter((f) => f.endsWith('.sql'))
    .sort();

// Issue 12 item 7: `flash pull` deleted hand-written schema files ("removed db/schema/notes.sql"), comments lost.
describe.each([sqliteEngine, postgresEngine, mysqlEngine])('flash pull and the files the user wrote on $provider', (engine) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups) await c().catch(() => {});
  });

  it('refuses to rewrite or remove hand-written files without --yes, writing nothing; with --yes keeps each object in its file', async () => {
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/users.sql', USERS);
    p.write('db/schema/notes.sql', NOTES);
    expectOk(await p.flash('migrate', 'init'));
    expectOk(await p.flash('apply'));
    await p.sql('CREATE TABLE tags (id INTEGER NOT NULL PRIMARY KEY, label VARCHAR(50))');
    await p.sql('ALTER TABLE notes ADD COLUMN pinned INTEGER');
    const lock = p.read(LOCK);
    const migrations = p.migrations();

    const refused = await p.flash('pull');
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stderr).toContain('error[E_NEEDS_YES]');
    expect(refused.stderr).toContain('db/schema/notes.sql');
    // users did not change in the database: users.sql is left as the user wrote it
    expect(refused.stderr).not.toContain('users.sql');
    expect(p.read('db/schema/notes.sql')).toBe(NOTES);
    expect(p.read('db/schema/users.sql')).toBe(USERS);
    expect(schemaFiles(p)).toEqual(['notes.sql', 'users.sql']);
    expect(p.read(LOCK)).toBe(lock);
    expect(p.migrations()).toEqual(migrations);

    const pulled = await p.flash('pull', '--yes');
    expectOk(pulled);
    expect(pulled.stdout).not.toContain('removed');
    expect(schemaFiles(p)).toEqual(['notes.sql', 'schema.sql', 'users.sql']);
    expect(p.read('db/schema/notes.sql')).toMatch(/CREATE TABLE\s+\S*notes/i);
    expect(p.read('db/schema/notes.sql')).toMatch(/pinned/i);
    expect(p.read('db/schema/notes.sql')).not.toMatch(/TABLE\s+\S*(users|tags)/i);
    expect(p.read('db/schema/users.sql')).toBe(USERS);
    expect(p.read('db/schema/schema.sql')).toMatch(/CREATE TABLE\s+\S*tags/i);
    expect(p.read('db/schema/schema.sql')).not.toMatch(/TABLE\s+\S*(users|notes)\b/i);
    const migrate = await p.flash('migrate', 'after pull');
    expectOk(migrate);
    expect(migrate.stdout).toContain('No changes');

    // notes.sql is Flash's own output now: pulling again needs no --yes, and rewrites only what changed.
    await p.sql('ALTER TABLE notes ADD COLUMN color VARCHAR(20)');
    const again = await p.flash('pull');
    expectOk(again);
    expect(p.read('db/schema/notes.sql')).toMatch(/color/i);
    expect(p.read('db/schema/users.sql')).toBe(USERS);
  });

  it("a hand-edited pulled file is the user's again; --into <file> names a target pull may overwrite", async () => {
    const p = await newEngineProject(engine, cleanups);
    await p.sql('CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(200) NOT NULL)');
    expectOk(await p.flash('pull'));
    expect(schemaFiles(p)).toEqual(['schema.sql']);
    const edited = p.read('db/schema/schema.sql') + '-- a comment I added\n';
    p.write('db/schema/schema.sql', edited);
    // users changes in the database: the edited schema.sql must be rewritten, which needs --yes
    await p.sql('ALTER TABLE users ADD COLUMN nick VARCHAR(20)');
    const refused = await p.flash('pull');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error[E_NEEDS_YES]');
    expect(refused.stderr).toContain('overwrite db/schema/schema.sql');
    expect(p.read('db/schema/schema.sql')).toBe(edited);
    await p.sql('ALTER TABLE users DROP COLUMN nick');
    // a new table goes to a file Flash owns, never into the user's schema.sql, which stays as written
    await p.sql('CREATE TABLE tags (id INTEGER NOT NULL PRIMARY KEY)');
    expectOk(await p.flash('pull'));
    expect(p.read('db/schema/schema.sql')).toBe(edited);
    expect(schemaFiles(p)).toEqual(['pulled.sql', 'schema.sql']);
    expect(p.read('db/schema/pulled.sql')).toMatch(/CREATE TABLE\s+\S*tags/i);

    p.write('db/schema/main.sql', '-- mine\n');
    const into = await p.flash('pull', '--into', 'db/schema/main.sql');
    // schema.sql (the user's) would have to go: still refused, and nothing written
    expect(into.code).toBe(1);
    expect(into.stderr).toContain('remove db/schema/schema.sql');
    expect(into.stderr).not.toContain('pulled.sql');
    expect(p.read('db/schema/main.sql')).toBe('-- mine\n');
    expectOk(await p.flash('pull', '--into', 'db/schema/main.sql', '--yes'));
    expect(schemaFiles(p)).toEqual(['main.sql']);
    expect(p.read('db/schema/main.sql')).toMatch(/CREATE TABLE\s+\S*tags/i);
    expect(p.read('db/schema/main.sql')).toMatch(/CREATE TABLE\s+\S*users/i);
    expect(existsSync(path.join(p.dir, 'db/schema/schema.sql'))).toBe(false);
  });
});
