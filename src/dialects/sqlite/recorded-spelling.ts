import type { Schema } from '../../core/model/schema.js';

/**
 * Flash up to 2026-12-03 recorded a rowid alias written `id INTEGER PRIMARY KEY NOT NULL` like one
 * written `id INTEGER PRIMARY KEY` (neither can hold NULL; only `pragma table_info`'s notnull tells
 * them apart, now the column's `explicitNotNull`). Such snapshots are content-addressed and committed
 * in flash.lock, so they cannot be rewritten: a database whose rowid alias really says NOT NULL is
 * compared with them as they would have recorded it. Only the direction an earlier Flash produced is
 * forgiven (recorded without the flag on a column that could not hold NULL, live with it); anything
 * else is a difference. Pure; returns `live` itself when nothing needs aligning.
 */
export function alignRecordedSpellingSqlite(recorded: Schema, live: Schema): Schema {
  const recordedTables = new Map(recorded.tables.map((t) => [t.name, t]));
  let changed = false;
  const tables = live.tables.map((table) => {
    const before = recordedTables.get(table.name);
    if (!before || !table.columns.some((c) => c.explicitNotNull)) return table;
    const columns = table.columns.map((column) => {
      if (!column.explicitNotNull) return column;
      const was = before.columns.find((c) => c.name === column.name);
      if (!was || was.nullable || was.explicitNotNull) return column;
      changed = true;
      const implicit = { ...column };
      delete implicit.explicitNotNull;
      return implicit;
    });
    return columns.some((c, i) => c !== table.columns[i]) ? { ...table, columns } : table;
  });
  return changed ? { ...live, tables } : live;
}
