import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flash, flashLines, flashOk, gitOk, gitRun } from '../git/git-fixture.js';
import { dropAll, ENGINES, hookedRepo, published, sql, tables } from './state-fixture.js';

const USERS = 'CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n';
const POSTS = 'CREATE TABLE posts (id integer PRIMARY KEY, title varchar(50) NOT NULL);\n';

describe.each(ENGINES)('`git checkout -b` onto an older commit (%s, issue 12 item 11)', (engine, makeUrl) => {
  const cleanup: string[] = [];
  afterAll(() => dropAll(engine, cleanup));

  it("asks before trimming the new branch's copy, like the same reconcile on an existing branch", async () => {
    const dir = await hookedRepo(engine, makeUrl(), cleanup);
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS);
    await flashOk(dir, ['migrate', 'users']);
    await flashOk(dir, ['apply']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'users']);
    writeFileSync(path.join(dir, 'db/schema/posts.sql'), POSTS);
    await flashOk(dir, ['migrate', 'posts']);
    await flashOk(dir, ['apply']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'posts']);
    const mainUrl = (await flashOk(dir, ['url'])).stdout.trim();
    await sql(engine, dir, mainUrl, "INSERT INTO posts (id, title) VALUES (1, 'hello')");

    // The new branch starts at the commit before posts: its copy of main's database has a table too many.
    const r = await gitRun(dir, ['checkout', '-b', 'old', 'HEAD~1']);
    expect(r.code).toBe(0);
    const lines = flashLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/would lose data: it drops table posts.*\(run `flash checkout old --yes` to retry\)$/);
    const oldUrl = (await flashOk(dir, ['url'])).stdout.trim();
    cleanup.push(oldUrl);
    expect(await tables(engine, dir, oldUrl)).toContain('posts'); // not trimmed
    expect(published(dir)?.branch).not.toBe('old');
    const status = await flash(dir, ['status']);
    expect(status.stderr).toContain('error[E_BRANCH_DB_STALE]');

    const done = await flashOk(dir, ['checkout', 'old', '--yes']);
    expect(done.stdout).toContain('- table posts');
    expect(await tables(engine, dir, oldUrl)).not.toContain('posts');
    expect(published(dir)).toEqual({ url: oldUrl, branch: 'old' });
  }, 300_000);
});
