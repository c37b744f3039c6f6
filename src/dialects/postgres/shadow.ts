import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Connection, ShadowDatabase } from '../dialect.js';
import { pgSqlError, rewritePlaceholders } from './driver.js';
import { postgresAdmin } from './admin.js';
import { connectPostgres } from './driver.js';
import { refuseIcuCollationsOnPglite } from './pglite-collations.js';
import { extensionsCreatedBy, pgliteExtensions } from './pglite-extensions.js';
import { createPglite } from './pglite-image.js';
import { makeDataDir, onDisk, onDiskSettings, removeDataDir } from './pglite-on-disk.js';
import { describeOnPglite, type RawDescription } from './describe-statement.js';
import { inTransaction } from '../transaction.js';
import { checkRoles, createNamedRoles } from './grant-roles.js';

type PGliteInstance = import('@electric-sql/pglite').PGlite;

/** PGlite speaks the same SQL in-process; wrapped so the rest of Flash sees an ordinary Connection. */
class PgliteConnection implements Connection {
  readonly description = 'embedded PostgreSQL (PGlite)';
  constructor(private readonly db: PGliteInstance) {}

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    try {
      const result = params && params.length > 0 ? await this.db.query<T>(rewritePlaceholders(sql), params) : await this.db.query<T>(sql);
      return result.rows;
    } catch (err) {
      throw pgSqlError(err, sql, this.description);
    }
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return inTransaction(this, fn);
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.db.exec(sql);
    } catch (err) {
      throw pgSqlError(err, sql, this.description);
    }
  }

  async describeStatement(sql: string): Promise<RawDescription> {
    try {
      return await describeOnPglite(this.db, sql);
    } catch (err) {
      throw pgSqlError(err, sql, this.description);
    }
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

/**
 * A PGlite database (no server needed): in memory, or with `dataDir` on disk in that empty directory
 * (the caller creates and removes it; see pglite-on-disk.ts).
 */
export async function openPglite(extensionNames: readonly string[] = [], dataDir?: string): Promise<Connection> {
  const { PGlite } = await import('@electric-sql/pglite');
  const onDisk = dataDir
    ? { dataDir, startParams: [...PGlite.defaultStartParams, ...onDiskSettings.flatMap((s) => ['-c', s])] }
    : undefined;
  const extensions = await pgliteExtensions(extensionNames);
  // A kept shadow's data directory already holds a cluster: boot it as it is.
  const db =
    onDisk && existsSync(path.join(onDisk.dataDir, 'PG_VERSION'))
      ? await PGlite.create({ dataDir: onDisk.dataDir, startParams: onDisk.startParams, extensions })
      : await createPglite(PGlite, process.env, extensions, onDisk);
  return new PgliteConnection(db);
}

/**
 * The throwaway database `db/schema` is applied to. PGlite by default (its data directory in memory,
 * or in a temp dir for a large schema); with `shadowUrl`, a fresh `flash_shadow_<random>` database on
 * that server (for extensions PGlite lacks), dropped by dispose().
 */
export async function createPostgresShadow(opts: {
  url?: string;
  shadowUrl?: string;
  sql?: () => Promise<string[]>;
}): Promise<ShadowDatabase> {
  if (!opts.shadowUrl) {
    // PGlite has only its own superuser: the roles the schema grants to are made in the throwaway
    // instance (roles are cluster objects; `flash apply` checks that they exist on the target).
    const sql = opts.sql ? await opts.sql() : [];
    refuseIcuCollationsOnPglite(sql);
    if (!onDisk(sql)) {
      const connection = await openPglite(extensionsCreatedBy(sql));
      try {
        await createNamedRoles(connection, sql);
      } catch (err) {
        await connection.close();
        throw err;
      }
      return { connection, dispose: () => connection.close() };
    }
    const dir = await makeDataDir();
    return shadowOn(
      async () => {
        const connection = await openPglite(extensionsCreatedBy(sql), dir);
        try {
          await createNamedRoles(connection, sql);
        } catch (err) {
          await connection.close();
          throw err;
        }
        return connection;
      },
      () => removeDataDir(dir),
    );
  }
  const url = postgresAdmin.urlFor(opts.shadowUrl, `flash_shadow_${randomBytes(6).toString('hex')}`);
  await postgresAdmin.create(url);
  return shadowOn(
    async () => {
      const connection = await connectPostgres(url, { applicationName: 'flash-shadow' });
      // A temp database on the same server sees the cluster's roles: a missing one is the user's to create.
      try {
        if (opts.sql) await checkRoles(connection, await opts.sql(), 'the shadow server (shadow_url)');
      } catch (err) {
        await connection.close();
        throw err;
      }
      return connection;
    },
    () => postgresAdmin.drop(url),
  );
}

/**
 * A shadow on a resource made for it (a temp data directory, a server database): `remove` runs when
 * the connection cannot be opened and after dispose() closes it. When opening fails, the open's error
 * is the one reported; a failure to remove then is secondary.
 */
async function shadowOn(open: () => Promise<Connection>, remove: () => Promise<void>): Promise<ShadowDatabase> {
  let connection: Connection;
  try {
    connection = await open();
  } catch (err) {
    await remove().catch(() => {});
    throw err;
  }
  return {
    connection,
    dispose: async () => {
      try {
        await connection.close();
      } finally {
        await remove();
      }
    },
  };
}
