import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FLASH_BIN, REPO_ROOT, runFlash, tempDir } from '../helpers/cli.js';

// The desired-schema cache: a no-change `flash migrate` must not start a shadow database, and
// nothing about the cache may ever change an answer (edits, corrupt entries, FLASH_NO_CACHE).

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const USERS = 'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email text NOT NULL\n);\n';

async function project(provider: 'postgresql' | 'sqlite'): Promise<string> {
  const dir = tempDir('flash-cache-');
  dirs.push(dir);
  const init = await runFlash(['init', `--${provider}`], { cwd: dir });
  expect(init.code, init.stderr).toBe(0);
  writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS);
  // No live database is needed: a PGlite shadow, and migrate never connects to the dev database.
  if (provider === 'postgresql') writeFileSync(path.join(dir, '.env'), 'DATABASE_URL=postgres://nobody@127.0.0.1:1/none\n');
  const first = await runFlash(['migrate', 'init'], { cwd: dir });
  expect(first.code, first.stderr).toBe(0);
  return dir;
}

/** Run `flash <args>` recording every module it loads. */
function traced(
  dir: string,
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string; loaded: string } {
  const trace = path.join(dir, `trace-${Date.now()}-${Math.random().toString(36).slice(2)}.log`);
  const r = spawnSync(process.execPath, ['--import', path.join(REPO_ROOT, 'test/helpers/module-trace.mjs'), FLASH_BIN, ...args], {
    cwd: dir,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', FLASH_TRACE_MODULES: trace, ...env },
    encoding: 'utf8',
  });
  let loaded = '';
  try {
    loaded = readFileSync(trace, 'utf8');
  } finally {
    rmSync(trace, { force: true });
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, loaded };
}

function cacheEntries(dir: string): string[] {
  try {
    return readdirSync(path.join(dir, '.flash/local/desired'));
  } catch {
    return [];
  }
}

describe('desired-schema cache', () => {
  it('a no-change migrate on PostgreSQL answers from the cache without booting PGlite; FLASH_NO_CACHE=1 boots it', async () => {
    const dir = await project('postgresql');
    expect(cacheEntries(dir)).toHaveLength(1);
    const warm = traced(dir, ['migrate', 'again']);
    expect(warm.status, warm.stderr).toBe(0);
    expect(warm.stdout).toContain('No changes');
    expect(warm.loaded).not.toContain('@electric-sql');
    const bypass = traced(dir, ['migrate', 'again'], { FLASH_NO_CACHE: '1' });
    expect(bypass.status, bypass.stderr).toBe(0);
    expect(bypass.stdout).toContain('No changes');
    expect(bypass.loaded).toContain('@electric-sql');
  });

  it('an edited schema file is a new key: the change is seen, and a whitespace-only edit changes nothing', async () => {
    const dir = await project('sqlite');
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS.replace('email text NOT NULL', 'email text NOT NULL,\n  name text'));
    const add = await runFlash(['migrate', 'add name'], { cwd: dir });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/name/);
    expect(cacheEntries(dir)).toHaveLength(2);
    const again = await runFlash(['migrate', 'nothing'], { cwd: dir });
    expect(again.stdout).toContain('No changes');
    // a whitespace-only edit changes the key but not the schema: still no changes
    writeFileSync(path.join(dir, 'db/schema/users.sql'), readFileSync(path.join(dir, 'db/schema/users.sql'), 'utf8') + '\n\n');
    const ws = await runFlash(['migrate', 'nothing'], { cwd: dir });
    expect(ws.stdout).toContain('No changes');
    expect(cacheEntries(dir)).toHaveLength(3);
  });

  it('a corrupt or truncated entry is a miss, never a wrong answer', async () => {
    const dir = await project('postgresql');
    const [entry] = cacheEntries(dir);
    const file = path.join(dir, '.flash/local/desired', entry);
    const raw = readFileSync(file);
    const text = gunzipSync(raw).toString('utf8');
    // same id line, schema without the users table: a hash check must catch it
    writeFileSync(file, gzipSync(text.replace('"users"', '"userz"')));
    const r = traced(dir, ['migrate', 'again']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('No changes');
    expect(r.loaded).toContain('@electric-sql');
    writeFileSync(file, raw.subarray(0, 20));
    const t = await runFlash(['migrate', 'again'], { cwd: dir });
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain('No changes');
    expect(gunzipSync(readFileSync(file)).toString('utf8')).toBe(text);
  });

  it('a schema file with an error is never cached: the error comes back every run', async () => {
    const dir = await project('sqlite');
    writeFileSync(path.join(dir, 'db/schema/broken.sql'), 'CREATE TABLE broken (id integer PRIMARY KEY,);\n');
    for (let i = 0; i < 2; i++) {
      const r = await runFlash(['migrate', 'broken'], { cwd: dir });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('db/schema/broken.sql:1');
    }
    expect(cacheEntries(dir)).toHaveLength(1);
  });
});
