import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MYSQL_URL, PG_URL, uniqueDbName, withDatabase } from '../helpers/db-urls.js';
import { cleanupScenario, query, type Scenario } from './branch-scenario.js';
import { loadDialect } from '../../src/dialects/registry.js';
import { flash, flashLines, flashOk, flashRepo, gitOk, gitRun } from './git-fixture.js';

async function sqliteRows(dir: string, file: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const conn = await (await loadDialect('sqlite')).connect(path.resolve(dir, file));
  try {
    return await conn.query(sql);
  } finally {
    await conn.close();
  }
}

const ENGINES: Array<['sqlite' | 'postgresql' | 'mysql', () => string | undefined]> = [
  ['sqlite', () => undefined],
  ['postgresql', () => withDatabase(PG_URL, uniqueDbName())],
  ['mysql', () => withDatabase(MYSQL_URL, uniqueDbName())],
];

describe.each(ENGINES)('reconciling a branch database that is off its chain (%s)', (engine, makeUrl) => {
  const scenario: Scenario = { dir: '', urls: [] };
  afterAll(() => cleanupScenario(engine, scenario));

  it('refuses data loss in hooks and without --yes, then diffs snapshots, runs it and rewrites tracking rows with --yes', async () => {
    const dialect = await loadDialect(engine);
    const configured = makeUrl();
    const dir = await flashRepo(engine, configured);
    if (configured) {
      scenario.urls.push(configured);
      await dialect.databases.create(configured);
    }
    await flashOk(dir, ['hooks', 'install']);
    writeFileSync(path.join(dir, 'db/schema/users.sql'), 'CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n');
    await flashOk(dir, ['migrate', 'users']);
    await flashOk(dir, ['apply']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'users']);
    await flashOk(dir, ['branch', 'feature']);
    scenario.urls.push((await flashOk(dir, ['url'])).stdout.trim());
    writeFileSync(
      path.join(dir, 'db/schema/users.sql'),
      'CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL, bio varchar(50));\n',
    );
    await flashOk(dir, ['migrate', 'add_bio']);
    await flashOk(dir, ['apply']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'bio']);
    // exp's database is a copy of feature's (with bio)… then exp is moved back to main's commit.
    await flashOk(dir, ['branch', 'exp']);
    const expUrl = (await flashOk(dir, ['url'])).stdout.trim();
    scenario.urls.push(expUrl);
    await gitOk(dir, ['checkout', '-q', 'feature']);
    await gitOk(dir, ['branch', '-f', 'exp', 'main']);
    await query(dialect, dir, expUrl, "INSERT INTO users (id, name, bio) VALUES (1, 'ada', 'math')");

    const refused = await flash(dir, ['checkout', 'exp']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error[E_DATA_LOSS]: Checked out exp, but its database was left on the old schema');
    expect(refused.stderr).toContain('drops column users.bio');
    expect(refused.stderr).toContain('flash checkout exp --yes');
    expect((await gitOk(dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim()).toBe('exp');
    expect(Object.keys((await query(dialect, dir, expUrl, 'SELECT * FROM users'))[0])).toContain('bio');

    await gitOk(dir, ['checkout', '-q', 'feature']);
    const hook = await gitRun(dir, ['checkout', 'exp']);
    expect(hook.code).toBe(0);
    const lines = flashLines(hook.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^flash: warning\[E_DATA_LOSS\]: .*would lose data: it drops column users\.bio.*left on its old schema \(run `flash checkout exp --yes` to retry\)$/,
    );

    const list = JSON.parse((await flashOk(dir, ['branch', 'list', '--json'])).stdout) as {
      branches: Array<{ branch: string; state: string }>;
    };
    expect(list.branches.find((b) => b.branch === 'exp')!.state).toBe('drift');

    const done = await flashOk(dir, ['checkout', 'exp', '--yes']);
    expect(done.stdout).toContain("reconciled exp's database");
    expect(done.stdout).toContain('- column users.bio');
    expect((await query(dialect, dir, expUrl, 'SELECT * FROM users')).map((r) => ({ ...r, id: Number(r.id) }))).toEqual([
      { id: 1, name: 'ada' },
    ]);
    const tracking = await query(
      dialect,
      dir,
      expUrl,
      'SELECT migration_name, rolled_back_at FROM _flash_migrations WHERE finished_at IS NOT NULL ORDER BY id',
    );
    const bio = tracking.filter((r) => String(r.migration_name).endsWith('_add_bio'));
    expect(bio.length).toBeGreaterThan(0);
    expect(bio.every((r) => r.rolled_back_at !== null)).toBe(true);
    const status = JSON.parse((await flashOk(dir, ['status', '--json'])).stdout) as Record<string, unknown>;
    expect(JSON.stringify(status)).not.toMatch(/add_bio/);
    const listed = JSON.parse((await flashOk(dir, ['branch', 'list', '--json'])).stdout) as {
      branches: Array<{ branch: string; state: string }>;
    };
    expect(listed.branches.find((b) => b.branch === 'exp')!.state).toBe('in sync');
  }, 300_000);
});

describe('post-merge (SQLite)', () => {
  it('post-merge applies the migrations a plain `git merge` brought to the current branch', async () => {
    const dir = await flashRepo('sqlite');
    await flashOk(dir, ['hooks', 'install']);
    writeFileSync(path.join(dir, 'db/schema/users.sql'), 'CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);\n');
    await flashOk(dir, ['migrate', 'users']);
    await flashOk(dir, ['apply']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'users']);
    await flashOk(dir, ['branch', 'feature']);
    writeFileSync(path.join(dir, 'db/schema/users.sql'), 'CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, bio text);\n');
    await flashOk(dir, ['migrate', 'add_bio']);
    await flashOk(dir, ['apply']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'bio']);
    await gitOk(dir, ['checkout', '-q', 'main']);
    await sqliteRows(dir, 'dev.db', "INSERT INTO users (id, name) VALUES (7, 'main-row')");
    const merge = await gitRun(dir, ['merge', '--ff-only', 'feature']);
    expect(merge.code).toBe(0);
    expect(flashLines(merge.stderr)).toEqual([expect.stringMatching(/^flash: applied 1 migration\(s\) to main's database: \d+_add_bio$/)]);
    expect(await sqliteRows(dir, 'dev.db', 'SELECT * FROM users')).toEqual([{ id: 7, name: 'main-row', bio: null }]);
    const list = JSON.parse((await flashOk(dir, ['branch', 'list', '--json'])).stdout) as {
      branches: Array<{ branch: string; state: string }>;
    };
    expect(list.branches.find((b) => b.branch === 'main')!.state).toBe('in sync');
  }, 180_000);
});
