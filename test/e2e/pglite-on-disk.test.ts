import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { FLASH_BIN, runFlash, tempDir } from '../helpers/cli.js';

// `flash migrate` with the PGlite shadow on disk (FLASH_PGLITE_DISK_TABLES=0 puts every shadow there,
// as a large schema would be): same migration as in memory, and no temp dir left behind either way.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const USERS =
  'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email text NOT NULL\n);\nCREATE INDEX users_email_idx ON users (email);\n';

async function project(): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = tempDir('flash-on-disk-');
  dirs.push(dir);
  const tmp = path.join(dir, 'tmp');
  mkdirSync(tmp);
  const init = await runFlash(['init', '--postgresql'], { cwd: dir });
  expect(init.code, init.stderr).toBe(0);
  // No live database is needed: migrate applies db/schema to the shadow only.
  writeFileSync(path.join(dir, '.env'), 'DATABASE_URL=postgres://nobody@127.0.0.1:1/none\n');
  return { dir, env: { TMPDIR: tmp, FLASH_PGLITE_DISK_TABLES: '0' } };
}

const leftovers = (env: Record<string, string>) => readdirSync(env.TMPDIR).filter((n) => n.startsWith('flash-shadow-'));

describe('flash migrate with the PGlite shadow on disk', () => {
  it('writes the migration and removes the temp data directory', async () => {
    const { dir, env } = await project();
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS);
    const r = await runFlash(['migrate', 'init'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const [file] = readdirSync(path.join(dir, 'db/migrations')).filter((n) => n.endsWith('.sql'));
    const migration = readFileSync(path.join(dir, 'db/migrations', file), 'utf8');
    expect(migration).toMatch(/CREATE TABLE "?users"?/);
    expect(migration).toMatch(/CREATE INDEX "?users_email_idx"?/);
    expect(leftovers(env)).toEqual([]);
  });

  it('a failing schema statement is reported with file:line and the temp dir is removed', async () => {
    const { dir, env } = await project();
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS + 'CREATE TABLE broken (id integer REFERENCES nowhere (id));\n');
    const r = await runFlash(['migrate', 'init'], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_SQL/);
    expect(r.stderr).toMatch(/users\.sql:6/);
    expect(leftovers(env)).toEqual([]);
  });

  it('a FLASH_PGLITE_DISK_TABLES that is not a number is refused by name', async () => {
    const { dir, env } = await project();
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS);
    const r = await runFlash(['migrate', 'init'], { cwd: dir, env: { ...env, FLASH_PGLITE_DISK_TABLES: 'lots' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_USAGE/);
    expect(r.stderr).toMatch(/FLASH_PGLITE_DISK_TABLES/);
  });

  it('a Ctrl-C while the shadow runs removes its temp data directory too', async () => {
    const { dir, env } = await project();
    // Enough tables that the shadow is still busy when the signal comes.
    const tables = Array.from({ length: 400 }, (_, i) => `CREATE TABLE t${i} (\n  id integer PRIMARY KEY,\n  v text\n);\n`).join('');
    writeFileSync(path.join(dir, 'db/schema/tables.sql'), tables);
    const child = spawn(process.execPath, [FLASH_BIN, 'migrate', 'init'], {
      cwd: dir,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    const deadline = Date.now() + 60_000;
    while (leftovers(env).length === 0 && Date.now() < deadline && child.exitCode === null)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(leftovers(env), 'the shadow made its data directory').toHaveLength(1);
    child.kill('SIGINT');
    const end = await closed;
    expect(end.signal ?? end.code).not.toBe(0);
    expect(leftovers(env)).toEqual([]);
    expect(readdirSync(path.join(dir, 'db/migrations')).filter((n) => n.endsWith('.sql'))).toEqual([]);
  }, 120_000);
});
