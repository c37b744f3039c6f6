import mysql from 'mysql2/promise';
import { FlashError } from '../../errors.js';
import type { Connection } from '../dialect.js';
import { describeTarget, parseMysqlUrl, type MysqlTarget } from './connection-url.js';
import { splitMysqlStatements } from './split-statements.js';
import { inTransaction } from '../transaction.js';

/** mysql2 error fields worth keeping; the message never contains the password. */
interface DriverError {
  message: string;
  code?: string;
  errno?: number;
  sqlState?: string;
}

/**
 * Connects with `multipleStatements` off: a script is split client-side and run one statement at a
 * time, so a stray `;` in user input can never smuggle in a second statement and an error points at
 * the statement that failed.
 */
export async function connectMysql(url: string): Promise<Connection> {
  const target = parseMysqlUrl(url);
  return openConnection(target);
}

export async function openConnection(target: MysqlTarget): Promise<MysqlConnection> {
  const description = describeTarget(target);
  let raw: mysql.Connection;
  try {
    raw = await mysql.createConnection({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database || undefined,
      socketPath: target.socketPath,
      ssl: target.ssl ? {} : undefined,
      multipleStatements: false,
      connectTimeout: 10_000,
      supportBigNumbers: true,
      charset: 'utf8mb4',
    });
  } catch (err) {
    const e = err as DriverError;
    const where = target.socketPath ?? `${target.host}:${target.port}`;
    const db = target.database ? `/${target.database}` : '';
    const unknownDb = e.code === 'ER_BAD_DB_ERROR';
    throw new FlashError(
      'E_DB_CONNECT',
      `Cannot connect to MySQL at ${where}${db}: ${scrub(e.message, target.password)}`,
      unknownDb
        ? `Create the database "${target.database}" or fix the database name in the URL variable.`
        : 'Check that the MySQL/MariaDB server is running and that the database URL variable (url_env in flash.config.json) is right.',
      { cause: err, data: { host: target.host, port: target.port, database: target.database, driverCode: e.code } },
    );
  }
  // An idle connection dropped by the server emits 'error'; without a listener Node would crash.
  raw.on('error', () => {});
  return new MysqlConnection(raw, description, target.password);
}

/** The part of mysql2's typeCast field API Flash uses (the type is not exported from mysql2/promise). */
export interface MysqlField {
  type: string;
  name: string;
  /** MariaDB 10.5+: `json` for its JSON columns (LONGTEXT underneath), which mysql2 would parse */
  extendedFormat?: string;
  string(): string | null;
  buffer(): Buffer | null;
}
export type MysqlTypeCast = (field: MysqlField, next: () => unknown) => unknown;
/** The parts of a prepared statement's column definition flash gen reads. */
export interface MysqlColumnDefinition {
  name: string;
  orgName: string;
  orgTable: string;
  columnType: number;
  flags: number;
  characterSet: number;
  columnLength: number;
}

export class MysqlConnection implements Connection {
  constructor(
    private readonly raw: mysql.Connection,
    readonly description: string,
    private readonly password?: string,
  ) {}

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    try {
      // Without parameters the text goes out untouched (mysql2 would otherwise rewrite every `?`, even inside literals).
      const [rows] = params.length ? await this.raw.query(sql, params) : await this.raw.query(sql);
      return Array.isArray(rows) ? (rows as T[]) : [];
    } catch (err) {
      throw this.sqlError(err, sql);
    }
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return inTransaction(this, fn, 'START TRANSACTION');
  }

  async exec(sql: string): Promise<void> {
    for (const statement of splitMysqlStatements(sql)) {
      await this.query(statement.sql);
    }
  }

  /** Rows as arrays with a per-query type cast (data.ts), the field names, and for a write the affected rows. */
  async queryArrays(sql: string, typeCast: MysqlTypeCast): Promise<{ fields: string[]; rows: unknown[][]; affected?: number }> {
    try {
      const [result, fields] = await this.raw.query({ sql, rowsAsArray: true, typeCast: typeCast as never });
      if (!Array.isArray(result)) return { fields: [], rows: [], affected: (result as mysql.ResultSetHeader).affectedRows };
      return { fields: (fields ?? []).map((f) => f.name), rows: result as unknown[][] };
    } catch (err) {
      throw this.sqlError(err, sql);
    }
  }

  /** Rows streamed from the server one at a time (mysql2's query stream), for tables that do not fit in memory. */
  async *streamArrays(sql: string, typeCast: MysqlTypeCast): AsyncIterable<unknown[]> {
    // The promise wrapper has no stream(); its underlying callback connection does.
    const core = (this.raw as unknown as { connection: { query(options: object): { stream(options: object): AsyncIterable<unknown> } } })
      .connection;
    const stream = core.query({ sql, rowsAsArray: true, typeCast: typeCast as never }).stream({ highWaterMark: 1000 });
    try {
      for await (const row of stream) yield row as unknown[];
    } catch (err) {
      throw this.sqlError(err, sql);
    }
  }

  /**
   * Prepare without executing (flash gen): the server answers with a definition per result column
   * (type, flags, original table and column). The statement is closed again.
   */
  async describeStatement(sql: string): Promise<MysqlColumnDefinition[]> {
    let prepared: mysql.PreparedStatementInfo;
    try {
      prepared = await this.raw.prepare(sql);
    } catch (err) {
      throw this.sqlError(err, sql);
    }
    const columns = ((prepared as unknown as { statement: { columns?: MysqlColumnDefinition[] } }).statement.columns ?? []).map((c) => ({
      name: c.name,
      orgName: c.orgName,
      orgTable: c.orgTable,
      columnType: c.columnType,
      flags: c.flags,
      characterSet: c.characterSet,
      columnLength: c.columnLength,
    }));
    await prepared.close();
    this.raw.unprepare(sql);
    return columns;
  }

  async close(): Promise<void> {
    try {
      await this.raw.end();
    } catch {
      this.raw.destroy();
    }
  }

  private sqlError(err: unknown, sql: string): FlashError {
    const e = err as DriverError;
    if (!e || typeof e.message !== 'string' || e.errno === undefined) {
      return new FlashError(
        'E_DB_CONNECT',
        `Lost the connection to ${this.description}: ${scrub(String(e?.message ?? err), this.password)}`,
        'Check that the MySQL/MariaDB server is running.',
        { cause: err },
      );
    }
    return new FlashError('E_SQL', e.message, 'Fix the SQL statement named in the message and try again.', {
      cause: err,
      data: { code: e.code, errno: e.errno, sqlState: e.sqlState, statement: sql.length > 500 ? sql.slice(0, 500) + '…' : sql },
    });
  }
}

function scrub(message: string, password?: string): string {
  return password ? message.split(password).join('***') : message;
}

export function asMysqlConnection(conn: Connection): MysqlConnection {
  if (conn instanceof MysqlConnection) return conn;
  throw new FlashError(
    'E_INTERNAL',
    'The MySQL dialect was given a connection it did not open.',
    'Open connections with the dialect of the configured provider.',
  );
}
