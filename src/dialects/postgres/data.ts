import type { Column, Schema } from '../../core/model/schema.js';
import { readsOnly } from '../../core/model/row-tables.js';
import type { DataValue } from '../../core/data/values.js';
import { FlashError } from '../../errors.js';
import { explainPostgres } from './explain.js';
import type { DialectData } from '../dialect.js';
import { insertStatement } from '../insert-rows.js';
import { asPgConnection } from './driver.js';
import { pgValue, typeOfOid } from './data-values.js';
import { postgresNames, quoteIdent, quoteName } from './quote.js';
import { renderPostgresSchemaParts } from './render.js';

/** The session DataValue assumes: instants in UTC, ISO dates, intervals in the default style the server reads back. */
const sessionSettings = ["SET TimeZone = 'UTC'", "SET DateStyle = 'ISO, YMD'", "SET IntervalStyle = 'postgres'"];

const trackingColumn = (name: string, type: string, family: Column['family'], nullable = true): Column => ({
  name,
  type,
  family,
  nullable,
});

export const postgresData: DialectData = {
  async beginRead(conn) {
    for (const s of sessionSettings) await conn.exec(s);
    await conn.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return async () => {
      await conn.exec('COMMIT');
    };
  },

  async *streamRows(conn, table, columns, batchSize) {
    const pgConn = asPgConnection(conn);
    const cursor = `flash_rows_${Math.random().toString(36).slice(2, 10)}`;
    const list = columns.map((c) => quoteIdent(c.name)).join(', ');
    // A cursor (needs the transaction beginRead opened) keeps one batch in memory, not the table.
    const order = table.primaryKey ? ` ORDER BY ${table.primaryKey.columns.map(quoteIdent).join(', ')}` : '';
    // ONLY: a parent's rows without its INHERITS children's (theirs are read from them)
    const only = readsOnly(table) ? 'ONLY ' : '';
    await conn.exec(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${list} FROM ${only}${quoteName(table.name)}${order}`);
    try {
      for (;;) {
        const { rows } = await pgConn.queryText(`FETCH ${batchSize} FROM ${cursor}`);
        if (rows.length === 0) break;
        yield rows.map((r) => r.map((text, i) => pgValue(text, columns[i].type)));
      }
    } finally {
      await conn.exec(`CLOSE ${cursor}`).catch(() => {});
    }
  },

  loadPlan(schema: Schema) {
    // Indexes, foreign keys and views come after the rows: tables load in any order and each key is checked once.
    const { preData, postData } = renderPostgresSchemaParts(schema);
    // serial and identity sequences continue after the restored ids
    const sequences = schema.tables.flatMap((t) =>
      t.columns
        .filter((c) => c.identity || /serial$/.test(c.type) || /^nextval\(/.test(c.default ?? ''))
        .map(
          // pg_get_serial_sequence reads its table argument as SQL spells it (quoted, schema-qualified), its column as a plain name
          (c) =>
            `SELECT setval(pg_get_serial_sequence(${literal(quoteName(t.name))}, ${literal(c.name)}), coalesce(max(${quoteIdent(c.name)}), 1), max(${quoteIdent(c.name)}) IS NOT NULL) FROM ${quoteName(t.name)}`,
        ),
    );
    return { before: [...sessionSettings, 'BEGIN', ...preData], after: [...postData, ...sequences, 'COMMIT'], rollback: ['ROLLBACK'] };
  },

  async insertRows(conn, table, columns, rows) {
    if (rows.length === 0) return;
    const overriding = columns.some((c) => c.identity === 'always') ? ' OVERRIDING SYSTEM VALUE' : '';
    const params = rows.flatMap((r) => r.map(pgParam));
    await conn.query(insertStatement(postgresNames, table, columns, rows.length, overriding), params);
  },

  trackingTable: {
    name: '_flash_migrations',
    columns: [
      trackingColumn('id', 'integer', 'integer', false),
      trackingColumn('migration_name', 'text', 'text', false),
      trackingColumn('checksum', 'text', 'text', false),
      trackingColumn('from_hash', 'text', 'text'),
      trackingColumn('to_hash', 'text', 'text'),
      trackingColumn('started_at', 'timestamptz', 'timestamp', false),
      trackingColumn('finished_at', 'timestamptz', 'timestamp'),
      trackingColumn('rolled_back_at', 'timestamptz', 'timestamp'),
      trackingColumn('applied_steps_count', 'integer', 'integer', false),
      trackingColumn('logs', 'text', 'text'),
    ],
    primaryKey: { columns: ['id'] },
    uniques: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
  },

  async execute(conn, sql) {
    const result = await asPgConnection(conn).queryText(sql);
    const types = result.fields.map((f) => typeOfOid(f.dataTypeID));
    const rows = result.rows.map((r) => r.map((text, i) => pgValue(text, types[i])));
    const returnsRows = result.fields.length > 0;
    return { columns: result.fields.map((f) => f.name), rows, ...(returnsRows ? {} : { affected: result.rowCount ?? 0 }) };
  },

  async enterReadOnly(conn) {
    await conn.exec('SET SESSION default_transaction_read_only = on');
  },
  // 25006 read_only_sql_transaction; 25001 active_sql_transaction (VACUUM and friends refuse to run in the guard's transaction)
  isReadOnlyViolation: (err) =>
    err instanceof FlashError && err.code === 'E_SQL' && (err.data?.code === '25006' || err.data?.code === '25001'),
  async statementTimeout(conn, ms) {
    await conn.exec(`SET statement_timeout = ${Math.max(1, Math.trunc(ms))}`);
  },
  // 57014 query_canceled, which statement_timeout raises
  isStatementTimeout: (err) => err instanceof FlashError && err.code === 'E_SQL' && err.data?.code === '57014',
  readOnlyEscape: /\b(default_)?transaction_read_only\b|\bread\s+write\b|\bset\s+session\s+characteristics\b/i,
  explain: explainPostgres,
  explainAnalyze: true,
};

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** pg binds Buffers as bytea; JSON columns are already their text (a JS array would become a PostgreSQL array literal). */
function pgParam(value: DataValue): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value) : value;
}
