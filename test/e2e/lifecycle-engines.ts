import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { loadDialect } from '../../src/dialects/registry.js';
import type { Connection } from '../../src/dialects/dialect.js';
import { MYSQL_URL, PG_URL, uniqueDbName } from '../helpers/db-urls.js';

/** How the lifecycle suite gets a private database on each engine, and a URL that cannot connect. */
export interface LifecycleEngine {
  provider: 'sqlite' | 'postgresql' | 'mysql';
  /** a fresh, empty database for the project in `dir` */
  createDatabase(dir: string): Promise<{ url: string; drop(): Promise<void> }>;
  /** DATABASE_URL that cannot be reached, the text the error must name, and a secret it must not print */
  unreachable: { url: string; names: string; secret?: string };
  /** transactional DDL: a failed migration leaves no trace */
  transactional: boolean;
  /**
   * `database.shadow_url` for tests that are not about the shadow itself: PGlite takes tens of seconds
   * to start on a loaded CI machine, a temp database on the real server does not. The main lifecycle
   * test keeps the embedded default.
   */
  serverShadowUrl?: string;
}

export async function connectTo(provider: LifecycleEngine['provider'], url: string): Promise<Connection> {
  return (await loadDialect(provider)).connect(url);
}

export const sqliteEngine: LifecycleEngine = {
  provider: 'sqlite',
  createDatabase: async (dir) => ({ url: path.join(dir, 'dev.db'), drop: async () => {} }),
  unreachable: { url: `file:/nonexistent-${randomBytes(3).toString('hex')}/dev.db`, names: '/nonexistent-' },
  transactional: true,
};

/** A fresh database on the test server, named `<prefix>_<unique>`, and how to drop it. */
function serverDatabase(provider: 'postgresql' | 'mysql', serverUrl: string, prefix: string): LifecycleEngine['createDatabase'] {
  return async () => {
    const dialect = await loadDialect(provider);
    const url = dialect.databases.urlFor(serverUrl, uniqueDbName(prefix));
    await dialect.databases.create(url);
    return { url, drop: () => dialect.databases.drop(url) };
  };
}

export const postgresEngine: LifecycleEngine = {
  provider: 'postgresql',
  createDatabase: serverDatabase('postgresql', PG_URL, 'flash_t'),
  unreachable: { url: 'postgres://flashuser:s3cretpw@127.0.0.1:1/nowhere', names: '127.0.0.1', secret: 's3cretpw' },
  transactional: true,
  serverShadowUrl: PG_URL,
};

/**
 * A server engine whose databases are named `<prefix>_…`: each test file its own prefix, so a
 * database left behind names the file that made it.
 */
export function withDbPrefix(engine: LifecycleEngine, prefix: string): LifecycleEngine {
  if (engine.provider !== 'postgresql' && engine.provider !== 'mysql') throw new Error(`${engine.provider} has no server`);
  return { ...engine, createDatabase: serverDatabase(engine.provider, engine.provider === 'postgresql' ? PG_URL : MYSQL_URL, prefix) };
}

export const mysqlEngine: LifecycleEngine = {
  provider: 'mysql',
  createDatabase: serverDatabase('mysql', MYSQL_URL, 'flash_t'),
  unreachable: { url: 'mysql://flashuser:s3cretpw@127.0.0.1:1/nowhere', names: '127.0.0.1', secret: 's3cretpw' },
  transactional: false,
  // MySQL has no embedded engine: with shadow_url, `migrate` works while the dev database is down.
  serverShadowUrl: MYSQL_URL,
};
