import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flash, flashOk, flashRepo, gitOk, gitRun } from '../git/git-fixture.js';

const USERS = 'CREATE TABLE users (id integer PRIMARY KEY, name varchar(50));\n';
const T1 = 'CREATE TABLE t1 (id integer PRIMARY KEY);\n';
const T2 = 'CREATE TABLE t2 (id integer PRIMARY KEY);\n';

async function migrateAndCommit(dir: string, schema: string, name: string): Promise<void> {
  writeFileSync(path.join(dir, 'db/schema/app.sql'), schema);
  await flashOk(dir, ['migrate', name]);
  await gitOk(dir, ['add', '-A']);
  await gitOk(dir, ['commit', '-q', '-m', name]);
}

/**
 * Found by the randomized state test (seed 619826, SQLite, steps 145–147): `flash merge` refused with
 * E_CHAIN after it had started git's merge, and left that merge in progress with no Flash conflict
 * recorded; `flash apply` then sealed a migration file of the half-merged tree and `git merge --abort`
 * failed. A merge Flash refuses is undone, and database commands refuse while git has any merge in
 * progress, so nothing changes a database from a history that was never committed.
 */
describe('a refused flash merge leaves no merge behind (SQLite)', () => {
  /** main adds t1; feature rewrote the shared history (its first migration regenerated under a new name). */
  async function rewrittenHistory(): Promise<string> {
    const dir = await flashRepo('sqlite');
    await migrateAndCommit(dir, USERS, 'users');
    await gitOk(dir, ['checkout', '-q', '-b', 'feature']);
    const migrations = path.join(dir, 'db/migrations');
    for (const f of readdirSync(migrations)) rmSync(path.join(migrations, f));
    await migrateAndCommit(dir, USERS + T2, 'users_and_t2');
    await gitOk(dir, ['checkout', '-q', 'main']);
    await migrateAndCommit(dir, USERS + T1, 't1');
    return dir;
  }

  it('E_CHAIN after git merge started: the merge is undone and the tree is as it was', async () => {
    const dir = await rewrittenHistory();
    const head = (await gitOk(dir, ['rev-parse', 'HEAD'])).trim();
    const merge = await flash(dir, ['merge', 'feature']);
    expect(merge.code, merge.stderr).toBe(4);
    expect(merge.stderr).toContain('error[E_CHAIN]');
    expect(merge.stderr).toMatch(/undid the merge/i);
    expect(existsSync(path.join(dir, '.git/MERGE_HEAD'))).toBe(false);
    expect((await gitOk(dir, ['status', '--porcelain', '--untracked-files=no'])).trim()).toBe('');
    expect((await gitOk(dir, ['rev-parse', 'HEAD'])).trim()).toBe(head);
    await flashOk(dir, ['apply']);
  });

  it('apply, down and checkout refuse while git has a merge in progress; git merge --abort then works', async () => {
    const dir = await rewrittenHistory();
    await flashOk(dir, ['apply']);
    // A plain git merge that stops on the lock's text conflict: no Flash conflict state exists.
    const gitMerge = await gitRun(dir, ['merge', '--no-edit', 'feature']);
    expect(gitMerge.code).not.toBe(0);
    expect(existsSync(path.join(dir, '.git/MERGE_HEAD'))).toBe(true);
    for (const args of [['apply'], ['down', '--yes'], ['checkout', 'feature']]) {
      const r = await flash(dir, args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1);
      expect(r.stderr, args.join(' ')).toContain('error[E_MERGE_IN_PROGRESS]');
      expect(r.stderr).toContain('git merge --abort');
    }
    await gitOk(dir, ['merge', '--abort']);
    expect((await gitOk(dir, ['status', '--porcelain', '--untracked-files=no'])).trim()).toBe('');
  });
});
