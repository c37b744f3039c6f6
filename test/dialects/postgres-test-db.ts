import type { Connection } from '../../src/dialects/dialect.js';
import type { Schema } from '../../src/core/model/schema.js';
import { canonicalizeSchema, canonicalJson } from '../../src/core/snapshot/canonical.js';
import { postgresAdmin } from '../../src/dialects/postgres/admin.js';
import { connectPostgres } from '../../src/dialects/postgres/driver.js';
import { PG_URL, uniqueDbName } from '../helpers/db-urls.js';

export interface TempDb {
  url: string;
  conn: Connection;
  /** Closes the connection and drops the database. */
  drop(): Promise<void>;
}

/** A private `flash_t_<random>` database on the test server, with an open connection. */
export async function createTempDb(): Promise<TempDb> {
  const url = postgresAdmin.urlFor(PG_URL, uniqueDbName('flash_t'));
  await postgresAdmin.create(url);
  const conn = await connectPostgres(url, { applicationName: 'flash-test' });
  return {
    url,
    conn,
    drop: async () => {
      await conn.close().catch(() => {});
      await postgresAdmin.drop(url);
    },
  };
}

/** Runs `work` with a fresh database that is dropped afterwards, even when `work` throws. */
export async function withTempDb<T>(work: (db: TempDb) => Promise<T>): Promise<T> {
  const db = await createTempDb();
  try {
    return await work(db);
  } finally {
    await db.drop();
  }
}

/** The schema as the snapshot store would hash it; equal strings = equal schemas. */
export function canonical(schema: Schema): string {
  return canonicalJson(canonicalizeSchema(structuredClone(schema)));
}
