import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { loadDialect } from '../../src/dialects/registry.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { flash, flashLines, flashOk, flashRepo, gitOk, gitRun } from './git-fixture.js';

type Engine = 'sqlite' | 'postgresql' | 'mysql';

const USERS = 'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  name varchar(100) NOT NULL\n);\n';
const USERS_BIO = 'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  name varchar(100) NOT NULL,\n  bio varchar(200)\n);\n';

export interface Scenario {
  dir: string;
  /** every database URL the scenario may have created, for cleanup */
  urls: string[];
}

function publishedUrl(dir: string): { url: string; branch: string } {
  const m = readFileSync(path.join(dir, '.env'), 'utf8').match(/^DATABASE_URL=(\S+) # managed by flash \(branch: (.+)\)$/m);
  expect(m, '.env has a managed line').toBeTruthy();
  return { url: m![1], branch: m![2] };
}

export async function query(
  dialect: Dialect,
  dir: string,
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<Array<Record<string, unknown>>> {
  const abs = url.startsWith('file:') ? path.resolve(dir, url.slice('file:'.length)) : url;
  const conn = await dialect.connect(abs);
  try {
    return await conn.query(sql, params);
  } finally {
    await conn.close();
  }
}

async function users(dialect: Dialect, dir: string, url: string): Promise<Array<Record<string, unknown>>> {
  return (await query(dialect, dir, url, 'SELECT * FROM users ORDER BY id')).map((r) => ({ ...r, id: Number(r.id) }));
}

/**
 * The story, with plain git for the switches: main gets `users` and rows; `flash branch
 * feature`; feature adds `bio` and rows with bio; `git checkout main` → no bio, main's rows; `git
 * checkout feature` → bio and its rows back; drop feature's DB and check out again → recreated.
 */
export async function runBranchScenario(engine: Engine, configuredUrl: string | undefined, scenario: Scenario): Promise<void> {
  const dialect = await loadDialect(engine);
  const dir = await flashRepo(engine, configuredUrl);
  scenario.dir = dir;
  if (configuredUrl) {
    scenario.urls.push(configuredUrl);
    await dialect.databases.create(configuredUrl);
  }
  await flashOk(dir, ['hooks', 'install']);

  writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS);
  await flashOk(dir, ['migrate', 'create_users']);
  await flashOk(dir, ['apply']);
  const mainUrl = (await flashOk(dir, ['url'])).stdout.trim();
  if (configuredUrl) expect(mainUrl).toBe(configuredUrl);
  await query(dialect, dir, mainUrl, "INSERT INTO users (id, name) VALUES (1, 'ada'), (2, 'grace')");
  await gitOk(dir, ['add', '-A']);
  await gitOk(dir, ['commit', '-q', '-m', 'users']);

  const created = await flashOk(dir, ['branch', 'feature']);
  expect(created.stdout).toContain('Switched to a new branch feature');
  expect((await gitOk(dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim()).toBe('feature');
  const featureUrl = publishedUrl(dir);
  expect(featureUrl.branch).toBe('feature');
  expect(featureUrl.url).not.toBe(mainUrl);
  scenario.urls.push(featureUrl.url);
  expect((await flashOk(dir, ['url'])).stdout.trim()).toBe(featureUrl.url);
  expect(await users(dialect, dir, featureUrl.url)).toEqual([
    { id: 1, name: 'ada' },
    { id: 2, name: 'grace' },
  ]); // data included in the copy

  writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS_BIO);
  await flashOk(dir, ['migrate', 'add_bio']);
  await flashOk(dir, ['apply']);
  await query(dialect, dir, featureUrl.url, "INSERT INTO users (id, name, bio) VALUES (3, 'linus', 'kernel')");
  await gitOk(dir, ['add', '-A']);
  await gitOk(dir, ['commit', '-q', '-m', 'bio']);

  const list = JSON.parse((await flashOk(dir, ['branch', 'list', '--json'])).stdout) as {
    branches: Array<{ branch: string; state: string; expected: string; recorded: string }>;
  };
  const byName = Object.fromEntries(list.branches.map((b) => [b.branch, b]));
  expect(byName.main.state).toBe('in sync');
  expect(byName.feature.state).toBe('in sync');
  expect(byName.feature.expected).not.toBe(byName.main.expected);

  // Plain git, hooks installed.
  const toMain = await gitRun(dir, ['checkout', 'main']);
  expect(toMain.code).toBe(0);
  expect(flashLines(toMain.stderr).filter((l) => l.includes('warning'))).toEqual([]);
  expect(publishedUrl(dir)).toEqual({ url: mainUrl, branch: 'main' });
  const mainRows = await users(dialect, dir, mainUrl);
  expect(mainRows).toEqual([
    { id: 1, name: 'ada' },
    { id: 2, name: 'grace' },
  ]); // no bio column, main's rows intact

  const toFeature = await gitRun(dir, ['checkout', 'feature']);
  expect(toFeature.code).toBe(0);
  expect(publishedUrl(dir)).toEqual({ url: featureUrl.url, branch: 'feature' });
  expect(await users(dialect, dir, featureUrl.url)).toEqual([
    { id: 1, name: 'ada', bio: null },
    { id: 2, name: 'grace', bio: null },
    { id: 3, name: 'linus', bio: 'kernel' },
  ]);

  // Drop feature's database and check it out again: recreated from main's and brought to feature's schema.
  await gitOk(dir, ['checkout', '-q', 'main']);
  const refused = await flash(dir, ['branch', 'delete', 'feature']);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('E_NEEDS_YES');
  const current = await flash(dir, ['branch', 'delete', 'main', '--yes']);
  expect(current.code).toBe(1);
  await flashOk(dir, ['branch', 'delete', 'feature', '--yes']);
  expect(
    await dialect.databases.exists(engine === 'sqlite' ? path.resolve(dir, featureUrl.url.slice('file:'.length)) : featureUrl.url),
  ).toBe(false);
  const listed = JSON.parse((await flashOk(dir, ['branch', 'list', '--json'])).stdout) as {
    branches: Array<{ branch: string; state: string }>;
  };
  expect(listed.branches.find((b) => b.branch === 'feature')!.state).toBe('no db yet');

  const again = await gitRun(dir, ['checkout', 'feature']);
  expect(again.code).toBe(0);
  expect(flashLines(again.stderr).filter((l) => l.includes('warning'))).toEqual([]);
  expect(publishedUrl(dir).branch).toBe('feature');
  expect(await users(dialect, dir, publishedUrl(dir).url)).toEqual([
    { id: 1, name: 'ada', bio: null },
    { id: 2, name: 'grace', bio: null },
  ]);
  // apply and status agree with the switch: nothing pending.
  const status = await flashOk(dir, ['apply']);
  expect(status.stdout).not.toMatch(/Applied \d/);
  if (engine === 'sqlite') expect(existsSync(path.join(dir, '.flash/local/db/feature.db'))).toBe(true);
}

export async function cleanupScenario(engine: Engine, scenario: Scenario): Promise<void> {
  if (engine === 'sqlite') return;
  const dialect = await loadDialect(engine);
  for (const url of new Set(scenario.urls)) await dialect.databases.drop(url).catch(() => undefined);
}
