import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flash, flashOk, flashRepo, gitOk } from '../git/git-fixture.js';

const USERS = 'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  name varchar(100) NOT NULL\n);\n';
const USERS_BIO = 'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  name varchar(100) NOT NULL,\n  bio varchar(200)\n);\n';

async function branchNames(dir: string): Promise<string[]> {
  return (await gitOk(dir, ['for-each-ref', '--format=%(refname:short)', 'refs/heads'])).split('\n').filter(Boolean).sort();
}

describe("Flash ORM's command spellings", () => {
  it('branch create/diff/switch/merge/list/delete do what their names say', async () => {
    const dir = await flashRepo('sqlite');
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS);
    await flashOk(dir, ['migrate', 'create_users']);
    await flashOk(dir, ['apply']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'users']);

    // Used to create a branch named "create".
    await flashOk(dir, ['branch', 'create', 'feature/user-profiles']);
    expect(await branchNames(dir)).toEqual(['feature/user-profiles', 'main']);
    expect((await gitOk(dir, ['branch', '--show-current'])).trim()).toBe('feature/user-profiles');

    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS_BIO);
    await flashOk(dir, ['migrate', 'add_bio']);
    await flashOk(dir, ['apply']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'bio']);

    // Branch diff: from the committed locks and the store, no database (DATABASE_URL points nowhere).
    const diff = await flashOk(dir, ['branch', 'diff', 'main', 'feature/user-profiles'], { DATABASE_URL: 'file:/nonexistent/dir/x.db' });
    expect(diff.stdout).toMatch(/main \([0-9a-f]{12}\) → feature\/user-profiles/);
    expect(diff.stdout).toMatch(/users\.bio/);
    const sql = await flashOk(dir, ['branch', 'diff', 'main', 'feature/user-profiles', '--sql']);
    expect(sql.stdout).toMatch(/ALTER TABLE .*users.* ADD COLUMN .*bio/i);
    const same = await flashOk(dir, ['branch', 'diff', 'main', 'main']);
    expect(same.stdout).toMatch(/no differences/);
    const unknown = await flash(dir, ['branch', 'diff', 'main', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/E_UNKNOWN_BRANCH/);

    await flashOk(dir, ['branch', 'switch', 'main']);
    expect((await gitOk(dir, ['branch', '--show-current'])).trim()).toBe('main');

    // Used to create and switch to a branch named "merge", merging nothing.
    const merged = await flashOk(dir, ['branch', 'merge', 'feature/user-profiles']);
    expect(merged.stdout).toMatch(/Merged feature\/user-profiles/);
    expect(await branchNames(dir)).toEqual(['feature/user-profiles', 'main']);
    expect((await gitOk(dir, ['log', '-1', '--format=%s'])).length).toBeGreaterThan(0);
    expect((await flashOk(dir, ['branch', 'diff', 'main', 'feature/user-profiles'])).stdout).toMatch(/no differences/);

    const list = await flashOk(dir, ['branch', 'list', '--json']);
    expect((JSON.parse(list.stdout).branches as Array<{ branch: string }>).map((b) => b.branch).sort()).toEqual([
      'feature/user-profiles',
      'main',
    ]);

    await flashOk(dir, ['branch', 'delete', 'feature/user-profiles', '--yes']);
    const after = JSON.parse((await flashOk(dir, ['branch', 'list', '--json'])).stdout).branches as Array<{
      branch: string;
      database: string | null;
    }>;
    expect(after.find((b) => b.branch === 'feature/user-profiles')?.database).toBeNull();

    // A branch literally named like a subcommand, and the short form that Flash always had.
    await flashOk(dir, ['branch', 'create', 'create']);
    expect((await gitOk(dir, ['branch', '--show-current'])).trim()).toBe('create');
    await flashOk(dir, ['branch', 'short']);
    expect((await gitOk(dir, ['branch', '--show-current'])).trim()).toBe('short');
  }, 120_000);

  it('a positional argument a command does not take is an error, never ignored', async () => {
    const dir = await flashRepo('sqlite');
    const before = await branchNames(dir);
    for (const args of [
      ['branch', 'one', 'two'],
      ['branch', 'list', 'extra'],
      ['branch', 'create', 'a', 'b'],
      ['branch', 'delete', 'a', 'b'],
      ['branch', 'diff', 'a', 'b', 'c'],
      ['apply', 'extra'],
      ['status', 'extra'],
      ['checkout', 'main', 'extra'],
      ['merge', 'a', 'b'],
    ]) {
      const r = await flash(dir, args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/too many arguments/);
    }
    const missing = await flash(dir, ['branch', 'create']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/missing required argument/);
    expect(await branchNames(dir)).toEqual(before);
  }, 60_000);
});
