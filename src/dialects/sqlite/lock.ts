import { setTimeout as sleep } from 'node:timers/promises';
import { FlashError } from '../../errors.js';
import type { Connection } from '../dialect.js';
import { asSqliteConnection, BUSY_TIMEOUT_MS } from './driver.js';

/** How long `flash apply` waits for another applier before giving up. */
export const LOCK_WAIT_MS = 10 * 60 * 1000;

/**
 * SQLite has no named locks: the lock is a write transaction on the migration connection, held until
 * release commits it. `BEGIN IMMEDIATE` takes the database's single writer slot at once, so a second
 * applier waits here; unlike `BEGIN EXCLUSIVE` it still lets readers in (rollback-journal mode), so
 * `flash status` or a second `flash apply` reading `_flash_migrations` before asking for the lock is
 * not stuck behind a long migration. (In WAL mode the two are the same.) Attempts use busy_timeout 0 and an async back-off
 * instead of SQLite's blocking busy handler, so a waiting process keeps its event loop (and its
 * "waiting" message) alive. Foreign-key enforcement is switched off for the duration: the table
 * rebuilds of the migrations need it off and check integrity with `PRAGMA foreign_key_check`.
 */
export async function acquireSqliteLock(conn: Connection, onWait?: () => void, maxWaitMs = LOCK_WAIT_MS): Promise<() => Promise<void>> {
  const c = asSqliteConnection(conn);
  if (c.db.inTransaction) {
    throw new FlashError(
      'E_INTERNAL',
      'The SQLite migration lock was requested inside an open transaction.',
      'Acquire the lock before starting a transaction.',
    );
  }
  c.suspendForeignKeys();
  const deadline = Date.now() + maxWaitMs;
  let waited = false;
  let delay = 10;
  c.db.pragma('busy_timeout = 0');
  try {
    for (;;) {
      try {
        c.db.exec('BEGIN IMMEDIATE');
        break;
      } catch (err) {
        if (!isBusy(err)) throw err;
        if (!waited) onWait?.();
        waited = true;
        if (Date.now() > deadline) {
          throw new FlashError(
            'E_LOCKED',
            `Another process has held ${c.file} for more than ${Math.round(maxWaitMs / 1000)} s.`,
            'Wait for the other `flash` run to finish, or stop it, then try again.',
          );
        }
        await sleep(delay);
        delay = Math.min(delay * 2, 200);
      }
    }
  } catch (err) {
    c.restoreForeignKeys();
    throw err;
  } finally {
    c.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
  c.lockHeld = true;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    c.lockHeld = false;
    try {
      if (c.db.open && c.db.inTransaction) c.db.exec('COMMIT');
    } catch (err) {
      if (c.db.inTransaction) c.db.exec('ROLLBACK');
      throw err;
    } finally {
      if (c.db.open) c.afterTransaction();
    }
  };
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}
