import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFlash, tempDir } from '../helpers/cli.js';

/** A fresh git repo with a SQLite Flash project and one migration (`users`). */
async function sqliteProject(): Promise<string> {
  const cwd = tempDir();
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd });
  expect((await runFlash(['init', '--sqlite'], { cwd })).code).toBe(0);
  writeFileSync(path.join(cwd, 'db/schema/users.sql'), 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);\n');
  const m = await runFlash(['migrate', 'users'], { cwd });
  expect(m.code, m.stderr).toBe(0);
  return cwd;
}

function lockLines(cwd: string): string[][] {
  return readFileSync(path.join(cwd, 'db/migrations/flash.lock'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(' '));
}

function migrations(cwd: string): string[] {
  return readdirSync(path.join(cwd, 'db/migrations')).filter((f) => f.endsWith('.sql'));
}

describe('flash fsck checks reachability', () => {
  it('reports a snapshot that flash.lock points to but the store lacks (exit 4)', async () => {
    const cwd = await sqliteProject();
    expect((await runFlash(['fsck'], { cwd })).code).toBe(0);
    const to = lockLines(cwd)[0][3];
    rmSync(path.join(cwd, '.flash/objects', to.slice(0, 2), to.slice(2)));
    const r = await runFlash(['fsck'], { cwd });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('db/migrations/flash.lock:2');
    expect(r.stderr).toContain(to.slice(0, 12));
    expect(r.stdout).toContain('1 problem(s)');
    const json = JSON.parse((await runFlash(['fsck', '--json'], { cwd })).stdout);
    expect(json.ok).toBe(false);
    expect(json.problems.map((p: { kind: string }) => p.kind)).toEqual(['missing-object']);
  });

  it('reports a malformed flash.lock instead of skipping it', async () => {
    const cwd = await sqliteProject();
    writeFileSync(path.join(cwd, 'db/migrations/flash.lock'), '<<<<<<< ours\n');
    const r = await runFlash(['fsck'], { cwd });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('flash.lock');
  });
});

describe('only "does not exist" means absent', () => {
  it('a db/schema that is a file, not a folder, is E_UNREADABLE, not an empty schema that drops every table', async () => {
    const cwd = await sqliteProject();
    rmSync(path.join(cwd, 'db/schema'), { recursive: true });
    writeFileSync(path.join(cwd, 'db/schema'), 'CREATE TABLE users (id integer PRIMARY KEY);\n');
    const before = migrations(cwd);
    const r = await runFlash(['migrate', 'oops'], { cwd });
    expect(r.stderr).toContain('error[E_UNREADABLE]');
    expect(r.stderr).toContain('db/schema');
    expect(r.code).toBe(1);
    expect(migrations(cwd)).toEqual(before);
  });

  it('a flash.lock that cannot be read (a directory) is E_UNREADABLE naming it, not an internal error', async () => {
    const cwd = await sqliteProject();
    const lock = path.join(cwd, 'db/migrations/flash.lock');
    rmSync(lock);
    mkdirSync(lock);
    for (const args of [['status'], ['migrate', 'again'], ['fsck']]) {
      const r = await runFlash(args, { cwd });
      expect(r.stderr, args.join(' ')).toContain('error[E_UNREADABLE]: Cannot read db/migrations/flash.lock: it is a directory');
      expect(r.code, args.join(' ')).toBe(1);
    }
  });

  it('an object path that is a directory is E_UNREADABLE, not "missing"', async () => {
    const cwd = await sqliteProject();
    const objects = readdirSync(path.join(cwd, '.flash/objects')).filter((d) => /^[0-9a-f]{2}$/.test(d));
    expect(objects.length).toBeGreaterThan(0);
    // an object path that is a directory: the store must not say "missing" (or "ok")
    const to = lockLines(cwd)[0][3];
    const file = path.join(cwd, '.flash/objects', to.slice(0, 2), to.slice(2));
    rmSync(file);
    mkdirSync(file);
    const r = await runFlash(['diff', 'empty', to], { cwd });
    expect(r.stderr).toContain('E_UNREADABLE');
    expect(existsSync(file)).toBe(true);
  });
});

describe('schema files must be UTF-8', () => {
  it('refuses a Latin-1 byte with E_ENCODING naming the file and byte offset, writing no migration', async () => {
    const cwd = await sqliteProject();
    const before = migrations(cwd);
    const text = Buffer.concat([
      Buffer.from(
        "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);\nCREATE TABLE notes (id integer PRIMARY KEY, body text DEFAULT 'caf",
      ),
      Buffer.from([0xe9]),
      Buffer.from("');\n"),
    ]);
    writeFileSync(path.join(cwd, 'db/schema/users.sql'), text);
    const r = await runFlash(['migrate', 'notes'], { cwd });
    expect(r.stderr).toContain('error[E_ENCODING]: db/schema/users.sql is not valid UTF-8: byte 0xe9 at offset 132 (line 2)');
    expect(r.code).toBe(1);
    expect(migrations(cwd)).toEqual(before);
  });
});

describe('a section marker inside a string is data', () => {
  it('a multi-line default holding "-- +migrate Down" migrates, applies and reverts (SQLite)', async () => {
    const cwd = await sqliteProject();
    expect((await runFlash(['apply'], { cwd })).code).toBe(0);
    writeFileSync(
      path.join(cwd, 'db/schema/notes.sql'),
      "CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL DEFAULT 'step 1\n-- +migrate Down\nstep 2');\n",
    );
    const m = await runFlash(['migrate', 'notes'], { cwd });
    expect(m.code, m.stderr).toBe(0);
    const a = await runFlash(['apply'], { cwd });
    expect(a.code, a.stderr).toBe(0);
    const s = await runFlash(['status', '--json'], { cwd });
    expect(JSON.parse(s.stdout).migrations.map((x: { state: string }) => x.state)).toEqual(['applied', 'applied']);
    const d = await runFlash(['down'], { cwd });
    expect(d.code, d.stderr).toBe(0);
    expect((await runFlash(['check', '--base', 'HEAD'], { cwd, env: {} })).stderr).not.toContain('unterminated');
  });
});
