import type { Operation } from '../diff/operations.js';
import type { Column, Table } from '../model/schema.js';
import type { LintFinding } from './finding.js';

/** A drop and an add that look like a rename: `from` is `table.old` or `old`, `to` the new name. */
export interface RenameCandidate {
  kind: 'table' | 'column';
  from: string;
  to: string;
  /** the drop operation's index */
  op: number;
  message: string;
}

/**
 * L009: a drop and an add that look like a rename. Flash never guesses renames, so it says how to
 * ask for one: a dropped column and an added column of the same type in the same table, or a dropped
 * and a created table sharing at least half their columns.
 */
export function renameHints(ops: readonly Operation[]): LintFinding[] {
  return renameCandidates(ops).map((c) => ({ code: 'L009', severity: 'warning', op: c.op, object: c.from, message: c.message }));
}

/** The drop + add pairs L009 reports, as data: `flash migrate` asks about each of them in a terminal. */
export function renameCandidates(ops: readonly Operation[]): RenameCandidate[] {
  const candidates: RenameCandidate[] = [];
  const droppedColumns = new Map<string, Array<{ column: Column; op: number }>>();
  const addedColumns = new Map<string, Column[]>();
  const droppedTables: Array<{ table: Table; op: number }> = [];
  const createdTables: Table[] = [];
  ops.forEach((op, i) => {
    if (op.kind === 'dropColumn') push(droppedColumns, op.table, { column: op.column, op: i });
    else if (op.kind === 'addColumn') push(addedColumns, op.table, op.column);
    else if (op.kind === 'dropTable') droppedTables.push({ table: op.table, op: i });
    else if (op.kind === 'createTable') createdTables.push(op.table);
  });

  for (const [table, drops] of droppedColumns) {
    const added = [...(addedColumns.get(table) ?? [])];
    for (const { column, op } of drops) {
      const at = added.findIndex((c) => c.type === column.type && c.family === column.family);
      if (at < 0) continue;
      const [to] = added.splice(at, 1) as [Column];
      candidates.push({
        kind: 'column',
        from: `${table}.${column.name}`,
        to: to.name,
        op,
        message: `Column ${table}.${column.name} is dropped and ${table}.${to.name} added with the same type; if it is a rename, run with --rename ${table}.${column.name}=${to.name} to keep the data.`,
      });
    }
  }

  const free = [...createdTables];
  for (const { table, op } of droppedTables) {
    let best = -1;
    let bestScore = 0;
    free.forEach((candidate, i) => {
      const score = similarity(table, candidate);
      if (score > bestScore) [best, bestScore] = [i, score];
    });
    if (best < 0 || bestScore < 0.5) continue;
    const [created] = free.splice(best, 1) as [Table];
    candidates.push({
      kind: 'table',
      from: table.name,
      to: created.name,
      op,
      message: `Table ${table.name} is dropped and ${created.name} created with similar columns; if it is a rename, run with --rename ${table.name}=${created.name} to keep the data.`,
    });
  }
  return candidates;
}

/** Share of columns (same name and type) the two tables have in common. */
function similarity(a: Table, b: Table): number {
  const types = new Map(a.columns.map((c) => [c.name, c.type]));
  const common = b.columns.filter((c) => types.get(c.name) === c.type).length;
  return common / Math.max(a.columns.length, b.columns.length, 1);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
