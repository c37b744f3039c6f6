import { FlashError } from '../errors.js';
import type { Provider } from '../core/model/schema.js';
import type { Dialect } from './dialect.js';

/**
 * Dialects are imported lazily: each pulls in its driver (pg, mysql2, better-sqlite3, PGlite, mongodb),
 * and commands such as the git hook's fast path must not pay for that.
 */
export async function loadDialect(provider: Provider): Promise<Dialect> {
  switch (provider) {
    case 'postgresql':
      return (await import('./postgres/dialect.js')).postgresDialect;
    case 'mysql':
      return (await import('./mysql/dialect.js')).mysqlDialect;
    case 'sqlite':
      return (await import('./sqlite/dialect.js')).sqliteDialect;
    case 'mongodb':
      return (await import('./mongodb/dialect.js')).mongoDialect;
    default:
      throw new FlashError('E_UNKNOWN_PROVIDER', `Unknown provider "${String(provider)}".`, 'Use postgresql, mysql, sqlite or mongodb.');
  }
}
