import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectMongo } from '../../src/dialects/mongodb/driver.js';
import { introspectMongo } from '../../src/dialects/mongodb/introspect.js';
import { mongoUrlFor } from '../../src/dialects/mongodb/admin.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { runFlash, tempDir } from '../helpers/cli.js';
import { git, runBranch, runLifecycle, runPull, sessions } from './mongodb-flow-suite.js';

// No MongoDB server runs on this machine or in CI here: these run only where FLASH_TEST_MONGO_URL is
// set (README says so). The same flow runs on the test double in mongodb-flow.test.ts every time.
const MONGO_URL = process.env.FLASH_TEST_MONGO_URL;
const prefix = `flash_mongo_${Date.now().toString(36)}`;
const created: string[] = [];

describe.skipIf(!MONGO_URL)('MongoDB end to end on a real server (FLASH_TEST_MONGO_URL)', () => {
  afterAll(async () => {
    for (const url of created) {
      const conn = await connectMongo(url);
      await conn.dropDatabase().catch(() => undefined);
      await conn.close();
    }
  });

  it('api: migrate → apply → status → down → check, pull, branch copy with documents', { timeout: 120_000 }, async () => {
    const { dir, pc, url } = await runLifecycle({ serverUrl: MONGO_URL!, connect: (u) => connectMongo(u) }, `${prefix}_api`);
    created.push(url);
    const mongo = await connectMongo(url);
    try {
      await runPull(pc, async () => {
        await mongo.command({ create: 'events' });
        await mongo.command({ createIndexes: 'events', indexes: [{ key: { at: -1 }, name: 'at_-1' }] });
      });
      await mongo.insertMany('users', [{ _id: 1, email: 'a@example.com', name: 'A' }]);
      const branchUrl = await runBranch(dir);
      created.push(branchUrl);
      const copy = await connectMongo(branchUrl);
      try {
        expect(snapshotOf(await introspectMongo(copy)).id).toBe(snapshotOf(await introspectMongo(mongo)).id);
        expect(await copy.find('users', {})).toEqual([{ email: 'a@example.com', name: 'A' }]);
      } finally {
        await copy.close();
      }
    } finally {
      await mongo.close();
    }
  });

  it('CLI: init --mongodb, migrate, apply, status, diff, down as a new user runs them', { timeout: 120_000 }, async () => {
    const dir = tempDir('flash-mongo-cli-');
    git(dir, 'init', '-q', '-b', 'main');
    const url = mongoUrlFor(MONGO_URL!, `${prefix}_cli`);
    created.push(url);
    const env = { DATABASE_URL: url };
    expect((await runFlash(['init', '--mongodb'], { cwd: dir, env })).stdout).toContain('db/schema/*.json');
    writeFileSync(path.join(dir, 'db/schema/sessions.json'), JSON.stringify(sessions));
    for (const args of [['migrate', 'init'], ['apply'], ['status'], ['diff'], ['down', '--yes'], ['apply']]) {
      const r = await runFlash(args, { cwd: dir, env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const st = await runFlash(['status', '--json'], { cwd: dir, env });
    expect(JSON.parse(st.stdout).live).toBe(JSON.parse(st.stdout).expected);
  });
});
