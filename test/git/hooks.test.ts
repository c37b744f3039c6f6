import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptySchema } from '../../src/core/model/schema.js';
import { snapshotId } from '../../src/core/snapshot/hash.js';
import { FLASH_BIN, REPO_ROOT } from '../helpers/cli.js';
import { cleanEnv, flash, flashLines, flashOk, flashRepo, gitOk, gitRun } from './git-fixture.js';

const USER_HOOK = '#!/bin/sh\necho "user-hook $*" >> "$(git rev-parse --show-toplevel)/user-hook.log"\nexit 3\n';

/** Branch → database mapping and recorded hashes saying every listed branch's SQLite DB is at the empty schema. */
function writeInSyncState(dir: string, branches: string[]): void {
  const local = path.join(dir, '.flash', 'local');
  mkdirSync(local, { recursive: true });
  const urlOf = (b: string) => (b === 'main' ? 'file:./dev.db' : `file:./.flash/local/db/${b}.db`);
  const entries = Object.fromEntries(branches.map((b) => [b, { url: urlOf(b), createdAt: new Date().toISOString() }]));
  writeFileSync(
    path.join(local, 'branches.json'),
    JSON.stringify({ version: 1, configuredUrl: 'file:./dev.db', homeBranch: 'main', branches: entries }),
  );
  const empty = snapshotId(emptySchema('sqlite'));
  const databases = Object.fromEntries(
    branches.map((b) => [path.resolve(dir, urlOf(b).slice('file:'.length)), { snapshot: empty, updatedAt: new Date().toISOString() }]),
  );
  writeFileSync(path.join(local, 'state.json'), JSON.stringify({ databases }));
}

function envText(dir: string): string {
  return readFileSync(path.join(dir, '.env'), 'utf8');
}

describe('flash hooks install / uninstall', () => {
  it('chains an existing user hook (both run, same args), is idempotent, and uninstall restores it byte-for-byte', async () => {
    const dir = await flashRepo('sqlite');
    const hook = path.join(dir, '.git', 'hooks', 'post-checkout');
    writeFileSync(hook, USER_HOOK);
    chmodSync(hook, 0o750);
    const first = await flashOk(dir, ['hooks', 'install']);
    expect(first.stdout).toMatch(/post-checkout: installed; your existing hook is kept/);
    expect(readFileSync(hook + '.flash-chained', 'utf8')).toBe(USER_HOOK);
    const shim = readFileSync(hook, 'utf8');
    expect(shim).toContain('flash-hook-shim');
    expect(shim).toContain('hook post-checkout "$@"');
    expect(existsSync(path.join(dir, '.git', 'hooks', 'post-merge'))).toBe(true);

    const again = await flashOk(dir, ['hooks', 'install']);
    expect(again.stdout).toMatch(/post-checkout: already installed/);
    expect(readFileSync(hook, 'utf8')).toBe(shim);
    expect(readFileSync(hook + '.flash-chained', 'utf8')).toBe(USER_HOOK);
    expect(existsSync(hook + '.flash-chained.flash-chained')).toBe(false);

    // Flash's part runs too: with the branch database already in sync, the fast path publishes its URL in .env.
    writeInSyncState(dir, ['main', 'feature']);
    const co = await gitRun(dir, ['checkout', '-q', '-b', 'feature']);
    expect(co.code).toBe(0); // the user hook exits 3: ignored, as git ignores post-checkout's status
    const log = readFileSync(path.join(dir, 'user-hook.log'), 'utf8').trim().split('\n');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^user-hook [0-9a-f]{40} [0-9a-f]{40} 1$/);
    expect(envText(dir)).toContain('DATABASE_URL=file:./.flash/local/db/feature.db # managed by flash (branch: feature)');

    const un = await flashOk(dir, ['hooks', 'uninstall']);
    expect(un.stdout).toMatch(/post-checkout: removed; your original hook is restored/);
    expect(readFileSync(hook, 'utf8')).toBe(USER_HOOK);
    expect(statSync(hook).mode & 0o777).toBe(0o750);
    expect(existsSync(hook + '.flash-chained')).toBe(false);
    expect(existsSync(path.join(dir, '.git', 'hooks', 'post-merge'))).toBe(false);
  });

  it('respects a husky-style core.hooksPath (relative to the repo root)', async () => {
    const dir = await flashRepo('sqlite');
    await gitOk(dir, ['config', 'core.hooksPath', '.husky']);
    mkdirSync(path.join(dir, '.husky'));
    writeFileSync(path.join(dir, '.husky', 'post-checkout'), USER_HOOK, { mode: 0o755 });
    // installing from a subdirectory must still resolve .husky against the root
    await flashOk(dir, ['hooks', 'install']);
    expect(readFileSync(path.join(dir, '.husky', 'post-checkout'), 'utf8')).toContain('flash-hook-shim');
    expect(readFileSync(path.join(dir, '.husky', 'post-checkout.flash-chained'), 'utf8')).toBe(USER_HOOK);
    expect(existsSync(path.join(dir, '.git', 'hooks', 'post-checkout'))).toBe(false);

    writeInSyncState(dir, ['main', 'feature']);
    await gitOk(dir, ['checkout', '-q', '-b', 'feature']);
    expect(readFileSync(path.join(dir, 'user-hook.log'), 'utf8')).toMatch(/user-hook .* 1/);
    expect(envText(dir)).toContain('(branch: feature)');
    await gitOk(dir, ['checkout', '-q', 'main']);
    expect(envText(dir)).toContain('DATABASE_URL=file:./dev.db # managed by flash (branch: main)');

    await flashOk(dir, ['hooks', 'uninstall']);
    expect(readFileSync(path.join(dir, '.husky', 'post-checkout'), 'utf8')).toBe(USER_HOOK);
  });

  it('chains a husky v9 stub (core.hooksPath .husky/_) so the user script in .husky/ still runs', async () => {
    const dir = await flashRepo('sqlite');
    await gitOk(dir, ['config', 'core.hooksPath', '.husky/_']);
    mkdirSync(path.join(dir, '.husky', '_'), { recursive: true });
    // What husky 9 generates: a dispatcher `h` that finds .husky/<basename $0>, and one stub per hook.
    writeFileSync(
      path.join(dir, '.husky', '_', 'h'),
      '#!/usr/bin/env sh\nn=$(basename "$0")\ns=$(dirname "$(dirname "$0")")/$n\n[ ! -f "$s" ] && exit 0\nsh -e "$s" "$@"\nc=$?\nexit $c\n',
      { mode: 0o755 },
    );
    const stub = '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n';
    writeFileSync(path.join(dir, '.husky', '_', 'post-checkout'), stub, { mode: 0o755 });
    writeFileSync(path.join(dir, '.husky', 'post-checkout'), 'echo "husky-user $*" >> user-hook.log\n');
    await flashOk(dir, ['hooks', 'install']);
    expect(readFileSync(path.join(dir, '.husky', '_', 'post-checkout.flash-chained'), 'utf8')).toBe(stub);
    writeInSyncState(dir, ['main', 'feature']);
    await gitOk(dir, ['checkout', '-q', '-b', 'feature']);
    expect(readFileSync(path.join(dir, 'user-hook.log'), 'utf8')).toMatch(/^husky-user [0-9a-f]{40} [0-9a-f]{40} 1$/m);
    expect(envText(dir)).toContain('(branch: feature)');
  });

  it('works for a project in a subdirectory of the repository (monorepo)', async () => {
    const root = await flashRepo('sqlite');
    const app = path.join(root, 'apps', 'api');
    mkdirSync(app, { recursive: true });
    await flashOk(app, ['init', '--sqlite']);
    await gitOk(root, ['add', '-A']);
    await gitOk(root, ['commit', '-q', '-m', 'app']);
    await flashOk(app, ['hooks', 'install']);
    expect(readFileSync(path.join(root, '.git', 'hooks', 'post-checkout'), 'utf8')).toContain("cd -P 'apps/api'");
    writeInSyncState(app, ['main', 'feature']);
    await gitOk(root, ['checkout', '-q', '-b', 'feature']);
    expect(envText(app)).toContain('DATABASE_URL=file:./.flash/local/db/feature.db # managed by flash (branch: feature)');
    expect((await flashOk(app, ['url'])).stdout.trim()).toBe('file:./.flash/local/db/feature.db');
    expect(JSON.parse((await flashOk(app, ['url', '--json'])).stdout)).toMatchObject({
      branch: 'feature',
      url: 'file:./.flash/local/db/feature.db',
    });
  });

  it('FLASH_SKIP_HOOKS=1 disables Flash in the hook (the chained user hook still runs)', async () => {
    const dir = await flashRepo('sqlite');
    writeFileSync(path.join(dir, '.git', 'hooks', 'post-checkout'), USER_HOOK, { mode: 0o755 });
    await flashOk(dir, ['hooks', 'install']);
    writeInSyncState(dir, ['main', 'feature']);
    const before = envText(dir);
    const r = await gitRun(dir, ['checkout', '-q', '-b', 'feature'], { FLASH_SKIP_HOOKS: '1' });
    expect(r.code).toBe(0);
    expect(flashLines(r.stderr)).toEqual([]);
    expect(envText(dir)).toBe(before);
    expect(readFileSync(path.join(dir, 'user-hook.log'), 'utf8')).toMatch(/user-hook/);
  });

  it('acts only on branch checkouts (flag 1), not on file checkouts', async () => {
    const dir = await flashRepo('sqlite');
    await flashOk(dir, ['hooks', 'install']);
    writeInSyncState(dir, ['main']);
    const before = envText(dir);
    writeFileSync(path.join(dir, 'flash.config.json'), 'garbage');
    await gitOk(dir, ['checkout', '--', 'flash.config.json']); // post-checkout with flag 0
    expect(envText(dir)).toBe(before);
  });
});

describe('a hook with a broken database URL', () => {
  it('lets the checkout succeed and prints exactly one warning line, without the password', async () => {
    const dir = await flashRepo('postgresql', 'postgres://flash:sekrit@127.0.0.1:1/nope');
    await flashOk(dir, ['hooks', 'install']);
    const r = await gitRun(dir, ['checkout', '-b', 'topic']);
    expect(r.code).toBe(0);
    expect((await gitOk(dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim()).toBe('topic');
    const lines = flashLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^flash: warning\[E_DB_CONNECT\]: .*127\.0\.0\.1:1.* \(run `flash checkout topic` to retry\)$/);
    expect(r.stderr).not.toContain('sekrit');
    // the non-flash lines are git's own
    expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('flash:'))).toEqual(["Switched to a new branch 'topic'"]);
  });
});

describe('flash checkout on a dirty tree', () => {
  it("refuses with git's reason (E_DIRTY_TREE, exit 1) and changes nothing", async () => {
    const dir = await flashRepo('sqlite');
    writeFileSync(path.join(dir, 'notes.txt'), 'one\n');
    await gitOk(dir, ['add', 'notes.txt']);
    await gitOk(dir, ['commit', '-q', '-m', 'notes']);
    await gitOk(dir, ['checkout', '-q', '-b', 'other']);
    writeFileSync(path.join(dir, 'notes.txt'), 'two\n');
    await gitOk(dir, ['commit', '-q', '-am', 'other notes']);
    await gitOk(dir, ['checkout', '-q', 'main']);
    writeFileSync(path.join(dir, 'notes.txt'), 'local edit\n');
    const r = await flash(dir, ['checkout', 'other']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E_DIRTY_TREE]');
    expect(r.stderr).toContain('would be overwritten by checkout');
    expect(r.stderr).toContain('notes.txt');
    expect((await gitOk(dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim()).toBe('main');
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('local edit\n');
  });
});

describe('post-checkout fast path', () => {
  const traceRun = (dir: string, traceFile: string) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        path.join(REPO_ROOT, 'test/helpers/module-trace.mjs'),
        FLASH_BIN,
        'hook',
        'post-checkout',
        'a'.repeat(40),
        'b'.repeat(40),
        '1',
      ],
      {
        cwd: dir,
        env: cleanEnv({ FLASH_TRACE_MODULES: traceFile }),
        encoding: 'utf8',
      },
    );

  it('exits 0 without importing any dialect, driver or the diff when the branch DB is at the expected hash', async () => {
    const dir = await flashRepo('sqlite');
    writeInSyncState(dir, ['main']);
    const trace = path.join(dir, 'trace-fast.log');
    const r = traceRun(dir, trace);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const loaded = readFileSync(trace, 'utf8');
    expect(loaded).toContain('/cli/commands/hook.js'); // the tracer sees our modules
    for (const heavy of [
      'better-sqlite3',
      'node_modules/pg/',
      'mysql2',
      '@electric-sql',
      '/dialects/sqlite/',
      '/dialects/postgres/',
      '/core/diff/',
      'isomorphic-git',
      'simple-git',
      'ink',
      'react',
    ]) {
      expect(loaded, heavy).not.toContain(heavy);
    }
    expect(envText(dir)).toContain('DATABASE_URL=file:./dev.db # managed by flash (branch: main)');

    // Control: without a recorded hash the hook takes the slow path, and the tracer does see the dialect.
    rmSync(path.join(dir, '.flash', 'local', 'state.json'));
    const slowTrace = path.join(dir, 'trace-slow.log');
    const slow = traceRun(dir, slowTrace);
    expect(slow.status).toBe(0);
    expect(readFileSync(slowTrace, 'utf8')).toContain('/dialects/sqlite/');
  });
});
