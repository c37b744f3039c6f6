import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flashOk, gitOk } from '../git/git-fixture.js';
import { dropAll, ENGINES, hookedRepo, tables } from './state-fixture.js';

const USERS = 'CREATE TABLE users (id integer PRIMARY KEY, name varchar(50));\n';
const T1 = 'CREATE TABLE t1 (id integer PRIMARY KEY);\n';
const T2 = 'CREATE TABLE t2 (id integer PRIMARY KEY);\n';
const NO_HOOKS = { FLASH_SKIP_HOOKS: '1' };

async function migrateAndCommit(dir: string, schema: string, name: string): Promise<void> {
  writeFileSync(path.join(dir, 'db/schema/app.sql'), schema);
  await flashOk(dir, ['migrate', name]);
  await gitOk(dir, ['add', '-A']);
  await gitOk(dir, ['commit', '-q', '-m', name]);
}

/**
 * Found by the randomized state test (seed 246760, PostgreSQL, step 96): a branch's database was
 * created as a copy of another branch's whose schema had the same hash as the branch's head but got
 * there by other migrations (main added t1 and dropped it in `drop_on_main`; the branch dropped it in
 * `drop_on_b`). The switch saw "already at the expected hash" and left the copied tracking table as it
 * was: `status` on the branch then showed another branch's migration applied, its own pending, and
 * drift (t1 "missing"). A database at the branch's head gets the branch's history in its tracking table.
 */
interface Status {
  drift: unknown[];
  unknownApplied: string[];
  inSync: boolean;
  migrations: Array<{ name: string; state: string }>;
}

async function statusOf(dir: string): Promise<Status> {
  return JSON.parse((await flashOk(dir, ['status', '--json'])).stdout) as Status;
}

/** status on the checked-out branch: every migration applied, none of another branch's, no drift. */
function expectClean(status: Status): void {
  expect(status.unknownApplied, JSON.stringify(status)).toEqual([]);
  expect(status.drift, JSON.stringify(status)).toEqual([]);
  expect(status.inSync, JSON.stringify(status)).toBe(true);
  expect(
    status.migrations.filter((m) => m.state !== 'applied'),
    JSON.stringify(status),
  ).toEqual([]);
}

describe.each(ENGINES.filter(([engine]) => engine !== 'mysql'))('a copy at the same schema by another history (%s)', (engine, makeUrl) => {
  const cleanup: string[] = [];
  afterAll(() => dropAll(engine, cleanup));

  /**
   * main adds t1 and drops it in drop_on_main (applied: main's database is back at `users`); branch b,
   * made before main's drop and with no database yet (hooks skipped), drops it in drop_on_b, then
   * `bAfter` when given.
   */
  async function droppedOnBothSides(bAfter?: string): Promise<string> {
    const dir = await hookedRepo(engine, makeUrl(), cleanup);
    await migrateAndCommit(dir, USERS, 'users');
    await migrateAndCommit(dir, USERS + T1, 'add_t1');
    await flashOk(dir, ['apply']);
    cleanup.push((await flashOk(dir, ['url'])).stdout.trim());
    await gitOk(dir, ['checkout', '-q', '-b', 'b'], NO_HOOKS);
    await migrateAndCommit(dir, USERS, 'drop_on_b');
    if (bAfter) await migrateAndCommit(dir, bAfter, 'add_t2');
    await gitOk(dir, ['checkout', '-q', 'main'], NO_HOOKS);
    await migrateAndCommit(dir, USERS, 'drop_on_main');
    await flashOk(dir, ['apply']);
    return dir;
  }

  it('the switch rewrites the copied tracking rows to the branch history: status is clean', async () => {
    const dir = await droppedOnBothSides();
    await gitOk(dir, ['checkout', '-q', 'b']);
    cleanup.push((await flashOk(dir, ['url'])).stdout.trim());
    expectClean(await statusOf(dir));
  });

  it('a copy at an earlier state of the branch by another history runs only the rest of the chain', async () => {
    const dir = await droppedOnBothSides(USERS + T2);
    // main's database is at b's state after drop_on_b, by main's own drop: b runs add_t2 only.
    const switched = await gitOk(dir, ['checkout', '-q', 'b']);
    expect(switched).not.toMatch(/warning\[/);
    cleanup.push((await flashOk(dir, ['url'])).stdout.trim());
    expectClean(await statusOf(dir));
  });

  it('tracking rows a switch writes keep convergence: the satisfied migration is recorded satisfied, and down of it undoes nothing', async () => {
    const dir = await droppedOnBothSides();
    // The same drop on both sides: drop_on_b is satisfied by drop_on_main in the merged lock.
    const merged = await flashOk(dir, ['merge', 'b']);
    expect(merged.stdout).toMatch(/drop_on_b: the same change as \d+_drop_on_main/);
    // main's database is at the merged head's hash already; the switch records drop_on_b for it.
    await flashOk(dir, ['checkout', 'main']);
    const down = await flashOk(dir, ['down', '--yes']);
    expect(down.stdout).toMatch(/drop_on_b/);
    const status = await statusOf(dir);
    expect(status.drift, JSON.stringify(status)).toEqual([]);
    expect(status.inSync, JSON.stringify(status)).toBe(true);
  });
  it('a copied row satisfied by a twin this branch does not have is re-recorded as run: down of it undoes it', async () => {
    const dir = await droppedOnBothSides();
    await flashOk(dir, ['merge', 'b']);
    await flashOk(dir, ['apply']); // main records drop_on_b as satisfied by drop_on_main
    // b's database is a copy of main's: b's chain has no drop_on_main, so its drop_on_b is what dropped t1.
    await gitOk(dir, ['checkout', '-q', 'b']);
    cleanup.push((await flashOk(dir, ['url'])).stdout.trim());
    expectClean(await statusOf(dir));
    const down = await flashOk(dir, ['down', '--yes']);
    expect(down.stdout).toMatch(/drop_on_b/);
    const status = await statusOf(dir);
    expect(status.drift, JSON.stringify(status)).toEqual([]);
    expect(status.inSync, JSON.stringify(status)).toBe(true);
    expect(await tables(engine, dir, (await flashOk(dir, ['url'])).stdout.trim())).toEqual(['t1', 'users']);
  });
});
