import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDialect } from '../../src/dialects/registry.js';
import { databaseKey } from '../../src/api/project/local-state.js';
import { snapshotId } from '../../src/core/snapshot/hash.js';
import { flash, flashOk, gitOk, gitRun } from '../git/git-fixture.js';
import { dropAll, ENGINES, hookedRepo, sql, tables, type Engine } from './state-fixture.js';

const USERS = 'CREATE TABLE users (id integer PRIMARY KEY, name varchar(50));\n';
const T1 = 'CREATE TABLE t1 (id integer PRIMARY KEY);\n';
const T2 = 'CREATE TABLE t2 (id integer PRIMARY KEY);\n';
const T3 = 'CREATE TABLE t3 (id integer PRIMARY KEY);\n';
const UNIQUE_NAME = 'CREATE UNIQUE INDEX users_name ON users (name);\n';

/** What `.flash/local/state.json` says the database is at, and what it really is. */
async function recordedAndReal(engine: Engine, dir: string): Promise<{ recorded: string | undefined; real: string }> {
  const url = (await flashOk(dir, ['url'])).stdout.trim();
  const openable = url.startsWith('file:') ? path.resolve(dir, url.slice('file:'.length)) : url;
  const state = JSON.parse(readFileSync(path.join(dir, '.flash/local/state.json'), 'utf8')) as {
    databases: Record<string, { snapshot: string } | undefined>;
  };
  const dialect = await loadDialect(engine);
  const conn = await dialect.connect(openable);
  try {
    return { recorded: state.databases[databaseKey(openable)]?.snapshot, real: snapshotId(await dialect.introspect(conn)) };
  } finally {
    await conn.close();
  }
}

async function migrateAndCommit(dir: string, schema: string, name: string): Promise<void> {
  writeFileSync(path.join(dir, 'db/schema/app.sql'), schema);
  await flashOk(dir, ['migrate', name]);
  await gitOk(dir, ['add', '-A']);
  await gitOk(dir, ['commit', '-q', '-m', name]);
}

/**
 * Found by the randomized state test (seed 246760): a switch applied a branch's first pending
 * migration, failed on the next, and `.flash/local/state.json` kept the hash from before — so the next
 * switch (or a branch copied from this database) would plan from a schema the database no longer has.
 * A failed apply or down records where the database really stopped; where that cannot be told (a
 * migration half-applied on an engine without transactional DDL), it forgets the hash, so the next
 * switch looks at the live schema.
 */
describe.each(ENGINES)('a migration run that fails part-way (%s)', (engine, makeUrl) => {
  const cleanup: string[] = [];
  afterAll(() => dropAll(engine, cleanup));

  it('apply: the record follows the migrations that did run', async () => {
    const dir = await hookedRepo(engine, makeUrl(), cleanup);
    await migrateAndCommit(dir, USERS, 'users');
    await flashOk(dir, ['apply']);
    const url = (await flashOk(dir, ['url'])).stdout.trim();
    await sql(engine, dir, url, "INSERT INTO users (id, name) VALUES (1, 'ada'), (2, 'ada')");
    await migrateAndCommit(dir, USERS + T1, 't1');
    await migrateAndCommit(dir, USERS + T1 + UNIQUE_NAME, 'unique_name');

    const failed = await flash(dir, ['apply']);
    expect(failed.code, failed.stdout + failed.stderr).not.toBe(0);
    expect(failed.stderr).toMatch(/^error\[E_[A-Z_]+\]/m);
    expect(await tables(engine, dir, url)).toContain('t1'); // the first pending migration ran
    const { recorded, real } = await recordedAndReal(engine, dir);
    if (recorded !== undefined) expect(recorded).toBe(real);
  });

  it('down: the record follows the migrations that were reverted', async () => {
    const dir = await hookedRepo(engine, makeUrl(), cleanup);
    await migrateAndCommit(dir, USERS, 'users');
    await migrateAndCommit(dir, USERS + T1, 't1');
    await migrateAndCommit(dir, USERS + T1 + T2, 't2');
    await flashOk(dir, ['apply']);
    // t1's Down cannot run: `down -s 2` reverts t2, then fails.
    const t1File = readdirSync(path.join(dir, 'db/migrations')).find((f) => f.endsWith('_t1.sql'))!;
    const t1Path = path.join(dir, 'db/migrations', t1File);
    writeFileSync(t1Path, readFileSync(t1Path, 'utf8').replace(/(-- \+migrate Down\n)[\s\S]*$/, '$1SELECT no_such_column FROM t1;\n'));

    const failed = await flash(dir, ['down', '-s', '2', '--allow-changed', '--yes']);
    expect(failed.code, failed.stdout + failed.stderr).not.toBe(0);
    expect(failed.stderr).toMatch(/^error\[E_[A-Z_]+\]/m);
    const url = (await flashOk(dir, ['url'])).stdout.trim();
    expect(await tables(engine, dir, url)).toEqual(['t1', 'users']); // t2's Down ran
    const { recorded, real } = await recordedAndReal(engine, dir);
    if (recorded !== undefined) expect(recorded).toBe(real);
  });
});

/**
 * Found by the randomized state test (seed 890160, step 95; seed 246760, step 130): a Down that does
 * not undo its Up. Refused by code; where DDL is transactional it is rolled back, so the database stays
 * where it was instead of drifting from every state of the chain.
 */
describe.each(ENGINES.filter(([engine]) => engine !== 'mysql'))('a Down that does not reach its from hash (%s)', (engine, makeUrl) => {
  const cleanup: string[] = [];
  afterAll(() => dropAll(engine, cleanup));

  it('down records where the database really is and refuses with a code', async () => {
    const dir = await hookedRepo(engine, makeUrl(), cleanup);
    await migrateAndCommit(dir, USERS, 'users');
    await migrateAndCommit(dir, USERS + T1, 't1');
    await flashOk(dir, ['apply']);
    const t1File = readdirSync(path.join(dir, 'db/migrations')).find((f) => f.endsWith('_t1.sql'))!;
    const t1Path = path.join(dir, 'db/migrations', t1File);
    writeFileSync(t1Path, readFileSync(t1Path, 'utf8').replace(/(-- \+migrate Down\n)[\s\S]*$/, '$1SELECT 1;\n'));

    const refused = await flash(dir, ['down', '--allow-changed', '--yes']);
    expect(refused.code, refused.stdout + refused.stderr).not.toBe(0);
    expect(refused.stderr).toMatch(/^error\[E_SCHEMA_MISMATCH\]/m);
    // Both engines here have transactional DDL: the Down is rolled back, the database and its record unchanged.
    expect(refused.stderr).toContain('rolled back; the database is unchanged');
    const { recorded, real } = await recordedAndReal(engine, dir);
    expect(recorded).toBe(real);
    const url = (await flashOk(dir, ['url'])).stdout.trim();
    expect(await tables(engine, dir, url)).toEqual(['t1', 'users']);
    const status = JSON.parse((await flashOk(dir, ['status', '--json'])).stdout) as { drift: unknown[]; inSync: boolean };
    expect(status.drift).toEqual([]);
    expect(status.inSync).toBe(true);
  });
});

/**
 * Found by the randomized state test (seed 890160): `flash merge` stopped on a history conflict (C007:
 * ours' migrations do not bring a database at theirs' head to the merged schema) and left the work
 * tree as git's lock merge driver wrote it. `git checkout -b` then carried that unverified lock to a
 * new branch and ended the merge; the hook copied a database, ran the migrations, and recorded the
 * hash the lock promised — not the schema they produced. Now the hook checks the result: the real
 * snapshot is recorded and the switch refused by code. (The run's histories — ours adding t1 and
 * dropping it — merge cleanly since convergence looks at a migration's starting state; here theirs'
 * migration holds a hand-written `DROP TABLE IF EXISTS t1`, a no-op on theirs' own chain, so the
 * histories still do not commute.)
 */
describe.each(ENGINES.filter(([engine]) => engine !== 'mysql'))(
  'a lock whose migrations do not reach its hashes (%s)',
  (engine, makeUrl) => {
    const cleanup: string[] = [];
    afterAll(() => dropAll(engine, cleanup));

    it('a switch records where the database really is and refuses with a code', async () => {
      const dir = await hookedRepo(engine, makeUrl(), cleanup);
      await migrateAndCommit(dir, USERS, 'users');
      await flashOk(dir, ['apply']);
      await gitOk(dir, ['checkout', '-q', '-b', 'ours']);
      await migrateAndCommit(dir, USERS + T1, 'add_t1');
      await gitOk(dir, ['checkout', '-q', 'main']);
      await gitOk(dir, ['checkout', '-q', '-b', 'theirs']);
      writeFileSync(path.join(dir, 'db/schema/app.sql'), USERS + T2);
      await flashOk(dir, ['migrate', 'add_t2']);
      const t2File = readdirSync(path.join(dir, 'db/migrations')).find((f) => f.endsWith('_add_t2.sql'))!;
      const t2Path = path.join(dir, 'db/migrations', t2File);
      writeFileSync(t2Path, readFileSync(t2Path, 'utf8').replace('-- +migrate Down', 'DROP TABLE IF EXISTS t1;\n\n-- +migrate Down'));
      await flashOk(dir, ['migrate', 'add_t2']); // re-seals the edited, uncommitted migration
      await gitOk(dir, ['add', '-A']);
      await gitOk(dir, ['commit', '-q', '-m', 'add_t2']);
      await flashOk(dir, ['apply']);
      cleanup.push((await flashOk(dir, ['url'])).stdout.trim());
      // Committed, not applied: a database copied from theirs has migrations to run on the carried lock.
      await migrateAndCommit(dir, USERS + T2 + T3, 'add_t3');
      await gitOk(dir, ['checkout', '-q', 'ours']);
      cleanup.push((await flashOk(dir, ['url'])).stdout.trim());
      const merge = await flash(dir, ['merge', 'theirs']);
      // Flash stops the merge on C007 and the driver's unverified lock stays in the work tree. (Should the
      // merge learn to combine these histories, this test needs another chain whose hashes do not hold.)
      expect(merge.stderr).toContain('[C007]');
      const carried = await gitRun(dir, ['checkout', '-b', 'carried']);
      expect(carried.code).toBe(0);
      cleanup.push((await flashOk(dir, ['url'])).stdout.trim());
      expect(carried.stderr).toMatch(/^flash: warning\[E_SCHEMA_MISMATCH\]: /m);
      const { recorded, real } = await recordedAndReal(engine, dir);
      if (recorded !== undefined) expect(recorded).toBe(real);
    }, 600_000);
  },
);
