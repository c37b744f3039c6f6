import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { splitStatements } from '../../src/dialects/postgres/split-statements.js';
import { runFlash, tempDir } from '../helpers/cli.js';
import { expectOk, lockHead, type EngineProject, upStatements } from '../helpers/engine-project.js';

/**
 * The PostgreSQL object suites' shared round trips (issue #11): pull into an empty repository, and
 * removing one object from db/schema.
 */

/** `flash pull` of `p`'s database into an empty repository records the same snapshot, and nothing is left to migrate. */
export async function expectPullReproduces(p: EngineProject): Promise<void> {
  const dir = tempDir('flash-pg-pull-');
  execFileSync('git', ['init', '-q'], { cwd: dir });
  const flash = (...args: string[]) => runFlash(['--cwd', dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: p.url } });
  expectOk(await flash('init', '--postgresql'));
  expectOk(await flash('pull'));
  const lock = readFileSync(path.join(dir, 'db/migrations/flash.lock'), 'utf8');
  expect(lockHead(lock)).toBe(lockHead(p.read('db/migrations/flash.lock')));
  const again = await flash('migrate', 'nothing');
  expectOk(again);
  expect(again.stdout).toMatch(/no changes/i);
}

export interface Removable {
  name: string;
  /** A catalog query with one row while the object exists. */
  exists: string;
  /** The Up statements removing it, in order. */
  dropSql: RegExp[];
}

/**
 * With db/schema = `schemaWithout(r.name)`: the migration's Up is exactly `r.dropSql`, apply removes
 * the object, Down restores it, and undoing the migration leaves the project in sync. Each step is
 * undone in `finally`, so one failure does not cascade into the next object's test.
 */
export async function expectRemovalRoundTrip(p: EngineProject, r: Removable, schemaWithout: (skip?: string) => string): Promise<void> {
  let migrated = false;
  let applied = false;
  try {
    p.write('db/schema/schema.sql', schemaWithout(r.name));
    expectOk(await p.flash('migrate', 'drop one'));
    migrated = true;
    const up = upStatements(p, splitStatements);
    expect(up, up.join('\n')).toHaveLength(r.dropSql.length);
    r.dropSql.forEach((re, i) => expect(up[i]).toMatch(re));
    expectOk(await p.flash('apply', '--yes'));
    applied = true;
    expect(await p.sql(r.exists)).toHaveLength(0);
    expectOk(await p.flash('down', '--yes'));
    applied = false;
    expect(await p.sql(r.exists)).toHaveLength(1);
    expectOk(await p.flash('migrate', '--undo-last', '--yes'));
    migrated = false;
    p.write('db/schema/schema.sql', schemaWithout());
    const st = await p.flash('status');
    expectOk(st);
    expect(st.stdout).toContain('schema: in sync with the applied migrations (');
  } finally {
    if (applied) await p.flash('down', '--yes');
    if (migrated) await p.flash('migrate', '--undo-last', '--yes');
    p.write('db/schema/schema.sql', schemaWithout());
  }
}
