import { FlashError, isFlashError } from '../../errors.js';
import type { Connection, DatabaseAdmin } from '../dialect.js';
import { connectPostgres, describePgUrl } from './driver.js';
import { copyDatabaseContents } from './copy-database.js';
import { quoteIdent } from './quote.js';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + encodeURIComponent(name);
  return u.toString();
}

function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name)
    throw new FlashError(
      'E_BAD_URL',
      `The PostgreSQL URL ${describePgUrl(url)} names no database.`,
      'Add the database name to the URL: postgres://user@host:5432/<database>.',
    );
  return name;
}

/** A connection to the server's maintenance database (`postgres`, else `template1`) for CREATE/DROP DATABASE. */
async function maintenance(url: string): Promise<Connection> {
  try {
    return await connectPostgres(withDatabase(url, 'postgres'), { applicationName: 'flash-admin' });
  } catch (err) {
    if (isFlashError(err) && err.data?.code === '3D000')
      return connectPostgres(withDatabase(url, 'template1'), { applicationName: 'flash-admin' });
    throw err;
  }
}

async function withMaintenance<T>(url: string, work: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await maintenance(url);
  try {
    return await work(conn);
  } finally {
    await conn.close();
  }
}

function sqlState(err: unknown): string | undefined {
  return isFlashError(err) ? (err.data?.code as string | undefined) : undefined;
}

/**
 * Copy by template is a file-level copy and by far the fastest, but PostgreSQL refuses it while anyone
 * else is connected to the source (55006). Flash's own idle sessions (application_name flash*) are
 * ended and the copy retried; if other clients remain, the copy is done through SQL instead.
 */
async function copy(source: string, target: string): Promise<void> {
  const from = databaseName(source);
  const to = databaseName(target);
  const usedFallback = await withMaintenance(source, async (conn) => {
    const create = `CREATE DATABASE ${quoteIdent(to)} TEMPLATE ${quoteIdent(from)}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await conn.exec(create);
        return false;
      } catch (err) {
        if (sqlState(err) !== '55006') throw err;
        const ended = await conn.query<{ pid: number }>(
          `select a.pid from pg_stat_activity a where a.datname = ? and a.pid <> pg_backend_pid() and a.application_name like 'flash%' and a.state = 'idle'
             and not exists (select 1 from pg_locks l where l.pid = a.pid and l.locktype = 'advisory')`,
          [from],
        );
        for (const { pid } of ended) await conn.query('select pg_terminate_backend(?)', [pid]);
        if (ended.length === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await conn.exec(`CREATE DATABASE ${quoteIdent(to)}`);
    return true;
  });
  if (!usedFallback) return;
  try {
    await copyDatabaseContents(source, target);
  } catch (err) {
    await drop(target).catch(() => {});
    throw new FlashError(
      'E_SQL',
      `Could not copy ${describePgUrl(source)} to ${to}: other sessions are connected to the source and the SQL copy failed (${err instanceof Error ? err.message : String(err)}).`,
      'Close other connections to the source database (app servers, psql, GUI clients) and try again.',
      { cause: err },
    );
  }
}

/**
 * CREATE DATABASE has no IF NOT EXISTS on PostgreSQL, and two concurrent creates of one name fail in
 * the loser with 42P04 (duplicate_database) or, when both passed the name check, 23505 on
 * pg_database_datname_index. Either means another session created it: that is success here, once the
 * database is confirmed to exist.
 */
async function createIfMissing(url: string): Promise<boolean> {
  const name = databaseName(url);
  return withMaintenance(url, async (conn) => {
    const exists = async () => (await conn.query('select 1 from pg_database where datname = ?', [name])).length > 0;
    if (await exists()) return false;
    try {
      await conn.exec(`CREATE DATABASE ${quoteIdent(name)}`);
      return true;
    } catch (err) {
      const state = sqlState(err);
      if ((state === '42P04' || state === '23505') && (await exists())) return false;
      throw err;
    }
  });
}

async function drop(url: string): Promise<void> {
  const name = databaseName(url);
  await withMaintenance(url, (conn) => conn.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

export const postgresAdmin: DatabaseAdmin = {
  urlFor: withDatabase,
  databaseName,
  exists: (url) =>
    withMaintenance(url, async (conn) => (await conn.query('select 1 from pg_database where datname = ?', [databaseName(url)])).length > 0),
  create: (url) => withMaintenance(url, (conn) => conn.exec(`CREATE DATABASE ${quoteIdent(databaseName(url))}`)),
  createIfMissing,
  drop,
  copy,
};
