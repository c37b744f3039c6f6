import type { Schema } from '../../core/model/schema.js';

/**
 * Flash up to 2026-12-03 recorded a column default written `CURRENT_TIMESTAMP` as `now()` (the two are
 * one function on PostgreSQL; only the catalog text differs). Such snapshots are content-addressed and
 * committed in flash.lock, so they cannot be rewritten: a database that really says
 * `CURRENT_TIMESTAMP` is compared with them as they would have recorded it. Only the direction an
 * earlier Flash produced is forgiven (recorded `now()`, live `CURRENT_TIMESTAMP`); anything else is a
 * difference. Pure; returns `live` itself when nothing needs aligning.
 */
export function alignRecordedSpellingPostgres(recorded: Schema, live: Schema): Schema {
  const recordedTables = new Map(recorded.tables.map((t) => [t.name, t]));
  let changed = false;
  const tables = live.tables.map((table) => {
    const before = recordedTables.get(table.name);
    if (!before) return table;
    const columns = table.columns.map((column) => {
      if (column.default === undefined || !/^current_timestamp$/i.test(column.default)) return column;
      if (before.columns.find((c) => c.name === column.name)?.default !== 'now()') return column;
      changed = true;
      return { ...column, default: 'now()' };
    });
    return columns.some((c, i) => c !== table.columns[i]) ? { ...table, columns } : table;
  });
  return changed ? { ...live, tables } : live;
}
