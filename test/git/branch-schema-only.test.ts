import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDialect } from '../../src/dialects/registry.js';
import { MYSQL_URL, PG_URL, uniqueDbName, withDatabase } from '../helpers/db-urls.js';
import { query } from './branch-scenario.js';
import { flashOk, flashRepo, gitOk } from './git-fixture.js';

/**
 * `flash branch <name> --schema-only`: the new branch's database has every table of the current one
 * and none of its rows (only rows the migrations insert), is recorded at the branch's hash, and the
 * source keeps its data.
 */
type Engine = 'sqlite' | 'postgresql' | 'mysql';
const urls: string[] = [];

const SCHEMA = `CREATE TABLE kinds (\n  id integer PRIMARY KEY,\n  name varchar(40) NOT NULL\n);\nCREATE TABLE users (\n  id integer PRIMARY KEY,\n  kind_id integer REFERENCES kinds (id),\n  name varchar(100) NOT NULL\n);\n`;

async function scenario(engine: Engine): Promise<void> {
  const dialect = await loadDialect(engine);
  let configured: string | undefined;
  if (engine !== 'sqlite') {
    configured = withDatabase(engine === 'postgresql' ? PG_URL : MYSQL_URL, uniqueDbName('pf_so'));
    urls.push(configured);
    await dialect.databases.create(configured);
  }
  const dir = await flashRepo(engine, configured);
  writeFileSync(path.join(dir, 'db/schema/tables.sql'), SCHEMA);
  await flashOk(dir, ['migrate', 'tables']);
  await flashOk(dir, ['apply']);
  const mainUrl = (await flashOk(dir, ['url'])).stdout.trim();
  await query(dialect, dir, mainUrl, "INSERT INTO kinds (id, name) VALUES (1, 'staff')");
  await query(dialect, dir, mainUrl, "INSERT INTO users (id, kind_id, name) VALUES (1, 1, 'ada'), (2, 1, 'grace')");
  await gitOk(dir, ['add', '-A']);
  await gitOk(dir, ['commit', '-q', '-m', 'tables']);

  const created = JSON.parse((await flashOk(dir, ['branch', 'light', '--schema-only', '--json'])).stdout) as {
    schemaOnly: boolean;
    snapshot: string;
  };
  expect(created.schemaOnly).toBe(true);
  expect((await gitOk(dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim()).toBe('light');
  const lightUrl = (await flashOk(dir, ['url'])).stdout.trim();
  if (engine !== 'sqlite') urls.push(lightUrl);
  expect(lightUrl).not.toBe(mainUrl);
  expect(Number((await query(dialect, dir, lightUrl, 'SELECT count(*) AS n FROM users'))[0].n)).toBe(0);
  expect(Number((await query(dialect, dir, lightUrl, 'SELECT count(*) AS n FROM kinds'))[0].n)).toBe(0);
  // same schema as the source, and recorded at the branch's hash: `flash status` finds no drift
  const status = JSON.parse((await flashOk(dir, ['status', '--json'])).stdout) as { drift: unknown[] };
  expect(status.drift).toEqual([]);
  const list = JSON.parse((await flashOk(dir, ['branch', 'list', '--json'])).stdout) as {
    branches: Array<{ branch: string; state: string }>;
  };
  expect(list.branches.find((b) => b.branch === 'light')?.state).toBe('in sync');
  // the source kept its rows; the `flash branch` copy (no flag) still carries them
  expect(Number((await query(dialect, dir, mainUrl, 'SELECT count(*) AS n FROM users'))[0].n)).toBe(2);
  await flashOk(dir, ['checkout', 'main']);
  await flashOk(dir, ['branch', 'full']);
  const fullUrl = (await flashOk(dir, ['url'])).stdout.trim();
  if (engine !== 'sqlite') urls.push(fullUrl);
  expect(Number((await query(dialect, dir, fullUrl, 'SELECT count(*) AS n FROM users'))[0].n)).toBe(2);
}

describe('flash branch --schema-only', () => {
  afterAll(async () => {
    for (const url of new Set(urls)) {
      const dialect = await loadDialect(url.startsWith('mysql') ? 'mysql' : 'postgresql');
      await dialect.databases.drop(url).catch(() => undefined);
    }
  });
  for (const engine of ['sqlite', 'postgresql', 'mysql'] as const) {
    it(`creates a branch database with the schema and no rows (${engine})`, () => scenario(engine), 240_000);
  }
});
