import type { Column, ForeignKey, Index, Table, View } from '../../core/model/schema.js';
import { isLiteralDefault } from './normalize.js';

/** DDL text of single objects. Identifiers are always double-quoted; expressions are emitted as stored in the IR. */

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const columnList = (names: string[]) => names.map(quoteIdent).join(', ');

/**
 * `implicitNotNull`: the column is a rowid alias (`INTEGER PRIMARY KEY`) or a key column of a WITHOUT
 * ROWID table. SQLite never lets those hold NULL and the IR says so, but `pragma table_info` reports
 * NOT NULL only when it was written: leaving it out (unless the column says `explicitNotNull`)
 * reproduces the catalog the user declared.
 */
export function columnDefinition(column: Column, inlinePrimaryKey?: { name?: string }, implicitNotNull = false): string {
  const parts = [quoteIdent(column.name)];
  if (column.type) parts.push(column.type);
  if (column.collation) parts.push(`COLLATE ${column.collation}`);
  if (inlinePrimaryKey) {
    if (inlinePrimaryKey.name) parts.push(`CONSTRAINT ${quoteIdent(inlinePrimaryKey.name)}`);
    parts.push('PRIMARY KEY');
    if (column.identity === 'auto-increment') parts.push('AUTOINCREMENT');
  }
  if (!column.nullable && (!implicitNotNull || column.explicitNotNull)) parts.push('NOT NULL');
  if (column.default !== undefined && !column.generated) {
    parts.push(isLiteralDefault(column.default) ? `DEFAULT ${column.default}` : `DEFAULT (${column.default})`);
  }
  if (column.generated)
    parts.push(`GENERATED ALWAYS AS (${column.generated.expression}) ${column.generated.stored ? 'STORED' : 'VIRTUAL'}`);
  return parts.join(' ');
}

export function foreignKeyClause(fk: ForeignKey): string {
  let sql = `CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY (${columnList(fk.columns)}) REFERENCES ${quoteIdent(fk.referencedTable)}`;
  if (fk.referencedColumns.length) sql += ` (${columnList(fk.referencedColumns)})`;
  if (fk.onDelete !== 'no action') sql += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
  if (fk.onUpdate !== 'no action') sql += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
  if (fk.deferrable) sql += ` DEFERRABLE INITIALLY ${fk.deferrable.toUpperCase()}`;
  return sql;
}

/** `CREATE TABLE` with every constraint inline (SQLite cannot add most of them later). */
export function createTableSql(table: Table, name = table.name): string {
  const pk = table.primaryKey;
  // a single-column key is written inline: AUTOINCREMENT is only accepted there
  const inlinePk = pk && pk.columns.length === 1 ? pk.columns[0] : undefined;
  const withoutRowid = Boolean(table.options?.withoutRowid);
  const implicitNotNull = (c: Column) =>
    pk !== undefined && (withoutRowid ? pk.columns.includes(c.name) : c.name === inlinePk && c.type.toLowerCase() === 'integer');
  const lines = table.columns.map((c) => columnDefinition(c, c.name === inlinePk ? { name: pk?.name } : undefined, implicitNotNull(c)));
  if (pk && inlinePk === undefined)
    lines.push(`${pk.name ? `CONSTRAINT ${quoteIdent(pk.name)} ` : ''}PRIMARY KEY (${columnList(pk.columns)})`);
  for (const u of sorted(table.uniques)) lines.push(`CONSTRAINT ${quoteIdent(u.name)} UNIQUE (${columnList(u.columns)})`);
  for (const c of sorted(table.checks)) lines.push(`CONSTRAINT ${quoteIdent(c.name)} CHECK (${c.expression})`);
  for (const fk of sorted(table.foreignKeys)) lines.push(foreignKeyClause(fk));
  const options: string[] = [];
  if (table.options?.withoutRowid) options.push('WITHOUT ROWID');
  if (table.options?.strict) options.push('STRICT');
  return `CREATE TABLE ${quoteIdent(name)} (\n  ${lines.join(',\n  ')}\n)${options.length ? ' ' + options.join(', ') : ''}`;
}

function sorted<T extends { name: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function createIndexSql(table: string, index: Index): string {
  const elements = index.elements.map(
    (e) => `${e.column !== undefined ? quoteIdent(e.column) : e.expression}${e.descending ? ' DESC' : ''}`,
  );
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(index.name)} ON ${quoteIdent(table)} (${elements.join(', ')})${index.where ? ` WHERE ${index.where}` : ''}`;
}

export function createViewSql(view: View): string {
  return `CREATE VIEW ${quoteIdent(view.name)} ${view.definition.startsWith('(') ? '' : 'AS '}${view.definition}`;
}

/** The view and its INSTEAD OF triggers (dropping a view drops them, so they are recreated with it). */
export function viewObjectsSql(view: View): string[] {
  return [createViewSql(view), ...sorted(view.triggers ?? []).map((t) => t.definition)];
}

/** Everything that lives with a table: the table, its indexes, its triggers. */
export function tableObjectsSql(table: Table, name = table.name): string[] {
  return [
    createTableSql(table, name),
    ...sorted(table.indexes).map((i) => createIndexSql(name, i)),
    ...sorted(table.triggers ?? []).map((t) => t.definition),
  ];
}
