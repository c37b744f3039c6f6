import { describe, expect, it } from 'vitest';
import { emptySchema, type Schema } from '../../src/core/model/schema.js';
import { diffCollections } from '../../src/core/diff/diff-collections.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { parseMigrationFile, renderMigrationFile } from '../../src/core/plan/migration-file.js';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import { renderMongo } from '../../src/dialects/mongodb/render.js';
import { replayCommand } from '../../src/dialects/mongodb/replay.js';
import { parseCommand, splitMongoCommands } from '../../src/dialects/mongodb/split-commands.js';
import { normalizeCollation, normalizeIndex } from '../../src/dialects/mongodb/normalize.js';
import { schemaFromJsonFiles } from '../../src/dialects/mongodb/schema-files.js';
import { layoutMongoSchemaFiles, renderCollectionFile } from '../../src/dialects/mongodb/schema-layout.js';
import { unmodelledMongo } from '../../src/dialects/mongodb/unmodelled.js';
import { nextTrackingId, trackingDocument } from '../../src/dialects/mongodb/tracking-records.js';
import { isStaleLock, STALE_MS } from '../../src/dialects/mongodb/lock.js';
import { mongoDatabaseName, mongoUrlFor } from '../../src/dialects/mongodb/admin.js';
import { traitsOf } from '../helpers/engine-traits.js';

const declare = (...defs: object[]): Schema => schemaFromJsonFiles(defs.map((d, i) => ({ file: `f${i}.json`, text: JSON.stringify(d) })));

const users = {
  collection: 'users',
  validator: { $jsonSchema: { bsonType: 'object', required: ['email'] } },
  validationLevel: 'moderate',
  validationAction: 'warn',
  indexes: [
    { key: { email: 1 }, unique: true },
    { name: 'name_ci', key: { name: 1 }, collation: { locale: 'en', strength: 2 } },
    { name: 'recent_active', key: { createdAt: -1 }, partialFilterExpression: { active: true } },
  ],
};
const sessions = { collection: 'sessions', indexes: [{ name: 'ttl', key: { at: 1 }, expireAfterSeconds: 60 }] };

function replay(from: Schema, statements: string[]): Schema {
  const schema = structuredClone(from);
  for (const text of statements) for (const st of splitMongoCommands(text)) replayCommand(schema, parseCommand(st.sql));
  return schema;
}

describe('MongoDB migration text', () => {
  it('splits JSON commands with lines, across lines, skipping comments and ;', () => {
    const text =
      '-- a comment\n{"create":"a"}\n\n// another\n{"createIndexes":"a",\n "indexes":[{"key":{"x":1},"name":"x_1"}]};\n{"drop":"b \\" }"}\n';
    expect(splitMongoCommands(text)).toEqual([
      { sql: '{"create":"a"}', line: 2 },
      { sql: '{"createIndexes":"a",\n "indexes":[{"key":{"x":1},"name":"x_1"}]}', line: 5 },
      { sql: '{"drop":"b \\" }"}', line: 7 },
    ]);
  });

  it('refuses text that is not a command, and an unclosed document, with its line (E_SQL)', () => {
    expect(() => splitMongoCommands('{"create":"a"}\ndb.a.drop()')).toThrow(
      expect.objectContaining({ code: 'E_SQL', message: expect.stringContaining('line 2') }),
    );
    expect(() => splitMongoCommands('\n{"create":"a"')).toThrow(
      expect.objectContaining({ code: 'E_SQL', message: expect.stringContaining('line 2') }),
    );
    expect(() => parseCommand('{}')).toThrow(expect.objectContaining({ code: 'E_SQL' }));
  });

  it('a migration file of JSON commands parses back into its Up and Down sections', () => {
    const up = renderMongo(diffCollections(emptySchema('mongodb'), declare(users))).map((s) => s.sql);
    const down = renderMongo(diffCollections(declare(users), emptySchema('mongodb'))).map((s) => s.sql);
    const text = renderMigrationFile(
      {
        name: '20260101000000_x',
        title: 'x',
        created: '2026-01-01T00:00:00Z',
        from: 'a',
        to: 'b',
        up: up.join('\n'),
        down: down.join('\n'),
      },
      { backslashEscapes: true },
    );
    const parsed = parseMigrationFile('20260101000000_x', text, { backslashEscapes: true });
    expect(splitMongoCommands(parsed.up).map((s) => s.sql)).toEqual(up);
    expect(splitMongoCommands(parsed.down).map((s) => s.sql)).toEqual(down);
  });
});

describe('MongoDB replay (the shadow) and Down inversion', () => {
  const cases: Array<[string, Schema, Schema]> = [
    ['create everything', emptySchema('mongodb'), declare(users, sessions)],
    [
      'validation and index changes',
      declare(users, sessions),
      declare(
        { ...users, validationLevel: 'strict', indexes: users.indexes.slice(1) },
        { ...sessions, indexes: [{ name: 'ttl', key: { at: 1 }, expireAfterSeconds: 120 }] },
      ),
    ],
    ['drop a collection', declare(users, sessions), declare(users)],
  ];
  for (const [title, from, to] of cases) {
    it(`${title}: Up replayed on the old schema gives the new one, Down gives the old one back`, () => {
      const up = renderMongo(diffCollections(from, to)).map((s) => s.sql);
      const down = renderMongo(diffCollections(to, from)).map((s) => s.sql);
      const after = replay(from, up);
      expect(snapshotOf(after).id).toBe(snapshotOf(to).id);
      expect(snapshotOf(replay(after, down)).id).toBe(snapshotOf(from).id);
    });
  }

  it('mirrors the server: an existing collection, a missing index, an unmodelled option or command are errors', () => {
    const s = declare(users);
    expect(() => replayCommand(s, { create: 'users' })).toThrow(/already exists/);
    expect(() => replayCommand(s, { dropIndexes: 'users', index: 'nope' })).toThrow(/index not found/);
    expect(() => replayCommand(s, { create: 'logs', capped: true, size: 1024 })).toThrow(
      expect.objectContaining({ code: 'E_UNSUPPORTED' }),
    );
    expect(() => replayCommand(s, { renameCollection: 'db.users', to: 'db.people' })).toThrow(
      expect.objectContaining({ code: 'E_UNSUPPORTED' }),
    );
    replayCommand(s, { insert: 'events', documents: [{ a: 1 }] });
    expect(s.collections.map((c) => c.name)).toEqual(['users', 'events']);
    replayCommand(s, { collMod: 'users', validator: {}, validationLevel: 'strict', validationAction: 'error' });
    expect(s.collections[0]).not.toHaveProperty('validator');
    expect(s.collections[0]).not.toHaveProperty('validationLevel');
  });
});

describe('MongoDB normalization', () => {
  it('a collation as listIndexes spells it out equals the declared one', () => {
    const server = {
      locale: 'en',
      caseLevel: false,
      caseFirst: 'off',
      strength: 2,
      numericOrdering: false,
      alternate: 'non-ignorable',
      maxVariable: 'punct',
      normalization: false,
      backwards: false,
      version: '57.1',
    };
    expect(normalizeCollation(server)).toEqual({ locale: 'en', strength: 2 });
    expect(normalizeIndex({ key: { a: 1 }, collation: { locale: 'simple' } })).not.toHaveProperty('collation');
    expect(normalizeIndex({ key: { a: 1 }, name: 'a', collation: server })).toEqual({
      name: 'a',
      keys: [['a', 1]],
      collation: { locale: 'en', strength: 2 },
    });
  });

  it('reports views, unmodelled collection options and index kinds by name', () => {
    const found = unmodelledMongo(
      ['active_users'],
      [
        { name: 'logs', options: { capped: true, size: 1024 } },
        { name: 'posts', options: { validator: {} } },
      ],
      [
        [],
        [
          { name: 'text_idx', key: { _fts: 'text', _ftsx: 1 }, weights: { body: 1 } },
          { v: 2, name: 'a_1', key: { a: 1 } },
        ],
      ],
    );
    expect(found).toEqual([
      { kind: 'view', name: 'active_users' },
      { kind: 'collection with capped, size', name: 'logs', table: 'logs' },
      { kind: 'index with text, weights', name: 'text_idx on posts', table: 'posts' },
    ]);
  });
});

describe('MongoDB merge', () => {
  it('two branches that each add a collection merge cleanly; both changing one collection is a conflict', () => {
    const base = declare(users);
    const ours = declare(users, sessions);
    const theirs = declare(users, { collection: 'events', indexes: [] });
    const merged = mergeSchemas(base, ours, theirs, { traits: traitsOf(base.provider) });
    if (!merged.ok) throw new Error(JSON.stringify(merged.conflicts));
    expect(merged.merged.collections.map((c) => c.name).sort()).toEqual(['events', 'sessions', 'users']);
    const a = declare({ ...users, validationLevel: 'strict' });
    const b = declare({ ...users, validationAction: 'error' });
    const clash = mergeSchemas(base, a, b, { traits: traitsOf(base.provider) });
    expect(clash.ok ? [] : clash.conflicts.map((c) => c.path)).toEqual(['collection:users']);
  });
});

describe('MongoDB pull layout', () => {
  it('keeps files that declare their collections as they are, rewrites changed ones, adds <name>.json, removes emptied files', () => {
    const dir = '/p/db/schema';
    const existing = new Map([
      [`${dir}/users.json`, JSON.stringify(users, null, 4)],
      [`${dir}/sessions.json`, renderCollectionFile(declare(sessions).collections)],
      [`${dir}/old.json`, JSON.stringify({ collection: 'gone', indexes: [] })],
    ]);
    const live = declare(users, { ...sessions, indexes: [] }, { collection: 'events', indexes: [] });
    const layout = layoutMongoSchemaFiles(existing, live, dir);
    expect(layout.writes.map((w) => [w.file, w.objects])).toEqual([
      [`${dir}/sessions.json`, ['collection sessions']],
      [`${dir}/events.json`, ['collection events']],
    ]);
    expect(layout.removes).toEqual([`${dir}/old.json`]);
    expect(snapshotOf(schemaFromJsonFiles(layout.writes.map((w) => ({ file: w.file, text: w.text })))).id).toBe(
      snapshotOf(declare({ ...sessions, indexes: [] }, { collection: 'events', indexes: [] })).id,
    );
  });
});

describe('MongoDB tracking, lock and URLs', () => {
  it('a tracking document has the SPEC fields, _id = id, and ids only grow', () => {
    const doc = trackingDocument(3, { migration_name: 'm', checksum: 'c', from_hash: 'a', to_hash: 'b', started_at: new Date(0) });
    expect(doc).toEqual({
      _id: 3,
      id: 3,
      migration_name: 'm',
      checksum: 'c',
      from_hash: 'a',
      to_hash: 'b',
      started_at: new Date(0),
      finished_at: null,
      rolled_back_at: null,
      applied_steps_count: 0,
      logs: null,
    });
    expect(nextTrackingId([])).toBe(1);
    expect(nextTrackingId([{ id: 2 }, { id: 7 }, { id: 5 }])).toBe(8);
  });

  it('a lock not refreshed for STALE_MS is stale', () => {
    const now = new Date(1_000_000);
    expect(isStaleLock({ at: new Date(now.getTime() - STALE_MS - 1) }, now)).toBe(true);
    expect(isStaleLock({ at: new Date(now.getTime() - 1000) }, now)).toBe(false);
    expect(isStaleLock(undefined, now)).toBe(false);
  });

  it('branch database URLs keep the server, credentials and options', () => {
    expect(mongoUrlFor('mongodb://u:p@h:27017/app?authSource=admin', 'app_feature')).toBe(
      'mongodb://u:p@h:27017/app_feature?authSource=admin',
    );
    expect(mongoDatabaseName('mongodb://h/app_feature')).toBe('app_feature');
    expect(mongoDatabaseName('mongodb://h')).toBe('test');
    expect(() => mongoUrlFor('mongodb://h/app', 'a.b')).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });
});
