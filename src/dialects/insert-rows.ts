import type { Column, Table } from '../core/model/schema.js';
import type { SqlNames } from './sql-names.js';

/**
 * `INSERT INTO t (a, b) VALUES (?, ?), (?, ?)` for `rowCount` rows: one statement per batch keeps a
 * restore to one round trip per few hundred rows. `?` placeholders work on every engine's Connection.
 */
export function insertStatement(names: SqlNames, table: Table, columns: Column[], rowCount: number, modifier = ''): string {
  const row = `(${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO ${names.table(table.name)} (${columns.map((c) => names.column(c.name)).join(', ')})${modifier} VALUES ${Array(rowCount).fill(row).join(', ')}`;
}
