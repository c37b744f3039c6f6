import { randomBytes } from 'node:crypto';
import { FlashError } from '../../errors.js';
import type { ShadowDatabase } from '../dialect.js';
import { parseMysqlUrl } from './connection-url.js';
import { q } from './ddl.js';
import { openConnection, type MysqlConnection } from './driver.js';

/**
 * A throwaway database `flash_shadow_<random>` on the server of `shadowUrl` (or `url`). It gets the
 * default charset/collation of the database the URL names, so tables created without explicit options
 * introspect the same as in the real database. dispose() always drops it, whatever happened before.
 */
export async function createMysqlShadow(opts: { url?: string; shadowUrl?: string }): Promise<ShadowDatabase> {
  const base = opts.shadowUrl ?? opts.url;
  if (!base) {
    throw new FlashError(
      'E_NO_URL',
      'MySQL needs a server to build the shadow database on, and no database URL is set.',
      'Set the variable named by url_env (or shadow_url) to a mysql:// URL.',
    );
  }
  const target = parseMysqlUrl(base);
  const name = `flash_shadow_${randomBytes(6).toString('hex')}`;
  const admin = await openConnection({ ...target, database: '' });
  let connection: MysqlConnection | undefined;
  try {
    const options = target.database ? await databaseDefaults(admin, target.database) : '';
    await admin.query(`CREATE DATABASE ${q(name)}${options}`);
    connection = await openConnection({ ...target, database: name });
  } catch (err) {
    await dropQuietly(admin, name);
    await admin.close();
    throw err;
  }
  const conn = connection;
  let disposed = false;
  return {
    connection: conn,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await conn.close().catch(() => {});
      let dropped = await dropQuietly(admin, name);
      await admin.close().catch(() => {});
      if (!dropped) {
        // The admin session may have died meanwhile (server restart, timeout): one fresh attempt.
        const again = await openConnection({ ...target, database: '' });
        try {
          dropped = await dropQuietly(again, name);
        } finally {
          await again.close();
        }
      }
    },
  };
}

async function databaseDefaults(admin: MysqlConnection, database: string): Promise<string> {
  const [row] = await admin.query<{ cs: string; co: string }>(
    'SELECT default_character_set_name AS cs, default_collation_name AS co FROM information_schema.schemata WHERE schema_name = ?',
    [database],
  );
  const safe = (s: string): boolean => /^\w+$/.test(s);
  return row && safe(row.cs) && safe(row.co) ? ` CHARACTER SET ${row.cs} COLLATE ${row.co}` : '';
}

async function dropQuietly(conn: MysqlConnection, name: string): Promise<boolean> {
  try {
    await conn.query(`DROP DATABASE IF EXISTS ${q(name)}`);
    return true;
  } catch {
    return false;
  }
}
