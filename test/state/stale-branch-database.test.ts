import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiDataSource } from '../../ui/api-data-source.js';
import { redactUrl } from '../../src/core/redact.js';
import { flash, flashLines, flashOk, gitOk, gitRun } from '../git/git-fixture.js';
import { dropAll, ENGINES, hookedRepo, published, sql } from './state-fixture.js';

const USERS = 'CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n';
const USERS_UNIQUE =
  'CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\nCREATE UNIQUE INDEX users_name_key ON users (name);\n';

describe.each(ENGINES)('a checkout whose hook failed (%s, issue 12 item 1)', (engine, makeUrl) => {
  const cleanup: string[] = [];
  afterAll(() => dropAll(engine, cleanup));

  it('status and apply refuse with E_BRANCH_DB_STALE instead of using the previous branch database .env still names', async () => {
    const dir = await hookedRepo(engine, makeUrl(), cleanup);
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS);
    await flashOk(dir, ['migrate', 'users']);
    await flashOk(dir, ['apply']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'users']);
    const mainUrl = (await flashOk(dir, ['url'])).stdout.trim();

    await gitOk(dir, ['checkout', '-q', '-b', 'feature']);
    const featureUrl = (await flashOk(dir, ['url'])).stdout.trim();
    cleanup.push(featureUrl);
    expect(published(dir)).toEqual({ url: featureUrl, branch: 'feature' });
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS_UNIQUE);
    await flashOk(dir, ['migrate', 'unique_name']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'unique name']);
    // Rows only feature's database has: its migration cannot run there (main's would be fine).
    await sql(engine, dir, featureUrl, "INSERT INTO users (id, name) VALUES (1, 'ada'), (2, 'ada')");
    await gitOk(dir, ['checkout', '-q', 'main']);
    expect(published(dir)).toEqual({ url: mainUrl, branch: 'main' });

    const failed = await gitRun(dir, ['checkout', 'feature']);
    expect(failed.code).toBe(0);
    expect(flashLines(failed.stderr).join('\n')).toMatch(/warning/);
    expect(published(dir)).toEqual({ url: mainUrl, branch: 'main' }); // the switch did not finish
    expect((await flashOk(dir, ['url'])).stdout.trim()).toBe(featureUrl);

    // The TUI reads the same truth: the new branch with its own database, and why it cannot be used yet.
    const dashboard = await createApiDataSource(dir).loadDashboard();
    expect(dashboard.gitBranch).toBe('feature');
    expect(dashboard.database).toBe(redactUrl(featureUrl));
    expect(dashboard.problems.join('\n')).toContain(
      "E_BRANCH_DB_STALE: The switch to feature did not finish: .env still points at main's database",
    );

    for (const command of [['status'], ['apply'], ['down'], ['diff', 'expected', 'live']]) {
      const r = await flash(dir, command);
      expect(r.code, `flash ${command.join(' ')}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(r.stderr).toContain('error[E_BRANCH_DB_STALE]');
      expect(r.stderr).toContain("still points at main's database");
      expect(r.stderr).toContain('flash checkout feature');
    }
    // Nothing of feature's reached main's database.
    const mainRows = await sql(engine, dir, mainUrl, 'SELECT migration_name FROM _flash_migrations WHERE finished_at IS NOT NULL');
    expect(mainRows.map((r) => String(r.migration_name)).filter((n) => n.endsWith('_unique_name'))).toEqual([]);

    // The repair the hint names finishes the switch; then the commands work on feature's database.
    await sql(engine, dir, featureUrl, 'DELETE FROM users WHERE id = 2');
    await flashOk(dir, ['checkout', 'feature']);
    expect(published(dir)).toEqual({ url: featureUrl, branch: 'feature' });
    const status = JSON.parse((await flashOk(dir, ['status', '--json'])).stdout) as { migrations: Array<{ name: string; state: string }> };
    expect(status.migrations.map((m) => m.state)).toEqual(['applied', 'applied']);
    const back = await gitRun(dir, ['checkout', 'main']);
    expect(flashLines(back.stderr)).toEqual([]);
    expect(published(dir)).toEqual({ url: mainUrl, branch: 'main' });
  }, 300_000);

  it('a branch whose switch never ran (hooks skipped) has no database: commands refuse and name the repair', async () => {
    const dir = await hookedRepo(engine, makeUrl(), cleanup);
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS);
    await flashOk(dir, ['migrate', 'users']);
    await flashOk(dir, ['apply']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'users']);
    await gitOk(dir, ['checkout', '-q', '-b', 'side']); // gives main and side their databases
    cleanup.push((await flashOk(dir, ['url'])).stdout.trim());
    await gitOk(dir, ['checkout', '-q', '-b', 'other'], { FLASH_SKIP_HOOKS: '1' });
    const r = await flash(dir, ['apply']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E_BRANCH_DB_STALE]: Branch other has no database yet');
    expect(r.stderr).toContain('flash checkout other');
    await flashOk(dir, ['checkout', 'other']);
    cleanup.push((await flashOk(dir, ['url'])).stdout.trim());
    await flashOk(dir, ['status']);
  }, 300_000);
});
