import type Database from 'better-sqlite3';
import type { Column, Schema } from '../../core/model/schema.js';
import { floatValue, type DataValue } from '../../core/data/values.js';
import { FlashError } from '../../errors.js';
import { explainSqlite } from './explain.js';
import type { DialectData } from '../dialect.js';
import { insertStatement } from '../insert-rows.js';
import { oneIdentifierNames } from '../sql-names.js';
import { asSqliteConnection } from './driver.js';
import { quoteIdent } from './render-ddl.js';
import { renderSqliteSchema } from './render-schema.js';

/**
 * SQLite is read with safeIntegers, so 64-bit integers arrive exact as BigInt. They become numbers
 * when they fit a double and the declared type is not a 64-bit one (`bigint`, `int8`): those are
 * strings always, so a column never mixes numbers and strings (values/ts says the same of PG and MySQL).
 */
function cell(value: unknown, declared: string, family: Column['family'] | undefined): DataValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    if (family === 'boolean' && (value === 0n || value === 1n)) return value === 1n;
    const wide = /bigint|int8/i.test(declared);
    return !wide && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (typeof value === 'number') return floatValue(value);
  return value as DataValue;
}

/** better-sqlite3 throws SqliteError; Flash reports E_SQL with SQLite's code. */
export function sqliteError(err: unknown, sql: string): unknown {
  const e = err as { code?: unknown; message?: string };
  if (err instanceof FlashError || typeof e?.code !== 'string' || !e.code.startsWith('SQLITE_')) return err;
  return new FlashError('E_SQL', e.message ?? 'SQL error', 'Fix the SQL statement named in the message and try again.', {
    cause: err,
    data: { code: e.code, statement: sql.length > 500 ? sql.slice(0, 500) + '…' : sql },
  });
}

function run<T>(sql: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    throw sqliteError(err, sql);
  }
}

const col = (name: string, type: string, family: Column['family'], nullable = true): Column => ({ name, type, family, nullable });

export const sqliteData: DialectData = {
  async beginRead(conn) {
    // One read transaction: every table is read from the same state of the file.
    await conn.exec('BEGIN');
    return async () => {
      await conn.exec('COMMIT');
    };
  },

  async *streamRows(conn, table, columns, batchSize) {
    const db = asSqliteConnection(conn).db;
    const order = table.primaryKey ? ` ORDER BY ${table.primaryKey.columns.map(quoteIdent).join(', ')}` : '';
    const sql = `SELECT ${columns.map((c) => quoteIdent(c.name)).join(', ')} FROM ${quoteIdent(table.name)}${order}`;
    const iterator = run(sql, () => db.prepare(sql).raw(true).safeIntegers(true).iterate()) as IterableIterator<unknown[]>;
    let batch: DataValue[][] = [];
    for (const row of iterator) {
      batch.push(row.map((v, i) => cell(v, columns[i].type, columns[i].family)));
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  },

  loadPlan(schema: Schema) {
    // Foreign-key enforcement is off while the rows load, so they load in any order (the pragma cannot
    // change inside a transaction, hence before BEGIN); the check before COMMIT fails the restore if a
    // row points nowhere (the driver turns rows from foreign_key_check into an error). Triggers are
    // created after the rows so they do not fire on them.
    const withoutTriggers: Schema = { ...schema, tables: schema.tables.map(({ triggers: _triggers, ...t }) => t) };
    const triggers = schema.tables.flatMap((t) => (t.triggers ?? []).map((tr) => tr.definition));
    return {
      before: ['PRAGMA foreign_keys = OFF', 'BEGIN', renderSqliteSchema(withoutTriggers)],
      after: [...triggers, 'PRAGMA foreign_key_check', 'COMMIT', 'PRAGMA foreign_keys = ON'],
      rollback: ['ROLLBACK', 'PRAGMA foreign_keys = ON'],
    };
  },

  async insertRows(conn, table, columns, rows) {
    if (rows.length === 0) return;
    const sql = insertStatement(oneIdentifierNames(quoteIdent), table, columns, rows.length);
    const params = rows.flatMap((r) => r.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : Array.isArray(v) ? JSON.stringify(v) : v)));
    await run(sql, () => conn.query(sql, params));
  },

  trackingTable: {
    name: '_flash_migrations',
    columns: [
      col('id', 'integer', 'integer', false),
      col('migration_name', 'text', 'text', false),
      col('checksum', 'text', 'text', false),
      col('from_hash', 'text', 'text'),
      col('to_hash', 'text', 'text'),
      col('started_at', 'text', 'text', false),
      col('finished_at', 'text', 'text'),
      col('rolled_back_at', 'text', 'text'),
      col('applied_steps_count', 'integer', 'integer', false),
      col('logs', 'text', 'text'),
    ],
    primaryKey: { columns: ['id'] },
    uniques: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
  },

  async execute(conn, sql) {
    const db = asSqliteConnection(conn).db;
    return run(sql, () => {
      const stmt: Database.Statement = db.prepare(sql);
      if (!stmt.reader) return { columns: [], rows: [], affected: stmt.run().changes };
      const columns = stmt.columns();
      const rows = (stmt.raw(true).safeIntegers(true).all() as unknown[][]).map((r) =>
        r.map((v, i) => cell(v, columns[i].type ?? '', /^bool/i.test(columns[i].type ?? '') ? 'boolean' : undefined)),
      );
      return { columns: columns.map((c) => c.name), rows };
    });
  },

  async enterReadOnly(conn) {
    // PRAGMA query_only: SQLite itself then refuses every statement that would change the file.
    await conn.exec('PRAGMA query_only = ON');
  },
  isReadOnlyViolation: (err) => err instanceof FlashError && err.code === 'E_SQL' && String(err.data?.code).startsWith('SQLITE_READONLY'),
  readOnlyEscape: /\bquery_only\b/i,
  explain: (conn, sql) => explainSqlite(conn, sql),
  cancelByProcess: true,
};
