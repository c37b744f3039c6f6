import { FlashError } from '../../errors.js';
import type { Schema, Table } from '../model/schema.js';
import { compareStrings, indexByName } from './compare.js';
import type { Operation } from './operations.js';

/** Renames the user asked for (`--rename users.name=full_name`, `--rename people=users`); Flash never guesses them. */
export interface Renames {
  /** old table name -> new table name */
  tables?: Record<string, string>;
  /** 'table.oldColumn' -> 'newColumn'; `table` may be the table's old or new name */
  columns?: Record<string, string>;
}

const hint = 'Check the --rename arguments: the old name must exist in the current schema and the new one in the desired schema.';

/**
 * Validates the requested renames against both schemas and returns them as operations, ordered so
 * that each rename's target name is free when it runs (b→c before a→b). Column renames use the
 * table's new name, since table renames run first.
 */
export function planRenames(from: Schema, to: Schema, renames: Renames | undefined): Operation[] {
  const fromTables = indexByName(from.tables);
  const toTables = indexByName(to.tables);
  const tablePairs = Object.entries(renames?.tables ?? {}).filter(([a, b]) => a !== b);
  const newTableName = new Map(tablePairs);
  const oldTableName = new Map(tablePairs.map(([a, b]) => [b, a]));
  if (oldTableName.size !== tablePairs.length) throw usage('Two tables cannot be renamed to the same name.');
  for (const [oldName, newName] of tablePairs) {
    if (!fromTables.has(oldName)) throw usage(`Cannot rename table ${oldName}: it does not exist in the current schema.`);
    if (!toTables.has(newName)) throw usage(`Cannot rename table ${oldName} to ${newName}: ${newName} is not in the desired schema.`);
    if (fromTables.has(newName) && !newTableName.has(newName)) {
      throw usage(`Cannot rename table ${oldName} to ${newName}: ${newName} already exists.`);
    }
  }
  const ops: Operation[] = freeTargetsFirst(tablePairs, 'table').map(([a, b]) => ({ kind: 'renameTable', from: a, to: b }));

  const columnPairsByTable = new Map<string, Array<[string, string]>>();
  for (const [key, newColumn] of Object.entries(renames?.columns ?? {})) {
    const dot = key.lastIndexOf('.');
    if (dot <= 0 || dot === key.length - 1) throw usage(`Column rename '${key}' must be written as table.column=new_name.`);
    const tableName = key.slice(0, dot);
    const oldColumn = key.slice(dot + 1);
    if (oldColumn === newColumn) continue;
    const oldTable = fromTables.has(tableName) ? tableName : oldTableName.get(tableName);
    if (oldTable === undefined) throw usage(`Cannot rename column ${key}: table ${tableName} does not exist in the current schema.`);
    const newTable = newTableName.get(oldTable) ?? oldTable;
    const source = fromTables.get(oldTable) as Table;
    const target = toTables.get(newTable);
    if (!source.columns.some((c) => c.name === oldColumn))
      throw usage(`Cannot rename column ${key}: it does not exist in the current schema.`);
    if (!target?.columns.some((c) => c.name === newColumn)) {
      throw usage(`Cannot rename column ${key} to ${newColumn}: ${newTable}.${newColumn} is not in the desired schema.`);
    }
    const pairs = columnPairsByTable.get(newTable) ?? [];
    pairs.push([oldColumn, newColumn]);
    columnPairsByTable.set(newTable, pairs);
  }
  for (const table of [...columnPairsByTable.keys()].sort(compareStrings)) {
    const pairs = columnPairsByTable.get(table) as Array<[string, string]>;
    const sourceName = oldTableName.get(table) ?? table;
    const existing = new Set((fromTables.get(sourceName) as Table).columns.map((c) => c.name));
    const renamedAway = new Set(pairs.map(([a]) => a));
    if (new Set(pairs.map(([, b]) => b)).size !== pairs.length) throw usage(`Two columns of ${table} cannot be renamed to the same name.`);
    for (const [a, b] of pairs) {
      if (existing.has(b) && !renamedAway.has(b)) throw usage(`Cannot rename column ${table}.${a} to ${b}: ${b} already exists.`);
    }
    for (const [a, b] of freeTargetsFirst(pairs, `column of ${table}`)) ops.push({ kind: 'renameColumn', table, from: a, to: b });
  }
  return ops;
}

/** Orders renames so a name is vacated before it is reused; a cycle (a↔b) cannot be done by renames alone. */
function freeTargetsFirst(pairs: Array<[string, string]>, what: string): Array<[string, string]> {
  const bySource = new Map(pairs);
  const done = new Set<string>();
  const out: Array<[string, string]> = [];
  for (const [start] of [...pairs].sort((x, y) => compareStrings(x[0], y[0]))) {
    const chain: string[] = [];
    let cur: string | undefined = start;
    while (cur !== undefined && bySource.has(cur) && !done.has(cur)) {
      if (chain.includes(cur)) throw usage(`The ${what} renames form a cycle (${chain.join(' → ')} → ${cur}); rename in two migrations.`);
      chain.push(cur);
      cur = bySource.get(cur);
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      done.add(chain[i]);
      out.push([chain[i], bySource.get(chain[i]) as string]);
    }
  }
  return out;
}

function usage(message: string): FlashError {
  return new FlashError('E_USAGE', message, hint);
}
