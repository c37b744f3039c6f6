import type { Column, Schema, Table } from './schema.js';

/**
 * The tables whose rows the data tools (backup, restore, export, branch copies) read and write, each
 * with every column its rows have. A partition's rows are read and written through its partitioned
 * root (which routes them), so partitions are left out; an INHERITS child's rows carry the columns
 * of its parents before its own, and a table with children must be read without them (PostgreSQL
 * `FROM ONLY`, which `readsOnly` says). Schemas without partitions or INHERITS come back unchanged.
 */
export function rowTables(schema: Pick<Schema, 'tables'>): Table[] {
  if (!schema.tables.some((t) => t.partitionOf || t.inherits)) return schema.tables;
  const byName = new Map(schema.tables.map((t) => [t.name, t]));
  const columnsOf = (t: Table, seen: Set<string>): Column[] => {
    if (!t.inherits?.length || seen.has(t.name)) return t.columns;
    seen.add(t.name);
    const out: Column[] = [];
    const names = new Set<string>();
    const add = (c: Column) => {
      if (names.has(c.name)) return;
      names.add(c.name);
      out.push(c);
    };
    for (const p of t.inherits) {
      const parent = byName.get(p);
      if (parent) for (const c of columnsOf(parent, seen)) add(c);
    }
    for (const c of t.columns) add(c);
    return out;
  };
  return schema.tables.filter((t) => !t.partitionOf).map((t) => (t.inherits?.length ? { ...t, columns: columnsOf(t, new Set()) } : t));
}

/**
 * Whether reading `table`'s rows must leave out rows of other tables (its INHERITS children):
 * true for any table that is not a partitioned root, whose rows are all its partitions'.
 */
export function readsOnly(table: Table): boolean {
  return table.partitionBy === undefined;
}
