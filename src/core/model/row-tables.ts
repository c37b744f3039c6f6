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
  return schema.tables.filter((t) => !t.partitionOf).map((t) => (t.inherits?.length ? { ...t, columns: allColumns(schema, t) } : t));
}

/**
 * Every column the rows of `table` have: for a partition its root's, for an INHERITS child its
 * parents' (in order, each name once) then its own; else the table's own columns.
 */
export function allColumns(schema: Pick<Schema, 'tables'>, table: Table): Column[] {
  if (!table.partitionOf && !table.inherits?.length) return table.columns;
  const byName = new Map(schema.tables.map((t) => [t.name, t]));
  const seen = new Set<string>();
  const columnsOf = (t: Table): Column[] => {
    const parents = [...(t.partitionOf ? [t.partitionOf.parent] : []), ...(t.inherits ?? [])];
    if (parents.length === 0 || seen.has(t.name)) return t.columns;
    seen.add(t.name);
    const out: Column[] = [];
    const names = new Set<string>();
    const add = (c: Column) => {
      if (names.has(c.name)) return;
      names.add(c.name);
      out.push(c);
    };
    for (const p of parents) {
      const parent = byName.get(p);
      if (parent) for (const c of columnsOf(parent)) add(c);
    }
    for (const c of t.columns) add(c);
    return out;
  };
  return columnsOf(table);
}

/**
 * Whether reading `table`'s rows must leave out rows of other tables (its INHERITS children):
 * true for any table that is not a partitioned root, whose rows are all its partitions'.
 */
export function readsOnly(table: Table): boolean {
  return table.partitionBy === undefined;
}
