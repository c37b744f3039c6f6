import type { Column, Schema } from '../../core/model/schema.js';
import { floatValue, type DataValue } from '../../core/data/values.js';
import { FlashError } from '../../errors.js';
import { explainMysql } from './explain.js';
import type { DialectData } from '../dialect.js';
import { insertStatement } from '../insert-rows.js';
import { oneIdentifierNames } from '../sql-names.js';
import { q } from './ddl.js';
import { asMysqlConnection, type MysqlTypeCast } from './driver.js';
import { renderMysqlSchema } from './render-schema.js';

/**
 * mysql2's default conversions lose information DataValue keeps: BIGINT and DECIMAL past 2^53,
 * DATETIME as a local-time Date, JSON re-serialized. Those types are read as the server's text here.
 * TIMESTAMP is read in a UTC session, so it gets a `Z`; DATETIME has no zone and gets none.
 */
const dataCast: MysqlTypeCast = (field, next) => {
  switch (field.type) {
    case 'LONGLONG':
    case 'DECIMAL':
    case 'NEWDECIMAL':
    case 'JSON':
    case 'DATE':
    case 'NEWDATE':
      return field.string();
    case 'DATETIME':
    case 'DATETIME2':
      return isoDatetime(field.string(), '');
    case 'TIMESTAMP':
    case 'TIMESTAMP2':
      return isoDatetime(field.string(), 'Z');
    case 'BIT':
    case 'GEOMETRY':
      return field.buffer();
    default:
      return field.extendedFormat === 'json' ? field.string() : next();
  }
};

/** `2024-05-01 10:00:00.5` → `2024-05-01T10:00:00.5` (+ zone); zero dates keep MySQL's spelling. */
function isoDatetime(text: string | null, zone: string): string | null {
  if (text === null || !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(text) || text.startsWith('0000-')) return text;
  return text.replace(' ', 'T') + zone;
}

/** Back to what MySQL parses: no `T`, no `Z` (the load session is UTC too). */
function mysqlDatetime(value: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?$/.test(value) ? value.replace('T', ' ').replace(/Z$/, '') : value;
}

const spatial = /^(geometry|point|linestring|polygon|multipoint|multilinestring|multipolygon|geometrycollection)\b/;

function cell(value: unknown, column: Column | undefined): DataValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (column?.family === 'boolean') return value !== 0;
    return floatValue(value);
  }
  if (typeof value === 'bigint') return value.toString();
  return value as DataValue;
}

const timeSession = "SET time_zone = '+00:00'";
const col = (name: string, type: string, family: Column['family'], nullable = true): Column => ({ name, type, family, nullable });

export const mysqlData: DialectData = {
  async beginRead(conn) {
    await conn.exec(timeSession);
    await conn.exec('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    return async () => {
      await conn.exec('COMMIT');
    };
  },

  async *streamRows(conn, table, columns, batchSize) {
    const geometry = columns.find((c) => spatial.test(c.type));
    if (geometry) {
      throw new FlashError(
        'E_UNSUPPORTED',
        `Column ${table.name}.${geometry.name} has the spatial type ${geometry.type}, which Flash cannot export or back up yet.`,
        'Leave the table out with --tables, or use mysqldump for it.',
      );
    }
    const order = table.primaryKey ? ` ORDER BY ${table.primaryKey.columns.map(q).join(', ')}` : '';
    const sql = `SELECT ${columns.map((c) => q(c.name)).join(', ')} FROM ${q(table.name)}${order}`;
    let batch: DataValue[][] = [];
    for await (const row of asMysqlConnection(conn).streamArrays(sql, dataCast)) {
      batch.push(row.map((v, i) => cell(v, columns[i])));
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  },

  loadPlan(schema: Schema) {
    // Foreign-key checks are off while rows load in any order; NO_AUTO_VALUE_ON_ZERO keeps an id 0 as 0.
    const session = [timeSession, "SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO')", 'SET FOREIGN_KEY_CHECKS = 0'];
    const ddl = renderMysqlSchema(schema);
    return { before: ddl ? [...session, ddl] : session, after: ['SET FOREIGN_KEY_CHECKS = 1'], rollback: ['SET FOREIGN_KEY_CHECKS = 1'] };
  },

  async insertRows(conn, table, columns, rows) {
    if (rows.length === 0) return;
    const params = rows.flatMap((r) =>
      r.map((v, i) => {
        const family = columns[i].family;
        return typeof v === 'string' && (family === 'timestamp' || family === 'date') ? mysqlDatetime(v) : v;
      }),
    );
    await conn.query(insertStatement(oneIdentifierNames(q), table, columns, rows.length), params);
  },

  trackingTable: {
    name: '_flash_migrations',
    columns: [
      col('id', 'int', 'integer', false),
      col('migration_name', 'varchar(255)', 'text', false),
      col('checksum', 'varchar(64)', 'text', false),
      col('from_hash', 'varchar(64)', 'text'),
      col('to_hash', 'varchar(64)', 'text'),
      col('started_at', 'datetime(3)', 'timestamp', false),
      col('finished_at', 'datetime(3)', 'timestamp'),
      col('rolled_back_at', 'datetime(3)', 'timestamp'),
      col('applied_steps_count', 'int', 'integer', false),
      col('logs', 'longtext', 'text'),
    ],
    primaryKey: { columns: ['id'] },
    uniques: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
  },

  async execute(conn, sql) {
    const result = await asMysqlConnection(conn).queryArrays(sql, dataCast);
    const rows = result.rows.map((r) => r.map((v) => cell(v, undefined)));
    return { columns: result.fields, rows, ...(result.affected === undefined ? {} : { affected: result.affected }) };
  },

  async enterReadOnly(conn) {
    // MariaDB and MySQL refuse DML and DDL alike in a read-only session (error 1792).
    await conn.exec('SET SESSION TRANSACTION READ ONLY');
  },
  isReadOnlyViolation: (err) => err instanceof FlashError && err.code === 'E_SQL' && err.data?.errno === 1792,
  async statementTimeout(conn, ms) {
    // MariaDB: max_statement_time (seconds, every statement); MySQL 8: max_execution_time (ms, SELECT only)
    const version = (await conn.query<{ v: string }>('SELECT VERSION() AS v')).at(0)?.v ?? '';
    if (/mariadb/i.test(version)) await conn.exec(`SET SESSION max_statement_time = ${Math.max(0.001, ms / 1000)}`);
    else await conn.exec(`SET SESSION max_execution_time = ${Math.max(1, Math.trunc(ms))}`);
  },
  // 1969 ER_STATEMENT_TIMEOUT (MariaDB), 3024 ER_QUERY_TIMEOUT (MySQL)
  isStatementTimeout: (err) => err instanceof FlashError && err.code === 'E_SQL' && (err.data?.errno === 1969 || err.data?.errno === 3024),
  readOnlyEscape: /\bread\s+write\b|\b(tx|transaction)_read_only\b|\bset\s+(session\s+|global\s+|local\s+)?transaction\b/i,
  explain: (conn, sql) => explainMysql(conn, sql),
};
