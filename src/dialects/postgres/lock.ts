import type { Connection } from '../dialect.js';

/** Advisory lock keys: 'FLSH' and the lock's purpose (1 = applying migrations). Advisory locks are per database. */
const KEY = [0x464c5348, 1] as const;

/**
 * Session-level advisory lock on `conn`. A try first, so a run that has to wait can say so (`onWait`)
 * before it blocks on the real lock.
 */
export async function acquirePostgresLock(conn: Connection, onWait?: () => void): Promise<() => Promise<void>> {
  const [row] = await conn.query<{ ok: boolean }>('select pg_try_advisory_lock(?, ?) as ok', [...KEY]);
  if (!row.ok) {
    onWait?.();
    await conn.query('select pg_advisory_lock(?, ?)', [...KEY]);
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await conn.query('select pg_advisory_unlock(?, ?)', [...KEY]);
  };
}
