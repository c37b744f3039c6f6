import type { Operation } from '../../core/diff/operations.js';
import type { Column, Table } from '../../core/model/schema.js';
import type { RenderContext } from '../dialect.js';
import { isConstantDefault } from './normalize.js';
import { identValue, tokenize } from './tokenizer.js';

/**
 * Which tables need a rebuild, where in the operation list it runs, and which operations it performs
 * itself. A rebuild runs after the table's renames (table and column renames stay real ALTERs, so
 * SQLite rewrites the references other tables, views and triggers hold) and after every operation
 * it absorbs, so it builds the table's final definition from `ctx.to` in one go.
 */
export interface Rebuild {
  /** the table after the migration; also its name when the rebuild runs (renames are rendered before it) */
  target: Table;
  /** the table before the migration (ctx.from), under its old name */
  source: Table | undefined;
  /** op that made the rebuild necessary (statements are attributed to it) */
  firstOp: number;
  /** old → new column names (lower-case keys); the RENAME COLUMNs have run when the rebuild starts */
  renamedColumns: Map<string, string>;
  dropped: Set<string>;
  added: Set<string>;
}

export interface Plan {
  /** op index after which a rebuild is rendered */
  rebuildAt: Map<number, Rebuild>;
  rebuilds: Rebuild[];
  /** op indexes rendered by a rebuild or a createTable (or with nothing left to act on) */
  absorbed: Set<number>;
  /** tables created in this migration (lower-case): written complete from ctx.to by their createTable */
  created: Set<string>;
}

const alwaysRebuild = new Set<Operation['kind']>([
  'alterColumn',
  'addPrimaryKey',
  'dropPrimaryKey',
  'addUnique',
  'dropUnique',
  'addForeignKey',
  'dropForeignKey',
  'addCheck',
  'dropCheck',
  'alterTableOptions',
]);

/** Ops on a rebuilt table that the rebuild performs itself; renames and DROP INDEX still run before it. */
const absorbable = new Set<Operation['kind']>([...alwaysRebuild, 'addColumn', 'dropColumn', 'createIndex', 'setTableComment']);

const lower = (s: string) => s.toLowerCase();

/** Linear in the number of operations (plus the tables' own sizes). */
export function planRebuilds(ops: Operation[], ctx: RenderContext): Plan {
  const renamedFrom = new Map<string, string>(); // new table name → old, lower-case
  const renameAt = new Map<string, number>(); // new table name → op index
  const oldNameUntil = new Map<string, { to: string; at: number }>();
  const dropAt = new Map<string, number>();
  const droppedIndexes = new Map<string, Set<string>>();
  ops.forEach((op, i) => {
    if (op.kind === 'renameTable') {
      renamedFrom.set(lower(op.to), lower(op.from));
      renameAt.set(lower(op.to), i);
      oldNameUntil.set(lower(op.from), { to: op.to, at: i });
    } else if (op.kind === 'dropTable') dropAt.set(lower(op.table.name), i);
    else if (op.kind === 'dropIndex')
      droppedIndexes.set(lower(op.table), (droppedIndexes.get(lower(op.table)) ?? new Set()).add(op.index.name));
  });
  // ops placed before a table rename name the table by its old name
  const finalName = (name: string, at: number) => {
    const r = oldNameUntil.get(lower(name));
    return lower(r && r.at > at ? r.to : name);
  };
  const toTables = new Map(ctx.to.tables.map((t) => [lower(t.name), t]));
  const fromTables = new Map(ctx.from.tables.map((t) => [lower(t.name), t]));
  const sourceOf = (table: string) => fromTables.get(renamedFrom.get(table) ?? table);

  const plan: Plan = { rebuildAt: new Map(), rebuilds: [], absorbed: new Set(), created: new Set() };
  const byTable = new Map<string, number[]>();
  const needs = new Map<string, number>();
  ops.forEach((op, i) => {
    if (op.kind === 'createTable') plan.created.add(lower(op.table.name));
    if (!('table' in op) || typeof op.table !== 'string') return;
    const table = finalName(op.table, i);
    // a created table already has it all; a table dropped later has nothing left to act on
    if (plan.created.has(table) || (dropAt.get(lower(op.table)) ?? -1) > i) {
      plan.absorbed.add(i);
      return;
    }
    byTable.set(table, [...(byTable.get(table) ?? []), i]);
    const forced =
      alwaysRebuild.has(op.kind) ||
      (op.kind === 'addColumn' && (op.position !== undefined || !canAddColumn(op.column, toTables.get(table)))) ||
      (op.kind === 'dropColumn' && !canDropColumn(op.column.name, sourceOf(table), droppedIndexes.get(lower(op.table))));
    if (forced && !needs.has(table)) needs.set(table, i);
  });

  for (const [table, firstOp] of needs) {
    const target = toTables.get(table);
    const indexes = byTable.get(table) ?? [];
    if (!target) {
      for (const i of indexes) if (absorbable.has(ops[i].kind)) plan.absorbed.add(i);
      continue;
    }
    const rebuild: Rebuild = { target, source: sourceOf(table), firstOp, renamedColumns: new Map(), dropped: new Set(), added: new Set() };
    let at = Math.max(firstOp, renameAt.get(table) ?? -1);
    for (const i of indexes) {
      const op = ops[i];
      if (op.kind === 'renameColumn') {
        rebuild.renamedColumns.set(lower(op.from), op.to);
        at = Math.max(at, i);
      } else if (absorbable.has(op.kind)) {
        plan.absorbed.add(i);
        at = Math.max(at, i);
        if (op.kind === 'dropColumn') rebuild.dropped.add(lower(op.column.name));
        if (op.kind === 'addColumn') rebuild.added.add(lower(op.column.name));
      }
    }
    plan.rebuildAt.set(at, rebuild);
    plan.rebuilds.push(rebuild);
  }
  return plan;
}

/** `ALTER TABLE ADD COLUMN` only appends, and refuses keys, UNIQUE, STORED generated columns, NOT NULL without default and non-constant defaults. */
function canAddColumn(column: Column, table: Table | undefined): boolean {
  if (!table) return false;
  const name = column.name.toLowerCase();
  if (table.primaryKey?.columns.some((c) => c.toLowerCase() === name)) return false;
  if (table.uniques.some((u) => u.columns.some((c) => c.toLowerCase() === name))) return false;
  if (column.generated) return !column.generated.stored;
  if (column.default !== undefined && !isConstantDefault(column.default)) return false;
  if (!column.nullable && (column.default === undefined || /^null$/i.test(column.default))) return false;
  return true;
}

/** `ALTER TABLE DROP COLUMN` refuses columns that a key, UNIQUE, FK, index, CHECK, generated column or trigger uses. */
function canDropColumn(column: string, table: Table | undefined, droppedIndexes: Set<string> = new Set()): boolean {
  if (!table) return false;
  const name = column.toLowerCase();
  const is = (c: string) => c.toLowerCase() === name;
  if (table.primaryKey?.columns.some(is)) return false;
  if (table.uniques.some((u) => u.columns.some(is))) return false;
  if (table.foreignKeys.some((f) => f.columns.some(is))) return false;
  if (table.checks.some((c) => mentions(c.expression, name))) return false;
  if (table.columns.some((c) => c.generated && mentions(c.generated.expression, name))) return false;
  if ((table.triggers ?? []).some((t) => mentions(t.definition, name))) return false;
  return !table.indexes.some(
    (i) =>
      !droppedIndexes.has(i.name) &&
      (i.elements.some((e) => (e.column ? is(e.column) : mentions(e.expression ?? '', name))) || mentions(i.where ?? '', name)),
  );
}

function mentions(sql: string, lowerName: string): boolean {
  return tokenize(sql).some((t) => (t.kind === 'word' || t.kind === 'quoted') && identValue(t).toLowerCase() === lowerName);
}
