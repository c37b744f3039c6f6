import { describe, expect, it } from 'vitest';
import { connectMongo } from '../../src/dialects/mongodb/driver.js';
import { introspectMongo } from '../../src/dialects/mongodb/introspect.js';
import { runMongoCommands } from '../../src/dialects/mongodb/apply.js';
import { renderMongo } from '../../src/dialects/mongodb/render.js';
import { diffCollections } from '../../src/core/diff/diff-collections.js';
import { schemaFromJsonFiles } from '../../src/dialects/mongodb/schema-files.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { emptySchema } from '../../src/core/model/schema.js';

// No MongoDB server runs on this machine: these run only where FLASH_TEST_MONGO_URL is set (README says so).
const MONGO_URL = process.env.FLASH_TEST_MONGO_URL;

describe('MongoDB connection errors', () => {
  it('unreachable server → E_DB_CONNECT naming the host, never the password', async () => {
    const err = await connectMongo('mongodb://admin:s3cret@127.0.0.1:1/app', { timeoutMs: 300 }).catch((e) => e);
    expect(err.code).toBe('E_DB_CONNECT');
    expect(err.message).toContain('127.0.0.1:1');
    expect(err.message).not.toContain('s3cret');
  });
});

describe.skipIf(!MONGO_URL)('MongoDB driver (FLASH_TEST_MONGO_URL)', () => {
  it('applies a generated migration and introspects back to the desired schema', async () => {
    const url = new URL(MONGO_URL!);
    url.pathname = `/flash_t_${Date.now().toString(36)}`;
    const conn = await connectMongo(url.toString());
    try {
      const desired = schemaFromJsonFiles([
        {
          file: 'users.json',
          text: JSON.stringify({
            collection: 'users',
            validator: { $jsonSchema: { bsonType: 'object', required: ['email'] } },
            indexes: [{ key: { email: 1 }, unique: true }],
          }),
        },
      ]);
      const up = renderMongo(diffCollections(emptySchema('mongodb'), desired)).map((s) => s.sql);
      expect(await runMongoCommands(conn, up)).toBe(up.length);
      expect(snapshotOf(await introspectMongo(conn)).id).toBe(snapshotOf(desired).id);
      const down = renderMongo(diffCollections(desired, emptySchema('mongodb'))).map((s) => s.sql);
      await runMongoCommands(conn, down);
      expect((await introspectMongo(conn)).collections).toEqual([]);
    } finally {
      await conn.dropDatabase().catch(() => undefined);
      await conn.close();
    }
  });
});
