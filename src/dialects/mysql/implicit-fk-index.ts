import type { ForeignKey, Index, Table } from '../../core/model/schema.js';

/**
 * InnoDB needs an index whose leading columns are a foreign key's columns. When none exists it creates
 * one silently, named after the constraint (or after the first column for an unnamed constraint), and
 * silently drops it again once another index can serve the key. That index is an artefact of the FK,
 * not of the schema: keeping it in the IR would make every FK round-trip show a phantom index diff.
 *
 * Rule: an index is implicit when it is a plain, non-unique B-tree index over exactly the FK's columns,
 * named like the FK or its first column, and no other index, unique key or primary key can serve the FK.
 * The renderer keeps the invariant: dropping such an FK also drops its implicit index.
 */
export function hideImplicitForeignKeyIndexes(table: Table): void {
  if (!table.foreignKeys.length || !table.indexes.length) return;
  const hidden = new Set<Index>();
  for (const fk of table.foreignKeys) {
    const candidate = table.indexes.find((ix) => !hidden.has(ix) && isImplicitShape(ix, fk));
    if (!candidate) continue;
    if (isServedByOtherKey(table, fk, candidate)) continue;
    hidden.add(candidate);
  }
  if (hidden.size) table.indexes = table.indexes.filter((ix) => !hidden.has(ix));
}

function isImplicitShape(ix: Index, fk: ForeignKey): boolean {
  if (ix.unique || ix.method || ix.where) return false;
  if (ix.name !== fk.name && ix.name !== fk.columns[0]) return false;
  if (ix.elements.length !== fk.columns.length) return false;
  return ix.elements.every((e, i) => e.column === fk.columns[i] && e.length === undefined && !e.descending);
}

/** Does any key of `table` other than `except` have the FK's columns as its leading columns? */
export function isServedByOtherKey(table: Table, fk: ForeignKey, except?: Index | string): boolean {
  const exceptName = typeof except === 'string' ? except : except?.name;
  const leads = (cols: string[]): boolean => fk.columns.every((c, i) => cols[i] === c);
  if (table.primaryKey && leads(table.primaryKey.columns)) return true;
  for (const u of table.uniques) if (u.name !== exceptName && leads(u.columns)) return true;
  for (const ix of table.indexes) {
    if (ix.name === exceptName || ix.method === 'fulltext' || ix.method === 'spatial') continue;
    const cols = ix.elements.map((e) => (e.column !== undefined && e.length === undefined ? e.column : '\0'));
    if (leads(cols)) return true;
  }
  return false;
}
