import { FlashError } from '../../errors.js';
import type { Connection, LockTableSize } from '../dialect.js';

/**
 * "out of shared memory" (SQLSTATE 53200) while running DDL means the shared lock table is full:
 * one transaction that creates or alters thousands of objects holds a lock on each, and the table
 * has room for max_locks_per_transaction × (max_connections + max_prepared_transactions) locks.
 * Returns the settings that size it, so the error can say what to raise.
 */
export async function postgresLockTableFull(err: unknown, conn: Connection): Promise<LockTableSize | undefined> {
  if (!(err instanceof FlashError) || err.code !== 'E_SQL' || (err.data as { code?: string } | undefined)?.code !== '53200')
    return undefined;
  if (!/shared memory/i.test(err.message)) return undefined;
  try {
    const [row] = await conn.query<{ locks: string; connections: string; prepared: string }>(
      "SELECT current_setting('max_locks_per_transaction') AS locks, current_setting('max_connections') AS connections, current_setting('max_prepared_transactions') AS prepared",
    );
    const perTransaction = Number(row?.locks);
    const slots = Number(row?.connections) + Number(row?.prepared);
    return { setting: 'max_locks_per_transaction', value: perTransaction, capacity: perTransaction * slots };
  } catch {
    // The settings are a courtesy; the error still names the setting.
    return { setting: 'max_locks_per_transaction' };
  }
}
