import type { Column, Table } from '../model/schema.js';
import { columnChanges } from './compare.js';
import type { ColumnPosition, Operation } from './operations.js';

export interface ColumnDiff {
  /** dropColumn operations, in the table's current column order */
  drops: Operation[];
  /** addColumn / alterColumn operations in the desired column order, so positions refer to columns already in place */
  changes: Operation[];
  /** columns whose type changes (foreign keys on them are recreated: MySQL refuses to retype a key column) */
  retyped: Set<string>;
}

/**
 * Column differences of one table present on both sides (after renames). Columns are matched by
 * name. With `exactOrder`, existing columns outside the longest run already in the desired order are
 * moved (a 'position' change) and new columns are placed after their desired predecessor; otherwise
 * new columns are appended and order is ignored.
 */
export function diffColumns(from: Table, to: Table, exactOrder: boolean, recreateGeneratedOnRetype = false): ColumnDiff {
  const fromByName = new Map<string, { column: Column; index: number }>();
  from.columns.forEach((column, index) => fromByName.set(column.name, { column, index }));
  const retyped = new Set<string>();
  for (const column of to.columns) {
    const old = fromByName.get(column.name);
    if (old && columnChanges(old.column, column).includes('type')) retyped.add(column.name);
  }
  // An engine that refuses to retype a column a generated column reads (PostgreSQL): such generated
  // columns are dropped and added again (their values are derived, so nothing is lost).
  if (recreateGeneratedOnRetype && retyped.size > 0) {
    for (const column of to.columns) {
      const old = fromByName.get(column.name)?.column;
      if (old?.generated && column.generated && mentionsAny(old.generated.expression, retyped)) fromByName.delete(column.name);
    }
  }
  const kept = new Set(to.columns.filter((c) => fromByName.has(c.name)).map((c) => c.name));

  const drops: Operation[] = from.columns
    .filter((c) => !kept.has(c.name))
    .map((column) => ({ kind: 'dropColumn', table: to.name, column }));

  const staying = exactOrder ? columnsInPlace(to.columns, fromByName) : null;
  const current = from.columns.filter((c) => kept.has(c.name)).map((c) => c.name);
  const changes: Operation[] = [];

  to.columns.forEach((column, i) => {
    const position: ColumnPosition = i === 0 ? 'first' : { after: to.columns[i - 1].name };
    const old = fromByName.get(column.name);
    if (!old) {
      const appended = !exactOrder || (i === 0 ? current.length === 0 : current[current.length - 1] === to.columns[i - 1].name);
      placeColumn(current, column.name, appended ? null : position);
      changes.push(appended ? { kind: 'addColumn', table: to.name, column } : { kind: 'addColumn', table: to.name, column, position });
      return;
    }
    const what = columnChanges(old.column, column);
    if (staying && !staying.has(column.name)) {
      current.splice(current.indexOf(column.name), 1);
      placeColumn(current, column.name, position);
      changes.push({ kind: 'alterColumn', table: to.name, from: old.column, to: column, changes: [...what, 'position'], position });
    } else if (what.length > 0) {
      changes.push({ kind: 'alterColumn', table: to.name, from: old.column, to: column, changes: what });
    }
  });
  return { drops, changes, retyped };
}

function mentionsAny(expression: string, names: ReadonlySet<string>): boolean {
  const lower = new Set([...names].map((n) => n.toLowerCase()));
  return expression
    .toLowerCase()
    .split(/[^a-z0-9_$]+/)
    .some((token) => lower.has(token));
}

function placeColumn(current: string[], name: string, position: ColumnPosition | null): void {
  if (position === null) current.push(name);
  else if (position === 'first') current.unshift(name);
  else current.splice(current.indexOf(position.after) + 1, 0, name);
}

/**
 * The existing columns that keep their place: a longest subsequence of the desired order that is
 * already increasing in the current order (patience sorting, n log n). Every other existing column
 * is moved, which is the fewest moves that reach the desired order.
 */
function columnsInPlace(desired: readonly Column[], current: Map<string, { index: number }>): Set<string> {
  const seq: Array<{ name: string; index: number }> = [];
  for (const c of desired) {
    const found = current.get(c.name);
    if (found) seq.push({ name: c.name, index: found.index });
  }
  const tails: number[] = [];
  const previous: number[] = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]].index < seq[i].index) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const keep = new Set<string>();
  for (let i = tails.length > 0 ? tails[tails.length - 1] : -1; i >= 0; i = previous[i]) keep.add(seq[i].name);
  return keep;
}
