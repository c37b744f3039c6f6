import type { Connection } from './dialect.js';
import type { SqlNames } from './sql-names.js';

/**
 * Reading and writing plain rows (`flash seed`, seed files). The SQL is the same on every engine
 * except for identifier quoting and how many bind parameters one statement may carry, so each
 * dialect builds its RowAccess from those two facts.
 */
export interface RowAccess {
  /** Multi-row INSERTs, each under the engine's bind-parameter limit and at most 1,000 rows. */
  insert(conn: Connection, table: string, columns: string[], rows: unknown[][]): Promise<void>;
  /** All values of `columns`, ordered by them (a stable order makes seeded data reproducible). */
  select(conn: Connection, table: string, columns: string[]): Promise<unknown[][]>;
  /** `UPDATE table SET set… WHERE key…` for each row: `rows` are [key values…, set values…]. */
  update(conn: Connection, table: string, keyColumns: string[], setColumns: string[], rows: unknown[][]): Promise<void>;
  /** MAX(column), or undefined on an empty table. */
  max(conn: Connection, table: string, column: string): Promise<number | undefined>;
}

export function createRowAccess(names: SqlNames, maxParams: number): RowAccess {
  const quote = names.column;
  return {
    async insert(conn, table, columns, rows) {
      if (rows.length === 0) return;
      if (columns.length === 0) {
        // a table whose every column has a default: one DEFAULT VALUES insert per row
        for (let i = 0; i < rows.length; i++) await conn.query(`INSERT INTO ${names.table(table)} DEFAULT VALUES`);
        return;
      }
      const perStatement = Math.max(1, Math.min(1000, Math.floor(maxParams / columns.length)));
      const head = `INSERT INTO ${names.table(table)} (${columns.map(quote).join(', ')}) VALUES `;
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      for (let i = 0; i < rows.length; i += perStatement) {
        const batch = rows.slice(i, i + perStatement);
        await conn.query(head + batch.map(() => tuple).join(', '), batch.flat());
      }
    },
    async select(conn, table, columns) {
      const list = columns.map(quote).join(', ');
      const rows = await conn.query(`SELECT ${list} FROM ${names.table(table)} ORDER BY ${list}`);
      return rows.map((r) => columns.map((c) => r[c]));
    },
    async update(conn, table, keyColumns, setColumns, rows) {
      const sql = `UPDATE ${names.table(table)} SET ${setColumns.map((c) => `${quote(c)} = ?`).join(', ')} WHERE ${keyColumns.map((c) => `${quote(c)} = ?`).join(' AND ')}`;
      for (const r of rows) {
        const key = r.slice(0, keyColumns.length);
        await conn.query(sql, [...r.slice(keyColumns.length), ...key]);
      }
    },
    async max(conn, table, column) {
      const rows = await conn.query<{ m: unknown }>(`SELECT MAX(${quote(column)}) AS m FROM ${names.table(table)}`);
      const m = rows[0]?.m;
      return m === null || m === undefined ? undefined : Number(m);
    },
  };
}
