import type { ColumnPosition, Operation } from '../../core/diff/operations.js';
import type { Table } from '../../core/model/schema.js';
import { columnDefinition, q } from './ddl.js';
import { keyForAutoIncrement } from './render-auto-increment.js';
import type { MysqlOpContext } from './render-context.js';

type AddColumn = Extract<Operation, { kind: 'addColumn' }>;
type AlterColumn = Extract<Operation, { kind: 'alterColumn' }>;

export function addColumnSql(op: AddColumn, cx: MysqlOpContext): string {
  const at = op.position ? placement(op.position) : targetPosition(cx.target(op.table), cx.current(op.table), op.column.name);
  return `ALTER TABLE ${q(op.table)} ADD COLUMN ${columnDefinition(op.column)}${at}${keyForAutoIncrement(op.table, op.column, cx)}`;
}

/**
 * MODIFY COLUMN with the full new definition. MariaDB cannot MODIFY a generated column into another
 * kind of column (or change virtual ↔ stored); generated values are recomputed, so drop + add keeps them.
 */
export function alterColumnSql(op: AlterColumn, cx: MysqlOpContext): string {
  const { table, from, to, position } = op;
  const generatedChanged = (from.generated || to.generated) && JSON.stringify(from.generated) !== JSON.stringify(to.generated);
  if (generatedChanged && to.generated) {
    const at = position ? placement(position) : positionAfterDrop(cx.current(table), to.name);
    return `ALTER TABLE ${q(table)} DROP COLUMN ${q(from.name)}, ADD COLUMN ${columnDefinition(to)}${at}`;
  }
  return `ALTER TABLE ${q(table)} MODIFY COLUMN ${columnDefinition(to)}${position ? placement(position) : ''}${keyForAutoIncrement(table, to, cx)}`;
}

/**
 * Where a new column goes so that the table keeps the target's column order, which the IR treats as
 * significant: after the nearest earlier target column that exists already, FIRST when none does,
 * nothing when it ends up last anyway.
 */
export function targetPosition(target: Table | undefined, current: Table | undefined, column: string): string {
  if (!target || !current) return '';
  const at = target.columns.findIndex((c) => c.name === column);
  if (at < 0 || (at === target.columns.length - 1 && current.columns.length === at)) return '';
  const existing = new Set(current.columns.map((c) => c.name));
  for (let i = at - 1; i >= 0; i--) {
    const prev = target.columns[i].name;
    if (existing.has(prev)) return ` AFTER ${q(prev)}`;
  }
  return ' FIRST';
}

/** The column's place right now, for re-adding it where it was dropped. */
export function positionAfterDrop(current: Table | undefined, column: string): string {
  if (!current) return '';
  const at = current.columns.findIndex((c) => c.name === column);
  if (at < 0) return '';
  return at === 0 ? ' FIRST' : ` AFTER ${q(current.columns[at - 1].name)}`;
}

export function placement(p: ColumnPosition): string {
  return p === 'first' ? ' FIRST' : ` AFTER ${q(p.after)}`;
}
