import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { expect } from 'vitest';
import { runFlash, tempDir } from '../helpers/cli.js';
import { chainHead, expectOk, migrateAndApply, migrationDdl, newEngineProject } from '../helpers/engine-project.js';
import type { LifecycleEngine } from './lifecycle-engines.js';

/** One attribute (or comment) of a modelled PostgreSQL object, end to end: see attributeLifecycle. */
export interface AttributeCase {
  name: string;
  /** db/schema with the attribute */
  schema: string;
  /** the same schema with the attribute removed or changed */
  changed: string;
  /** a catalog query whose rows show the attribute */
  catalog: string;
  /** its rows for `schema` and for `changed` */
  rowsWith: unknown[];
  rowsChanged: unknown[];
  /** the DDL statements of the Up section of the change (lines starting with CREATE / ALTER / DROP / COMMENT) */
  up: string[];
}

/**
 * migrate → apply → the live catalog has the attribute → pull into an empty repository (default
 * PGlite shadow for its verification) reproduces the same snapshot with nothing left to migrate → a
 * change of just that attribute migrates exactly `c.up` → Down restores it.
 */
export async function attributeLifecycle(engine: LifecycleEngine, cleanups: Array<() => Promise<void>>, c: AttributeCase): Promise<void> {
  const p = await newEngineProject(engine, cleanups);
  p.write('db/schema/schema.sql', c.schema);
  await migrateAndApply(p, 'with');
  expect(await p.sql(c.catalog)).toEqual(c.rowsWith);

  const dir = tempDir('flash-attr-pull-');
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  const q = (...args: string[]) => runFlash(['--cwd', dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: p.url } });
  expectOk(await q('init', '--postgresql'));
  expectOk(await q('pull'));
  expect(await chainHead(q)).toBe(await chainHead(p.flash));
  const again = await q('migrate', 'nothing');
  expectOk(again);
  expect(again.stdout).toMatch(/no changes/i);

  p.write('db/schema/schema.sql', c.changed);
  const file = await migrateAndApply(p, 'changed');
  expect(migrationDdl(p, file)).toEqual(c.up);
  expect(await p.sql(c.catalog)).toEqual(c.rowsChanged);
  expectOk(await p.flash('down', '--yes'));
  expect(await p.sql(c.catalog)).toEqual(c.rowsWith);
}
