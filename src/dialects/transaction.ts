import type { Connection } from './dialect.js';

/**
 * `Connection.transaction` for server engines: BEGIN, `fn`, COMMIT; ROLLBACK when `fn` throws (a
 * rollback error never hides the real one). On MySQL, DDL still commits implicitly: callers ask
 * `capabilities.transactionalDdl` before relying on the rollback.
 */
export async function inTransaction<T>(conn: Pick<Connection, 'exec'>, fn: () => Promise<T>, begin = 'BEGIN'): Promise<T> {
  await conn.exec(begin);
  let result: T;
  try {
    result = await fn();
  } catch (err) {
    await conn.exec('ROLLBACK').catch(() => undefined);
    throw err;
  }
  await conn.exec('COMMIT');
  return result;
}
