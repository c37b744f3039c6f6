import { describe, expect, it } from 'vitest';
import { diffCollections } from '../../src/core/diff/diff-collections.js';
import { schemaFromJsonFiles } from '../../src/dialects/mongodb/schema-files.js';
import { normalizeCollection } from '../../src/dialects/mongodb/normalize.js';
import { renderMongo, parseMongoCommand } from '../../src/dialects/mongodb/render.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { FlashError } from '../../src/errors.js';

const users = {
  collection: 'users',
  validator: { $jsonSchema: { bsonType: 'object', required: ['email'], properties: { email: { bsonType: 'string' } } } },
  indexes: [
    { key: { email: 1 }, unique: true },
    { name: 'by_age_name', key: { age: -1, name: 1 } },
  ],
};
const files = (...docs: unknown[]) => docs.map((d, i) => ({ file: `db/schema/${i}.json`, text: JSON.stringify(d) }));

describe('MongoDB schema files', () => {
  it('parse collections with default index names and ordered keys', () => {
    const schema = schemaFromJsonFiles(files(users, [{ collection: 'logs', indexes: [] }]));
    const u = schema.collections.find((c) => c.name === 'users')!;
    expect(u.indexes.map((i) => i.name)).toEqual(['email_1', 'by_age_name']);
    expect(u.indexes[1].keys).toEqual([
      ['age', -1],
      ['name', 1],
    ]);
    expect(u.indexes[0].unique).toBe(true);
    expect(schema.collections.map((c) => c.name).sort()).toEqual(['logs', 'users']);
  });

  it('reject duplicates, missing names and bad JSON with E_SQL naming the file', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return [(e as FlashError).code, (e as FlashError).message];
      }
      return undefined;
    };
    expect(codeOf(() => schemaFromJsonFiles(files(users, users)))?.[0]).toBe('E_SQL');
    expect(codeOf(() => schemaFromJsonFiles(files({ indexes: [] })))?.[1]).toContain('db/schema/0.json');
    expect(codeOf(() => schemaFromJsonFiles([{ file: 'db/schema/x.json', text: '{ nope' }]))?.[1]).toContain('db/schema/x.json');
    expect(codeOf(() => schemaFromJsonFiles(files({ collection: 'a', indexes: [{ unique: true }] })))?.[0]).toBe('E_SQL');
  });

  it('a declared collection and the same collection as listCollections/listIndexes report it hash equal', () => {
    const declared = schemaFromJsonFiles(files(users));
    const live = {
      ...declared,
      collections: [
        normalizeCollection(
          { name: 'users', options: { validator: users.validator, validationLevel: 'strict', validationAction: 'error' } },
          [
            { v: 2, key: { _id: 1 }, name: '_id_' },
            { v: 2, key: { email: 1 }, name: 'email_1', unique: true },
            { v: 2, key: { age: -1, name: 1 }, name: 'by_age_name', sparse: false },
          ],
        ),
      ],
    };
    expect(snapshotOf(live).id).toBe(snapshotOf(declared).id);
  });
});

describe('MongoDB diff and render', () => {
  const base = schemaFromJsonFiles(files(users));

  it('identical schemas produce no operations', () => {
    expect(diffCollections(base, schemaFromJsonFiles(files(users)))).toEqual([]);
  });

  it('new collection: create then its indexes; dropped collection: drop', () => {
    const next = schemaFromJsonFiles(files(users, { collection: 'orders', indexes: [{ key: { userId: 1 } }] }));
    expect(diffCollections(base, next).map((o) => o.kind)).toEqual(['createCollection', 'createCollectionIndex']);
    expect(diffCollections(next, base).map((o) => o.kind)).toEqual(['dropCollection']);
  });

  it('validator change → one collMod with the full validation; index change → drop then create', () => {
    const changed = schemaFromJsonFiles(
      files({
        ...users,
        validationLevel: 'moderate',
        indexes: [{ key: { email: 1 } }, { name: 'by_age_name', key: { age: -1, name: 1 } }],
      }),
    );
    const ops = diffCollections(base, changed);
    expect(ops.map((o) => o.kind)).toEqual(['dropCollectionIndex', 'setValidator', 'createCollectionIndex']);
    const cmds = renderMongo(ops).map((s) => parseMongoCommand(s.sql));
    expect(Object.keys(cmds[0])[0]).toBe('dropIndexes');
    expect(cmds[1]).toMatchObject({ collMod: 'users', validationLevel: 'moderate', validationAction: 'error' });
    expect(Object.keys(cmds[1])[0]).toBe('collMod');
    expect(cmds[2]).toEqual({ createIndexes: 'users', indexes: [{ key: { email: 1 }, name: 'email_1' }] });
  });

  it('renders index keys in declared order (compound index direction and order matter)', () => {
    const ops = diffCollections(schemaFromJsonFiles([]), base);
    const create = renderMongo(ops)
      .map((s) => s.sql)
      .find((s) => s.includes('by_age_name'))!;
    expect(create).toContain('"key":{"age":-1,"name":1}');
    const first = renderMongo(ops)[0].sql;
    expect(first.startsWith('{"create":"users"')).toBe(true);
    expect(parseMongoCommand(first).validator).toEqual(users.validator);
  });
});
