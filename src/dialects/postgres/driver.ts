import pg from 'pg';
import { FlashError } from '../../errors.js';
import type { Connection } from '../dialect.js';
import { codeSpans } from './split-statements.js';
import { textTypes } from './data-values.js';
import { describeOnPgClient, type RawDescription } from './describe-statement.js';
import { inTransaction } from '../transaction.js';

/** `postgres://user@host:port/db` — the URL without password or query string, for messages. */
export function describePgUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `${u.protocol}//${user}${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the configured PostgreSQL URL';
  }
}

/** Rewrites `?` placeholders to `$1…$n`, leaving `?` inside strings, comments and dollar quotes alone. */
export function rewritePlaceholders(sql: string): string {
  let out = '';
  let last = 0;
  let n = 0;
  for (const span of codeSpans(sql)) {
    for (let i = span.start; i < span.end; i++) {
      if (sql[i] === '?') {
        out += sql.slice(last, i) + `$${++n}`;
        last = i + 1;
      }
    }
  }
  return out + sql.slice(last);
}

/**
 * One pg Client, not a Pool: advisory locks and transactions are session state, so every query of a
 * Connection must run on the same session.
 */
export class PgConnection implements Connection {
  constructor(
    private readonly client: pg.Client,
    readonly description: string,
  ) {}

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    const text = params && params.length > 0 ? rewritePlaceholders(sql) : sql;
    try {
      const result = await this.client.query(text, params);
      return result.rows as T[];
    } catch (err) {
      throw pgSqlError(err, sql, this.description);
    }
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return inTransaction(this, fn);
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.client.query(sql);
    } catch (err) {
      throw pgSqlError(err, sql, this.description);
    }
  }

  /**
   * Rows as arrays of the server's text (no type parsing), with the field names and type OIDs: what
   * export, backup and `flash raw` convert themselves (data-values.ts). `command`/`rowCount` say what a
   * write did.
   */
  async queryText(sql: string): Promise<{
    fields: Array<{ name: string; dataTypeID: number }>;
    rows: Array<Array<string | null>>;
    command: string;
    rowCount: number | null;
  }> {
    try {
      const result = await this.client.query({ text: sql, rowMode: 'array', types: textTypes });
      return {
        fields: result.fields ?? [],
        rows: result.rows as Array<Array<string | null>>,
        command: result.command,
        rowCount: result.rowCount,
      };
    } catch (err) {
      throw pgSqlError(err, sql, this.description);
    }
  }

  /** Parse + Describe without executing (flash gen). */
  async describeStatement(sql: string): Promise<RawDescription> {
    try {
      return await describeOnPgClient(this.client, sql);
    } catch (err) {
      throw pgSqlError(err, sql, this.description);
    }
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

export function asPgConnection(conn: Connection): PgConnection {
  if (conn instanceof PgConnection) return conn;
  throw new FlashError(
    'E_INTERNAL',
    'The PostgreSQL dialect was given a connection it did not open.',
    'Open connections with the dialect of the configured provider.',
  );
}

/** Connections that can describe a statement (the pg and PGlite ones). */
export interface DescribingConnection extends Connection {
  describeStatement(sql: string): Promise<RawDescription>;
}

export function canDescribe(conn: Connection): conn is DescribingConnection {
  return typeof (conn as Partial<DescribingConnection>).describeStatement === 'function';
}

/**
 * A server error becomes `E_SQL` carrying the SQLSTATE (`data.code`) and the statement; a dropped
 * connection becomes `E_DB_CONNECT`. Shared by the pg and PGlite connections.
 */
export function pgSqlError(err: unknown, sql: string, description: string): FlashError {
  if (err instanceof FlashError) return err;
  const e = err as { code?: string; message?: string; position?: string; detail?: string };
  if (typeof e?.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) {
    return new FlashError(
      'E_DB_CONNECT',
      `Lost the connection to ${description}: ${e?.message ?? String(err)}`,
      'Check that the PostgreSQL server is running.',
      { cause: err },
    );
  }
  return new FlashError('E_SQL', e.message ?? 'SQL error', 'Fix the SQL statement named in the message and try again.', {
    cause: err,
    data: { code: e.code, position: e.position, detail: e.detail, statement: sql.length > 500 ? sql.slice(0, 500) + '…' : sql },
  });
}

/** Connection errors worth telling apart; anything else is reported with the driver's own message. */
function connectFailure(err: unknown, description: string): FlashError {
  const e = err as { code?: string; message?: string };
  const reason =
    e.code === 'ECONNREFUSED'
      ? 'connection refused'
      : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
        ? 'host not found'
        : e.code === '3D000'
          ? 'database does not exist'
          : e.code === '28P01' || e.code === '28000'
            ? 'authentication failed'
            : (e.message ?? String(err)).replace(/:\/\/[^@\s]*@/g, '://');
  return new FlashError(
    'E_DB_CONNECT',
    `Cannot connect to PostgreSQL at ${description}: ${reason}.`,
    'Check that the server is running and that the database URL variable (url_env in flash.config.json) is right.',
    { data: { target: description, code: e.code }, cause: err },
  );
}

export async function connectPostgres(url: string, opts: { applicationName?: string } = {}): Promise<Connection> {
  const description = describePgUrl(url);
  let client: pg.Client;
  try {
    client = new pg.Client({ connectionString: url, application_name: opts.applicationName ?? 'flash', connectionTimeoutMillis: 10_000 });
  } catch (err) {
    throw new FlashError(
      'E_BAD_URL',
      `The PostgreSQL URL ${description} is not valid.`,
      'Use postgres://user:password@host:5432/database.',
      { cause: err },
    );
  }
  // An idle client whose server goes away emits 'error'; without a listener that would crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    throw connectFailure(err, description);
  }
  return new PgConnection(client, description);
}
