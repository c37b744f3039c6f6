import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mysqlEngine, postgresEngine, sqliteEngine } from './lifecycle-engines.js';
import { expectOk, newEngineProject, type EngineProject } from '../helpers/engine-project.js';

const USERS = 'CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(200) NOT NULL);\n';
const NOTES = 'CREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY, body VARCHAR(200));\n';
const LOCK = 'db/migrations/flash.lock';

/** Add a statement to the Up section of the last migration, as a hand edit would. */
function editLastUp(p: EngineProject, sql: string): string {
  const file = path.join(p.dir, 'db/migrations', p.migrations().at(-1)!);
  writeFileSync(file, readFileSync(file, 'utf8').replace('-- +migrate Up\n', `-- +migrate Up\n${sql}\n`));
  return file;
}

describe.each([sqliteEngine, postgresEngine, mysqlEngine])('history is not rewritten on $provider', (engine) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups) await c().catch(() => {});
  });

  // Issue 12 item 8: an edited, committed or applied migration was re-sealed and "compensated".
  it('migrate refuses to re-seal an edited migration that is committed: E_CHECKSUM_MISMATCH, nothing written', async () => {
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/users.sql', USERS);
    expectOk(await p.flash('migrate', 'users'));
    p.commitAll('users');
    const lock = p.read(LOCK);
    editLastUp(p, 'CREATE TABLE sneaky (id INTEGER NOT NULL PRIMARY KEY);');
    const res = await p.flash('migrate', 'next');
    expect(res.code, res.stdout + res.stderr).toBe(4);
    expect(res.stderr).toContain('error[E_CHECKSUM_MISMATCH]');
    expect(res.stderr).toContain('committed in git');
    expect(p.read(LOCK)).toBe(lock);
    expect(p.migrations()).toHaveLength(1);
    const applied = await p.flash('apply');
    expect(applied.code).toBe(4);
    expect(p.read(LOCK)).toBe(lock);
  });

  it('migrate refuses to re-seal an edited migration applied in the dev database', async () => {
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/users.sql', USERS);
    expectOk(await p.flash('migrate', 'users'));
    expectOk(await p.flash('apply'));
    const lock = p.read(LOCK);
    editLastUp(p, 'CREATE TABLE sneaky (id INTEGER NOT NULL PRIMARY KEY);');
    const res = await p.flash('migrate', 'next');
    expect(res.code, res.stdout + res.stderr).toBe(4);
    expect(res.stderr).toContain('error[E_CHECKSUM_MISMATCH]');
    expect(res.stderr).toContain('applied to the dev database');
    expect(p.read(LOCK)).toBe(lock);
    expect(p.migrations()).toHaveLength(1);
  });

  it('an uncommitted, unapplied --create-only migration is still re-sealed after an edit', async () => {
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/users.sql', USERS);
    expectOk(await p.flash('migrate', 'users'));
    expectOk(await p.flash('apply'));
    p.commitAll('users');
    expectOk(await p.flash('migrate', 'by hand', '--create-only'));
    editLastUp(p, 'CREATE TABLE audit (id INTEGER NOT NULL PRIMARY KEY);');
    const res = await p.flash('apply');
    expectOk(res);
    expect(res.stdout).toMatch(/sealed \d{14}_by_hand/);
    expect(await p.count('audit')).toBe(0);
  });

  // Issue 12 item 9: a supported way to discard a generated, uncommitted migration.
  it('migrate --undo-last removes the last migration file and its lock line, and nothing else', async () => {
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/users.sql', USERS);
    expectOk(await p.flash('migrate', 'users'));
    const lock = p.read(LOCK);
    const first = p.migrations();
    p.write('db/schema/notes.sql', NOTES);
    expectOk(await p.flash('migrate', 'notes'));
    const undone = await p.flash('migrate', '--undo-last');
    expectOk(undone);
    expect(undone.stdout).toMatch(/Removed db\/migrations\/\d{14}_notes\.sql/);
    expect(p.migrations()).toEqual(first);
    expect(p.read(LOCK)).toBe(lock);
    expect(existsSync(path.join(p.dir, 'db/schema/notes.sql'))).toBe(true);
    // the schema change is still there to migrate again
    const again = await p.flash('migrate', 'notes');
    expectOk(again);
    expect(again.stdout).toMatch(/Wrote db\/migrations\/\d{14}_notes\.sql/);
  });

  it('migrate --undo-last refuses an applied or committed migration, and an edited file without --yes', async () => {
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/users.sql', USERS);
    expectOk(await p.flash('migrate', 'users'));
    expectOk(await p.flash('apply'));
    let res = await p.flash('migrate', '--undo-last');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('error[E_MIGRATION_APPLIED]');
    expect(p.migrations()).toHaveLength(1);

    p.commitAll('users');
    expectOk(await p.flash('down'));
    res = await p.flash('migrate', '--undo-last');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('error[E_MIGRATION_COMMITTED]');
    expect(p.migrations()).toHaveLength(1);

    p.write('db/schema/notes.sql', NOTES);
    expectOk(await p.flash('migrate', 'notes'));
    editLastUp(p, '-- a note I wrote');
    const lock = p.read(LOCK);
    res = await p.flash('migrate', '--undo-last');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('error[E_NEEDS_YES]');
    expect(p.migrations()).toHaveLength(2);
    expect(p.read(LOCK)).toBe(lock);
    expectOk(await p.flash('migrate', '--undo-last', '--yes'));
    expect(p.migrations()).toHaveLength(1);
  });
});
