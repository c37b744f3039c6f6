import { FlashError } from '../../errors.js';
import type { DatabaseAdmin } from '../dialect.js';
import { parseMysqlUrl, siblingUrl } from './connection-url.js';
import { copyMysqlDatabase } from './copy-database.js';
import { q } from './ddl.js';
import { openConnection, type MysqlConnection } from './driver.js';

/** Whole-database operations, each on a short server-level session (no default database). */
export const mysqlAdmin: DatabaseAdmin = {
  urlFor: (url, name) => siblingUrl(url, name),
  databaseName: (url) => parseMysqlUrl(url).database,

  async exists(url) {
    const target = parseMysqlUrl(url);
    return withServer(url, async (conn) => {
      const rows = await conn.query('SELECT 1 AS ok FROM information_schema.schemata WHERE schema_name = ?', [target.database]);
      return rows.length > 0;
    });
  },

  async create(url) {
    const name = requireName(url);
    await withServer(url, (conn) => conn.query(`CREATE DATABASE ${q(name)}`));
  },

  /** `CREATE DATABASE IF NOT EXISTS` is atomic on the server; its warning count says whether it existed. */
  async createIfMissing(url) {
    const name = requireName(url);
    return withServer(url, async (conn) => {
      await conn.query(`CREATE DATABASE IF NOT EXISTS ${q(name)}`);
      const warnings = await conn.query<{ Code: number }>('SHOW WARNINGS');
      return !warnings.some((w) => Number(w.Code) === 1007); // ER_DB_CREATE_EXISTS
    });
  },

  async drop(url) {
    const name = requireName(url);
    await withServer(url, (conn) => conn.query(`DROP DATABASE IF EXISTS ${q(name)}`));
  },

  async copy(source, target) {
    const from = parseMysqlUrl(source);
    const to = parseMysqlUrl(target);
    if (from.host !== to.host || from.port !== to.port || from.socketPath !== to.socketPath) {
      throw new FlashError(
        'E_UNSUPPORTED',
        'MySQL databases can only be copied within one server.',
        'Use URLs that differ only in the database name.',
      );
    }
    requireName(source);
    requireName(target);
    await withServer(source, (conn) => copyMysqlDatabase(conn, from.database, to.database));
  },
};

function requireName(url: string): string {
  const name = parseMysqlUrl(url).database;
  if (!name)
    throw new FlashError(
      'E_BAD_URL',
      'The MySQL URL names no database.',
      'Add the database name to the URL path: mysql://user@host:3306/<database>.',
    );
  return name;
}

async function withServer<T>(url: string, fn: (conn: MysqlConnection) => Promise<T>): Promise<T> {
  const conn = await openConnection({ ...parseMysqlUrl(url), database: '' });
  try {
    return await fn(conn);
  } finally {
    await conn.close();
  }
}
