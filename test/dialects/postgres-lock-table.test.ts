import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';
import { lockTableError, neededValue } from '../../src/api/project/lock-table-error.js';
import type { ProjectContext } from '../../src/api/project/project-context.js';
import { FlashError } from '../../src/errors.js';
import { createTempDb } from './postgres-test-db.js';

describe('PostgreSQL lock table full ("out of shared memory")', () => {
  it('is E_LOCK_TABLE_FULL naming max_locks_per_transaction and the value to raise it to, exit 5', async () => {
    const db = await createTempDb();
    try {
      // One transaction taking more locks than the shared lock table holds: advisory locks share it
      // with the locks DDL takes on every object a big migration creates.
      const [row] = await db.conn.query<{ n: string }>(
        "SELECT current_setting('max_locks_per_transaction')::int * (current_setting('max_connections')::int + current_setting('max_prepared_transactions')::int) AS n",
      );
      const capacity = Number(row.n);
      // The server keeps some shared-memory slack beyond that capacity (how much depends on the build),
      // so take more until the table overflows.
      let failure: unknown;
      for (const times of [2, 4, 8]) {
        await db.conn.exec('BEGIN');
        failure = await db.conn
          .query(`SELECT count(pg_advisory_xact_lock(i)) FROM generate_series(1, ${capacity * times}) AS i`)
          .catch((e: unknown) => e);
        await db.conn.exec('ROLLBACK');
        if (failure instanceof Error) break;
      }
      expect(failure).toBeInstanceOf(FlashError);
      expect((failure as FlashError).message).toContain('out of shared memory');

      const pc = { dialect: postgresDialect } as ProjectContext;
      const err = await lockTableError(pc, db.conn, failure, { failedAt: 2081, total: 3000, what: 'Migration 1_big', rolledBack: true });
      expect(err).toBeInstanceOf(FlashError);
      expect(err!.code).toBe('E_LOCK_TABLE_FULL');
      expect(err!.exitCode).toBe(5);
      expect(err!.message).toContain('at statement 2081 of 3000');
      expect(err!.message).toContain(`max_locks_per_transaction (`);
      expect(err!.message).toContain(`${capacity.toLocaleString('en-US')} locks`);
      expect(err!.hint).toMatch(
        /^Raise max_locks_per_transaction to at least \d+ \(ALTER SYSTEM SET max_locks_per_transaction = \d+; then restart the server\)/,
      );
      expect(err!.hint).not.toContain('Fix the statement');

      // any other SQL error is not this one
      const other = await db.conn.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
      expect(await lockTableError(pc, db.conn, other, { failedAt: 1, total: 1, what: 'x', rolledBack: true })).toBeUndefined();
    } finally {
      await db.drop();
    }
  });

  it('extrapolates the value needed from how far the transaction got', () => {
    expect(neededValue(64, 2081, 3000)).toBe(128);
    expect(neededValue(64, 500, 3000)).toBe(512);
    expect(neededValue(256, 2999, 3000)).toBe(512);
  });
});
