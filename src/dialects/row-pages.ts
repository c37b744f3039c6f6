import type { Connection } from './dialect.js';
import type { SqlNames } from './sql-names.js';

/**
 * A cell as the studio's grid shows it and sends it back: the driver's value reduced to JSON.
 * Dates are ISO strings, binary is `\x` + hex, 64-bit integers are strings, JSON values are their text.
 * The optimistic check compares these shapes on both sides, so the reduction only has to be stable.
 */
export type GridValue = null | boolean | number | string;

export function gridValue(value: unknown): GridValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  return JSON.stringify(value);
}

/** A page request: which columns, in which order, after which row (keyset) or how many rows in (offset). */
export interface PageQuery {
  columns: string[];
  /** sort column(s) then the key columns; all in one direction so one row-value comparison continues the page */
  orderBy: string[];
  descending: boolean;
  /** case-insensitive "contains" per column, on the value as text */
  filters: Array<{ column: string; contains: string }>;
  /** keyset: values of `orderBy` of the last row shown; the page starts after it */
  after?: GridValue[];
  /** used when keyset is impossible (no key, or a nullable sort column) */
  offset?: number;
  limit: number;
}

/** What differs between engines in the grid's SQL besides identifier quoting. */
export interface PageSyntax {
  /** the type a value is cast to for a text filter (`text`, `char`) */
  textType: string;
  /** appended to the SELECT that locks a row before the optimistic check (`FOR UPDATE`; SQLite: the write transaction locks) */
  lockClause: string;
  /** starts a write transaction (SQLite: `BEGIN IMMEDIATE`, so the check and the write see the same row) */
  begin: string;
  /** the driver's error as Flash reports it (SQLite: better-sqlite3 throws its own SqliteError, not E_SQL) */
  engineError?: (err: unknown, sql: string) => unknown;
}

export interface RowPages {
  count(conn: Connection, table: string): Promise<number>;
  page(conn: Connection, table: string, query: PageQuery): Promise<GridValue[][]>;
  /** The row with key `key` (values of `keyColumns`), locked until the transaction ends; undefined when gone. */
  lockRow(conn: Connection, table: string, columns: string[], keyColumns: string[], key: GridValue[]): Promise<GridValue[] | undefined>;
  deleteRow(conn: Connection, table: string, keyColumns: string[], key: GridValue[]): Promise<void>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(conn: Connection, work: () => Promise<T>): Promise<T>;
}

export function createRowPages(names: SqlNames, syntax: PageSyntax): RowPages {
  const quote = names.column;
  const keyWhere = (keyColumns: string[]) => keyColumns.map((c) => `${quote(c)} = ?`).join(' AND ');
  return {
    async count(conn, table) {
      const rows = await conn.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${names.table(table)}`);
      return Number(rows[0]?.n ?? 0);
    },
    async page(conn, table, q) {
      const where: string[] = [];
      const params: unknown[] = [];
      for (const f of q.filters) {
        // `!` as the LIKE escape: a backslash means different things in MySQL and standard SQL string literals
        where.push(`LOWER(CAST(${quote(f.column)} AS ${syntax.textType})) LIKE ? ESCAPE '!'`);
        params.push(`%${f.contains.toLowerCase().replace(/[!%_]/g, (ch) => `!${ch}`)}%`);
      }
      if (q.after) {
        const cols = q.orderBy.map(quote).join(', ');
        where.push(`(${cols}) ${q.descending ? '<' : '>'} (${q.orderBy.map(() => '?').join(', ')})`);
        params.push(...q.after);
      }
      const dir = q.descending ? ' DESC' : '';
      const order = q.orderBy.length ? ` ORDER BY ${q.orderBy.map((c) => quote(c) + dir).join(', ')}` : '';
      const sql =
        `SELECT ${q.columns.map(quote).join(', ')} FROM ${names.table(table)}` +
        (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
        order +
        ` LIMIT ${Math.trunc(q.limit)}` +
        (q.offset && !q.after ? ` OFFSET ${Math.trunc(q.offset)}` : '');
      const rows = await conn.query(sql, params).catch((err: unknown) => {
        throw syntax.engineError ? syntax.engineError(err, sql) : err;
      });
      return rows.map((r) => q.columns.map((c) => gridValue(r[c])));
    },
    async lockRow(conn, table, columns, keyColumns, key) {
      const sql = `SELECT ${columns.map(quote).join(', ')} FROM ${names.table(table)} WHERE ${keyWhere(keyColumns)}${syntax.lockClause ? ' ' + syntax.lockClause : ''}`;
      const rows = await conn.query(sql, key);
      return rows.length ? columns.map((c) => gridValue(rows[0][c])) : undefined;
    },
    async deleteRow(conn, table, keyColumns, key) {
      await conn.query(`DELETE FROM ${names.table(table)} WHERE ${keyWhere(keyColumns)}`, key);
    },
    async transaction(conn, work) {
      // Through query(), not exec(): the SQLite driver's exec('BEGIN') is the migration runner's,
      // which turns foreign-key enforcement off; a studio edit must be checked like any other write.
      await conn.query(syntax.begin);
      try {
        const result = await work();
        await conn.query('COMMIT');
        return result;
      } catch (err) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw syntax.engineError ? syntax.engineError(err, '') : err;
      }
    },
  };
}
