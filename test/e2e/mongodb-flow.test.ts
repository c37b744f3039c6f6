import { describe, expect, it, vi } from 'vitest';
import type { Provider } from '../../src/core/model/schema.js';
import { FakeMongoServer } from '../helpers/fake-mongo.js';
import { createMongoDialect } from '../../src/dialects/mongodb/dialect.js';
import { readTracking } from '../../src/api/project/tracking.js';
import { connectLive } from '../../src/api/project/project-context.js';
import { runBranch, runLifecycle, runPull } from './mongodb-flow-suite.js';

// The registry hands out a MongoDB dialect whose driver is the test double (test/helpers/fake-mongo.ts):
// the api code under test is the real one, from openProject on.
const server: { current?: FakeMongoServer } = vi.hoisted(() => ({}));
vi.mock('../../src/dialects/registry.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/dialects/registry.js')>();
  return {
    loadDialect: async (provider: Provider) =>
      provider === 'mongodb' ? createMongoDialect(server.current!.connect) : original.loadDialect(provider),
  };
});

describe('MongoDB api flow on the test double', () => {
  it('init → migrate → apply → status → down → check, tracking in a _flash_migrations collection', { timeout: 60_000 }, async () => {
    const fake = new FakeMongoServer();
    server.current = fake;
    const { pc } = await runLifecycle({ serverUrl: 'mongodb://fake:27017', connect: fake.connect }, 'flow');
    const db = fake.databases.get('flow')!;
    expect([...db.keys()].sort()).toEqual(['_flash_lock', '_flash_migrations', 'sessions', 'users']);
    // the lock is released; the server saw collMod with the full validation for the changed validator
    expect(db.get('_flash_lock')!.docs).toEqual([]);
    expect(fake.commands.some((c) => c.cmd.collMod === 'users' && c.cmd.validationAction === 'warn')).toBe(true);
    const docs = db.get('_flash_migrations')!.docs;
    expect(Object.keys(docs[0]).sort()).toEqual(
      [
        '_id',
        'applied_steps_count',
        'checksum',
        'finished_at',
        'from_hash',
        'id',
        'logs',
        'migration_name',
        'rolled_back_at',
        'started_at',
        'to_hash',
      ].sort(),
    );
    expect(docs.map((d) => [d.id, d.rolled_back_at === null ? 'live' : 'reverted'])).toEqual([
      [1, 'live'],
      [2, 'reverted'],
      [3, 'live'],
    ]);
    const { conn } = await connectLive(pc);
    expect((await readTracking(conn)).map((r) => r.applied_steps_count)).toEqual([2, 5, 5]);
  });

  it(
    'pull writes db/schema/<collection>.json; a branch database copies collections, indexes and documents',
    { timeout: 60_000 },
    async () => {
      const fake = new FakeMongoServer();
      server.current = fake;
      const { dir, pc } = await runLifecycle({ serverUrl: 'mongodb://fake:27017', connect: fake.connect }, 'flow');
      const mongo = await fake.connect('mongodb://fake:27017/flow');
      await runPull(pc, async () => {
        await mongo.command({ create: 'events' });
        await mongo.command({ createIndexes: 'events', indexes: [{ key: { at: -1 }, name: 'at_-1' }] });
      });
      await mongo.insertMany('users', [{ _id: 1, email: 'a@example.com', name: 'A' }]);
      const url = await runBranch(dir);
      const copy = fake.databases.get(new URL(url).pathname.slice(1))!;
      expect(copy.get('users')!.docs).toEqual([{ _id: 1, email: 'a@example.com', name: 'A' }]);
      expect(copy.get('users')!.options).toEqual(fake.databases.get('flow')!.get('users')!.options);
      expect(copy.get('events')!.indexes.map((i) => i.name)).toEqual(['at_-1']);
      expect(copy.get('_flash_migrations')!.docs).toEqual(fake.databases.get('flow')!.get('_flash_migrations')!.docs);
    },
  );
});
