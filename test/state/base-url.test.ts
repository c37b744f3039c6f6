import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flashLines, flashOk, gitOk, gitRun } from '../git/git-fixture.js';
import { MYSQL_URL, PG_URL, uniqueDbName, withDatabase } from '../helpers/db-urls.js';
import { loadDialect } from '../../src/dialects/registry.js';
import { dropAll, hookedRepo, published, type Engine } from './state-fixture.js';

const USERS = 'CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n';

/**
 * The same server under another spelling, as after a password rotation or a move: PostgreSQL's test
 * server trusts local users, so a new password and host name still connect; MariaDB's root needs none,
 * so the edit there is a connection option.
 */
function respell(url: string): string {
  const u = new URL(url);
  if (u.protocol.startsWith('postgres')) {
    u.hostname = 'localhost';
    u.password = 'rotated';
  } else u.searchParams.set('ssl', 'false');
  return u.toString();
}

function editEnv(dir: string, from: string, to: string): void {
  const file = path.join(dir, '.env');
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

async function setup(
  engine: Engine,
  configured: string | undefined,
  cleanup: string[],
): Promise<{ dir: string; mainUrl: string; featureUrl: string }> {
  const dir = await hookedRepo(engine, configured, cleanup);
  writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS);
  await flashOk(dir, ['migrate', 'users']);
  await flashOk(dir, ['apply']);
  await gitOk(dir, ['add', '-A']);
  await gitOk(dir, ['commit', '-q', '-m', 'users']);
  const mainUrl = (await flashOk(dir, ['url'])).stdout.trim();
  await flashOk(dir, ['branch', 'feature']);
  const featureUrl = (await flashOk(dir, ['url'])).stdout.trim();
  cleanup.push(featureUrl);
  return { dir, mainUrl, featureUrl };
}

const SERVERS: Array<[Engine, string]> = [
  ['postgresql', PG_URL],
  ['mysql', MYSQL_URL],
];

describe.each(SERVERS)('one source of truth for the base URL (%s, issue 12 item 2)', (engine, server) => {
  const cleanup: string[] = [];
  afterAll(() => dropAll(engine, cleanup));

  it("an edit of .env's managed line is carried into every branch URL and survives checkouts", async () => {
    const { dir, mainUrl, featureUrl } = await setup(engine, withDatabase(server, uniqueDbName()), cleanup);
    expect(published(dir)).toEqual({ url: featureUrl, branch: 'feature' });
    editEnv(dir, featureUrl, respell(featureUrl)); // password rotation + another host name
    expect((await flashOk(dir, ['url'])).stdout.trim()).toBe(respell(featureUrl));
    const toMain = await gitRun(dir, ['checkout', 'main']);
    expect(flashLines(toMain.stderr).filter((l) => l.includes('warning'))).toEqual([]);
    expect(published(dir)).toEqual({ url: respell(mainUrl), branch: 'main' });
    await gitOk(dir, ['checkout', '-q', 'feature']);
    expect(published(dir)).toEqual({ url: respell(featureUrl), branch: 'feature' });
    await flashOk(dir, ['status']);
  }, 300_000);

  it('a DATABASE_URL in the environment wins over .env and branches.json, for `flash url` and every branch', async () => {
    const { dir, mainUrl, featureUrl } = await setup(engine, withDatabase(server, uniqueDbName()), cleanup);
    expect((await flashOk(dir, ['url'], { DATABASE_URL: respell(mainUrl) })).stdout.trim()).toBe(respell(featureUrl));
    // `export DATABASE_URL="$(flash url)"` on another branch: its server still counts, the branch picks the database.
    expect((await flashOk(dir, ['url'], { DATABASE_URL: respell(featureUrl) })).stdout.trim()).toBe(respell(featureUrl));
    const status = JSON.parse((await flashOk(dir, ['status', '--json'], { DATABASE_URL: respell(mainUrl) })).stdout) as {
      database: string;
    };
    expect(status.database).toContain(engine === 'postgresql' ? 'localhost' : '127.0.0.1');
    // Not persisted: without the variable, .env's URL is the base again.
    expect((await flashOk(dir, ['url'])).stdout.trim()).toBe(featureUrl);
  }, 300_000);
  // Found by the integration-flow test: with DATABASE_URL naming a new base for the whole session, `flash
  // branch feature` created <override>__feature but recorded <.env base>__feature, so every later command
  // (`flash url`, `flash raw`) looked for a database that did not exist.
  it('a branch created under an environment override naming a new base is found again, with and without it', async () => {
    const base = withDatabase(server, uniqueDbName());
    const dir = await hookedRepo(engine, base, cleanup);
    const override = withDatabase(server, uniqueDbName());
    cleanup.push(override);
    await (await loadDialect(engine)).databases.create(override);
    const env = { DATABASE_URL: override };
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS);
    await flashOk(dir, ['migrate', 'users'], env);
    await flashOk(dir, ['apply'], env);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'users']);
    const created = await flashOk(dir, ['branch', 'feature'], env);
    const featureUrl = (await flashOk(dir, ['url'], env)).stdout.trim();
    cleanup.push(featureUrl);
    expect(created.stdout).toContain(new URL(featureUrl).pathname.slice(1));
    await flashOk(dir, ['status'], env);
    // the override is not persisted, but the name of the database it created is
    expect((await flashOk(dir, ['url'])).stdout.trim()).toBe(featureUrl);
  }, 300_000);
});

describe('one source of truth for the base URL (sqlite, issue 12 item 2)', () => {
  it('an edit of the home branch line in .env moves the home database; the environment overrides it', async () => {
    const dir = await hookedRepo('sqlite', undefined, []);
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS);
    await flashOk(dir, ['migrate', 'users']);
    await flashOk(dir, ['apply']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'users']);
    await gitOk(dir, ['checkout', '-q', '-b', 'feature']);
    await gitOk(dir, ['checkout', '-q', 'main']);
    expect(published(dir)).toEqual({ url: 'file:./dev.db', branch: 'main' });
    expect((await flashOk(dir, ['url'], { DATABASE_URL: 'file:./elsewhere.db' })).stdout.trim()).toBe('file:./elsewhere.db');
    editEnv(dir, 'DATABASE_URL=file:./dev.db', 'DATABASE_URL=file:./main2.db');
    expect((await flashOk(dir, ['url'])).stdout.trim()).toBe('file:./main2.db');
    await gitOk(dir, ['checkout', '-q', 'feature']);
    expect(published(dir)).toEqual({ url: 'file:./.flash/local/db/feature.db', branch: 'feature' });
    await gitOk(dir, ['checkout', '-q', 'main']);
    expect(published(dir)).toEqual({ url: 'file:./main2.db', branch: 'main' });
  }, 300_000);
});
