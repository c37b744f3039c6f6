import { createHash } from 'node:crypto';
import { FlashError } from '../../errors.js';
import type { Connection } from '../dialect.js';

/** GET_LOCK names are server-wide (max 64 characters), so the database name is part of the key. */
export function lockName(database: string): string {
  const name = `flash_apply:${database}`;
  return name.length <= 64 ? name : `flash_apply:${createHash('sha256').update(database).digest('hex').slice(0, 40)}`;
}

const WAIT_SECONDS = 10;

/**
 * Session-level named lock on `conn`. `GET_LOCK(name, 0)` first, so a run that has to wait can say so
 * (`onWait`) before it blocks; then blocking GET_LOCK in bounded slices until it is granted.
 */
export async function acquireMysqlLock(conn: Connection, onWait?: () => void): Promise<() => Promise<void>> {
  const [db] = await conn.query<{ db: string | null }>('SELECT DATABASE() AS db');
  const name = lockName(db?.db ?? '');
  let got = await tryLock(conn, name, 0);
  if (!got) {
    onWait?.();
    while (!got) got = await tryLock(conn, name, WAIT_SECONDS);
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await conn.query('SELECT RELEASE_LOCK(?) AS released', [name]);
  };
}

async function tryLock(conn: Connection, name: string, seconds: number): Promise<boolean> {
  const [row] = await conn.query<{ got: number | string | null }>('SELECT GET_LOCK(?, ?) AS got', [name, seconds]);
  if (row?.got === null || row?.got === undefined) {
    throw new FlashError(
      'E_LOCKED',
      `The server refused the migration lock "${name}".`,
      'Check the server log; the lock request was killed or failed.',
    );
  }
  return Number(row.got) === 1;
}
