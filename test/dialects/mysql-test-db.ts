import type { Connection } from '../../src/dialects/dialect.js';
import type { Schema } from '../../src/core/model/schema.js';
import { canonicalizeSchema, canonicalJson } from '../../src/core/snapshot/canonical.js';
import { mysqlAdmin } from '../../src/dialects/mysql/admin.js';
import { connectMysql } from '../../src/dialects/mysql/driver.js';
import { MYSQL_URL, uniqueDbName } from '../helpers/db-urls.js';

export interface TempMysqlDb {
  url: string;
  name: string;
  conn: Connection;
  /** Closes the connection and drops the database. */
  drop(): Promise<void>;
}

/** A private `flash_t_<random>` database on the test MariaDB server, with an open connection. */
export async function createTempMysqlDb(): Promise<TempMysqlDb> {
  const name = uniqueDbName('flash_t');
  const url = mysqlAdmin.urlFor(MYSQL_URL, name);
  await mysqlAdmin.create(url);
  const conn = await connectMysql(url);
  return {
    url,
    name,
    conn,
    drop: async () => {
      await conn.close().catch(() => {});
      await mysqlAdmin.drop(url);
    },
  };
}

/** Runs `work` with a fresh database that is dropped afterwards, even when `work` throws. */
export async function withTempMysqlDb<T>(work: (db: TempMysqlDb) => Promise<T>): Promise<T> {
  const db = await createTempMysqlDb();
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

/** Names of databases on the test server starting with `prefix` (to prove temp databases are gone). */
export async function databasesLike(conn: Connection, prefix: string): Promise<string[]> {
  const rows = await conn.query<{ n: string }>('SELECT schema_name AS n FROM information_schema.schemata WHERE schema_name LIKE ?', [
    prefix + '%',
  ]);
  return rows.map((r) => r.n);
}
