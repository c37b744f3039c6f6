import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { initProject } from '../../src/api/init.js';
import { liveUrl, openProject, type ProjectContext } from '../../src/api/project/project-context.js';
import { migrate } from '../../src/api/migrate.js';
import { applyPending } from '../../src/api/apply.js';
import { status } from '../../src/api/status.js';
import { down } from '../../src/api/down.js';
import { diffRefs } from '../../src/api/diff.js';
import { checkProject } from '../../src/api/check.js';
import { pull } from '../../src/api/pull.js';
import { switchBranchDatabase } from '../../src/api/branch-switch.js';
import type { MongoConnection } from '../../src/dialects/mongodb/driver.js';
import { mongoUrlFor } from '../../src/dialects/mongodb/admin.js';
import { tempDir } from '../helpers/cli.js';

/**
 * The MongoDB api flow, run on whatever `connect` reaches: the test double in every run
 * (mongodb-flow.test.ts) and a real server when FLASH_TEST_MONGO_URL is set (mongodb-server.test.ts).
 * `openProject` loads the dialect from the registry; the caller decides what it connects to.
 */
export interface FlowTarget {
  /** server URL without a database (`mongodb://host:27017`) */
  serverUrl: string;
  connect: (url: string) => Promise<MongoConnection>;
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, FLASH_SKIP_HOOKS: '1' } });
}

export async function mongoProject(target: FlowTarget, dbName: string): Promise<{ dir: string; pc: ProjectContext; url: string }> {
  const dir = tempDir('flash-mongo-');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 't@example.com');
  git(dir, 'config', 'user.name', 'T');
  const init = await initProject(dir, 'mongodb');
  expect(init.schemaFiles).toBe('db/schema/*.json');
  expect(init.created).toContain('db/schema/users.json');
  const url = mongoUrlFor(target.serverUrl, dbName);
  writeFileSync(path.join(dir, '.env'), `DATABASE_URL=${url}\n`);
  return { dir, pc: await openProject(dir, { DATABASE_URL: url }), url };
}

export const usersV2 = {
  collection: 'users',
  validator: { $jsonSchema: { bsonType: 'object', required: ['email', 'name'] } },
  validationLevel: 'moderate',
  validationAction: 'warn',
  indexes: [
    { name: 'email_1', key: { email: 1 }, unique: true },
    { name: 'name_ci', key: { name: 1 }, collation: { locale: 'en', strength: 2 } },
    { name: 'active_email', key: { email: 1, createdAt: -1 }, partialFilterExpression: { active: true } },
  ],
};

export const sessions = {
  collection: 'sessions',
  indexes: [{ name: 'ttl', key: { createdAt: 1 }, expireAfterSeconds: 3600 }],
};

/** init → migrate → apply → status → change → migrate → apply → diff → down → status → check. */
export async function runLifecycle(target: FlowTarget, dbName: string): Promise<{ dir: string; pc: ProjectContext; url: string }> {
  const { dir, pc, url } = await mongoProject(target, dbName);
  const first = await migrate(pc, { name: 'init' });
  expect(first.written).toBe(true);
  expect(first.up).toEqual([
    '{"create":"users","validator":{"$jsonSchema":{"bsonType":"object","properties":{"email":{"bsonType":"string"},"name":{"bsonType":"string"}},"required":["email"]}}}',
    '{"createIndexes":"users","indexes":[{"key":{"email":1},"name":"email_1","unique":true}]}',
  ]);
  const file = readFileSync(first.file!, 'utf8');
  expect(file).toMatch(/-- \+migrate Up\n\{"create":"users"/);
  expect(file).toMatch(/-- \+migrate Down\n-- WARNING[^]*\[L011\][^]*\n\{"drop":"users"\}\n$/);
  expect(file).not.toMatch(/\};/);

  expect((await applyPending(pc)).applied).toEqual([first.name]);
  let report = await status(pc);
  expect(report.migrations.map((m) => m.state)).toEqual(['applied']);
  expect(report.live).toBe(report.expected);

  writeFileSync(path.join(dir, 'db/schema/users.json'), JSON.stringify(usersV2, null, 2));
  writeFileSync(path.join(dir, 'db/schema/sessions.json'), JSON.stringify(sessions, null, 2));
  const second = await migrate(pc, { name: 'indexes' });
  expect(second.up.join('\n')).toContain('"validationLevel":"moderate"');
  expect(second.up.join('\n')).toContain('"expireAfterSeconds":3600');
  expect(second.up.join('\n')).toContain('"collation":{"locale":"en","strength":2}');
  expect((await migrate(pc, { name: 'nothing' })).written).toBe(false);
  expect((await diffRefs(pc, ['expected', 'live'])).changes.length).toBeGreaterThan(0);
  expect((await applyPending(pc)).applied).toEqual([second.name]);
  report = await status(pc);
  expect(report.migrations.map((m) => m.state)).toEqual(['applied', 'applied']);
  expect(report.live).toBe(report.expected);
  expect(report.drift).toEqual([]);
  expect((await diffRefs(pc, ['schema', 'live'])).changes).toEqual([]);

  const reverted = await down(pc, { steps: 1, yes: true });
  expect(reverted.reverted).toEqual([second.name]);
  report = await status(pc);
  expect(report.migrations.map((m) => m.state)).toEqual(['applied', 'pending']);
  expect(report.live).toBe(report.expected);
  expect((await applyPending(pc)).applied).toEqual([second.name]);

  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'mongo schema');
  const check = await checkProject(pc);
  expect(check.findings.filter((f) => f.severity === 'error')).toEqual([]);
  expect(readdirSync(path.join(dir, 'db/migrations')).filter((f) => f.endsWith('.sql'))).toHaveLength(2);
  return { dir, pc, url };
}

/** `flash pull` of a collection created outside Flash: it lands in db/schema/<name>.json and `migrate` then has nothing to do. */
export async function runPull(pc: ProjectContext, createOutside: () => Promise<void>): Promise<void> {
  await createOutside();
  expect((await status(pc)).drift).not.toEqual([]);
  const pulled = await pull(pc, { yes: true });
  expect(pulled.writtenFiles.map((w) => path.basename(w.file))).toEqual(['events.json']);
  expect(pulled.migration).toMatch(/_pull$/);
  expect((await migrate(pc, { name: 'after pull' })).written).toBe(false);
  const report = await status(pc);
  expect(report.live).toBe(report.expected);
  expect(report.migrations.every((m) => m.state === 'applied')).toBe(true);
}

/** A branch database is a copy: collections, validators, indexes, documents and the tracking records. */
export async function runBranch(dir: string): Promise<string> {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'before branch');
  git(dir, 'checkout', '-qb', 'feature');
  const pc = await openProject(dir);
  const switched = await switchBranchDatabase(pc, { branch: 'feature', previousBranch: 'main', yes: true });
  expect(switched.created).toEqual({ copiedFrom: 'main' });
  expect(switched.action).toBe('none');
  const report = await status(pc);
  expect(report.database).not.toMatch(/\/flow$/);
  expect(report.migrations.every((m) => m.state === 'applied')).toBe(true);
  expect(report.live).toBe(report.expected);
  return await liveUrl(pc);
}
