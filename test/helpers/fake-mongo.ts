import type { MongoConnection, MongoDocument } from '../../src/dialects/mongodb/driver.js';

/**
 * TEST DOUBLE — an in-memory stand-in for a MongoDB server behind the `MongoConnection` interface, so
 * the api flow (migrate → apply → status → down → branch copy) runs in every test run. It mimics what
 * Flash relies on, server-style: listCollections returns raw options, listIndexes adds `v` and the
 * `_id_` index and spells collations out in full (as the server does), a duplicate `_id` fails with
 * code 11000, existing/missing collections and indexes fail like the server. It is not MongoDB: the
 * same flow runs against a real server in mongodb-flow.test.ts when FLASH_TEST_MONGO_URL is set.
 */
interface FakeCollection {
  options: MongoDocument;
  indexes: MongoDocument[];
  docs: MongoDocument[];
}

const COLLATION_DEFAULTS = {
  caseLevel: false,
  caseFirst: 'off',
  strength: 3,
  numericOrdering: false,
  alternate: 'non-ignorable',
  maxVariable: 'punct',
  normalization: false,
  backwards: false,
  version: '57.1',
};

export class FakeMongoServer {
  readonly databases = new Map<string, Map<string, FakeCollection>>();
  /** every command run, per database (for assertions) */
  readonly commands: Array<{ db: string; cmd: MongoDocument }> = [];

  db(name: string): Map<string, FakeCollection> {
    let db = this.databases.get(name);
    if (!db) this.databases.set(name, (db = new Map()));
    return db;
  }

  connect = (url: string): Promise<MongoConnection> => {
    const name = new URL(url).pathname.slice(1) || 'test';
    return Promise.resolve(this.connection(name, url));
  };

  private connection(name: string, url: string): MongoConnection {
    const commands = this.commands;
    const databases = this.databases;
    const db = () => this.db(name);
    const coll = (c: string, create = false): FakeCollection => {
      let x = db().get(c);
      if (!x && create) db().set(c, (x = { options: {}, indexes: [], docs: [] }));
      if (!x) throw Object.assign(new Error(`ns not found: ${name}.${c}`), { code: 26 });
      return x;
    };
    const clone = <T>(v: T): T => structuredClone(v);
    return {
      description: url,
      listCollections: () =>
        Promise.resolve(
          [...db()]
            .filter(([c]) => !c.startsWith('system.') && !c.startsWith('_flash_'))
            .map(([c, x]) => ({ name: c, type: 'collection', options: clone(x.options) })),
        ),
      listViews: () => Promise.resolve([]),
      listIndexes: (c) =>
        Promise.resolve([{ v: 2, key: { _id: 1 }, name: '_id_' }, ...coll(c).indexes.map((i) => ({ v: 2, ...clone(i) }))]),
      command(cmd) {
        commands.push({ db: name, cmd: clone(cmd) });
        const [op] = Object.keys(cmd);
        const target = String(cmd[op]);
        switch (op) {
          case 'create': {
            if (db().has(target)) throw Object.assign(new Error(`Collection ${name}.${target} already exists.`), { code: 48 });
            const { create: _, ...options } = cmd;
            db().set(target, { options: clone(options), indexes: [], docs: [] });
            break;
          }
          case 'drop':
            coll(target);
            db().delete(target);
            break;
          case 'collMod': {
            const x = coll(target);
            for (const k of ['validator', 'validationLevel', 'validationAction']) if (k in cmd) x.options[k] = clone(cmd[k]);
            break;
          }
          case 'createIndexes': {
            const x = coll(target, true);
            for (const spec of cmd.indexes as MongoDocument[]) {
              const i = clone(spec);
              if (i.collation) i.collation = { ...COLLATION_DEFAULTS, ...(i.collation as MongoDocument) };
              const same = x.indexes.find((e) => e.name === i.name);
              if (same && JSON.stringify(same) !== JSON.stringify(i))
                throw Object.assign(new Error(`Index ${String(i.name)} exists with different options`), { code: 85 });
              if (!same) x.indexes.push(i);
            }
            break;
          }
          case 'dropIndexes': {
            const x = coll(target);
            const at = x.indexes.findIndex((i) => i.name === cmd.index);
            if (at < 0) throw Object.assign(new Error(`index not found with name [${String(cmd.index)}]`), { code: 27 });
            x.indexes.splice(at, 1);
            break;
          }
          default:
            throw new Error(`the test double does not implement command ${op}`);
        }
        return Promise.resolve({ ok: 1 });
      },
      find(c, filter, sort = {}) {
        const docs = db().get(c)?.docs ?? [];
        const match = docs.filter((d) => Object.entries(filter).every(([k, v]) => d[k] === v));
        const [key, dir] = Object.entries(sort)[0] ?? [];
        if (key) match.sort((a, b) => (Number(a[key]) - Number(b[key])) * (dir ?? 1));
        return Promise.resolve(match.map(({ _id: _, ...rest }) => clone(rest)));
      },
      insertOne(c, doc) {
        const x = coll(c, true);
        if (doc._id !== undefined && x.docs.some((d) => d._id === doc._id))
          throw Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
        x.docs.push(clone(doc));
        return Promise.resolve();
      },
      updateMany(c, filter, set) {
        let matched = 0;
        for (const d of db().get(c)?.docs ?? [])
          if (Object.entries(filter).every(([k, v]) => d[k] === v)) {
            Object.assign(d, clone(set));
            matched++;
          }
        return Promise.resolve(matched);
      },
      deleteMany(c, filter) {
        const x = db().get(c);
        if (x) x.docs = x.docs.filter((d) => !Object.entries(filter).every(([k, v]) => d[k] === v));
        return Promise.resolve();
      },
      async *documents(c, batchSize) {
        const docs = db().get(c)?.docs ?? [];
        for (let i = 0; i < docs.length; i += batchSize) yield await Promise.resolve(clone(docs.slice(i, i + batchSize)));
      },
      insertMany(c, docs) {
        coll(c, true).docs.push(...clone(docs));
        return Promise.resolve();
      },
      databaseExists: () => Promise.resolve(db().size > 0),
      dropDatabase() {
        databases.delete(name);
        return Promise.resolve();
      },
      close: () => Promise.resolve(),
    };
  }
}
