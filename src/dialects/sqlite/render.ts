import type { Operation, Statement } from '../../core/diff/operations.js';
import type { Column, Schema, Table } from '../../core/model/schema.js';
import { FlashError } from '../../errors.js';
import type { RenderContext } from '../dialect.js';
import { isConstantDefault } from './normalize.js';
import { columnDefinition, createIndexSql, createTableSql, quoteIdent, quoteString, tableObjectsSql, viewObjectsSql } from './render-ddl.js';
import { identValue, tokenize } from './tokenizer.js';

/**
 * Operations → SQLite statements.
 *
 * What `ALTER TABLE` can do is rendered directly (ADD/DROP/RENAME COLUMN, RENAME TABLE, indexes,
 * views). Everything else on a table (column type/null/default changes, keys, uniques, checks,
 * foreign keys, table options) is grouped into ONE rebuild per table, SQLite's documented
 * procedure: create `__flash_new_<t>` from the target definition in `ctx.to`, copy the common
 * columns, drop the old table, rename, recreate the table's indexes and triggers.
 *
 * The rebuild runs inside the migration transaction, where `PRAGMA foreign_keys=OFF` is a no-op. The
 * SQLite driver therefore switches foreign-key enforcement off itself when a migration transaction
 * starts (`BEGIN` through `Connection.exec`, or `acquireLock`) and restores it afterwards; with
 * enforcement on, dropping the old table would fire ON DELETE CASCADE on child rows. Integrity is then
 * checked explicitly: after all rebuilds, a `PRAGMA foreign_key_check("t")` statement is rendered for
 * every rebuilt table and every table whose foreign keys point at one. Convention: **a `PRAGMA
 * foreign_key_check` statement that returns rows is a failed statement** — the migration runner (and
 * the SQLite driver's `exec`) throw on it, so the transaction rolls back. `PRAGMA defer_foreign_keys=ON`
 * is emitted too, so that a run with enforcement on still defers the checks to COMMIT.
 */
export function renderSqlite(ops: Operation[], ctx: RenderContext): Statement[] {
  const plan = planRebuilds(ops, ctx);
  const out: Statement[] = [];
  const emit = (sql: string, op: number) => out.push({ sql, op });
  let deferred = false;
  const triggers = triggerChanges(ops, ctx, plan);
  for (const name of triggers.drops) emit(`DROP TRIGGER ${quoteIdent(name)}`, 0);

  ops.forEach((op, i) => {
    const rebuild = plan.rebuildAt.get(i);
    if (!plan.absorbed.has(i)) renderDirect(op, i, ctx, plan, emit);
    if (rebuild) {
      if (!deferred) emit('PRAGMA defer_foreign_keys = ON', rebuild.firstOp);
      deferred = true;
      for (const sql of rebuildSql(rebuild, ctx)) emit(sql, rebuild.firstOp);
    }
  });

  for (const sql of triggers.creates) emit(sql, ops.length - 1);
  for (const [table, op] of foreignKeyChecks(plan, ctx.to)) emit(`PRAGMA foreign_key_check(${quoteIdent(table)})`, op);
  return out;
}

interface Rebuild {
  /** table name after the migration (and when the rebuild runs: renames are rendered before it) */
  table: string;
  /** name in ctx.from */
  fromName: string;
  firstOp: number;
  renamedColumns: Map<string, string>;
  dropped: Set<string>;
  added: Set<string>;
}

interface Plan {
  rebuildAt: Map<number, Rebuild>;
  rebuilds: Rebuild[];
  absorbed: Set<number>;
  /** tables created in this migration: written complete (from ctx.to) by their createTable */
  created: Set<string>;
}

const alwaysRebuild = new Set<Operation['kind']>([
  'alterColumn', 'addPrimaryKey', 'dropPrimaryKey', 'addUnique', 'dropUnique',
  'addForeignKey', 'dropForeignKey', 'addCheck', 'dropCheck', 'alterTableOptions',
]);

/** Ops on a rebuilt table that the rebuild performs itself; renames and DROP INDEX still run before it. */
const absorbable = new Set<Operation['kind']>([...alwaysRebuild, 'addColumn', 'dropColumn', 'createIndex', 'setTableComment']);

function planRebuilds(ops: Operation[], ctx: RenderContext): Plan {
  const lower = (s: string) => s.toLowerCase();
  const tableRenames = new Map<string, { to: string; at: number }>();
  ops.forEach((op, i) => {
    if (op.kind === 'renameTable') tableRenames.set(lower(op.from), { to: op.to, at: i });
  });
  // ops before a table rename name the table by its old name
  const finalName = (name: string, at: number) => {
    const r = tableRenames.get(lower(name));
    return r && r.at > at ? r.to : name;
  };
  const toTables = new Map(ctx.to.tables.map((t) => [lower(t.name), t]));
  const fromTables = new Map(ctx.from.tables.map((t) => [lower(t.name), t]));
  const created = new Set<string>();
  const needs = new Map<string, number>();
  const dropAt = new Map<string, number>();
  ops.forEach((op, i) => {
    if (op.kind === 'dropTable') dropAt.set(lower(op.table.name), i);
  });
  const noOps = new Set<number>();
  ops.forEach((op, i) => {
    if (op.kind === 'createTable') created.add(lower(op.table.name));
    if (!('table' in op) || typeof op.table !== 'string') return;
    const table = lower(finalName(op.table, i));
    if (created.has(table)) return;
    // a change to a table this migration drops afterwards has nothing left to act on
    if ((dropAt.get(lower(op.table)) ?? -1) > i) {
      noOps.add(i);
      return;
    }
    const forced =
      alwaysRebuild.has(op.kind) ||
      (op.kind === 'addColumn' && (op.position !== undefined || !canAddColumn(op.column, toTables.get(table)))) ||
      (op.kind === 'dropColumn' && !canDropColumn(op.column.name, fromTables.get(lower(fromNameOf(table, tableRenames))), ops, op.table));
    if (forced && !needs.has(table)) needs.set(table, i);
  });

  const plan: Plan = { rebuildAt: new Map(), rebuilds: [], absorbed: noOps, created };
  for (const [table, firstOp] of needs) {
    const target = toTables.get(table);
    if (!target) continue;
    const rebuild: Rebuild = {
      table: target.name,
      fromName: fromNameOf(table, tableRenames),
      firstOp,
      renamedColumns: new Map(),
      dropped: new Set(),
      added: new Set(),
    };
    let at = firstOp;
    ops.forEach((op, i) => {
      if (op.kind === 'renameTable' && lower(op.to) === table) at = Math.max(at, i);
      if (!('table' in op) || typeof op.table !== 'string' || lower(finalName(op.table, i)) !== table) return;
      if (op.kind === 'renameColumn') {
        rebuild.renamedColumns.set(lower(op.from), op.to);
        at = Math.max(at, i);
      } else if (absorbable.has(op.kind)) {
        plan.absorbed.add(i);
        at = Math.max(at, i);
        if (op.kind === 'dropColumn') rebuild.dropped.add(lower(op.column.name));
        if (op.kind === 'addColumn') rebuild.added.add(lower(op.column.name));
      }
    });
    plan.rebuildAt.set(at, rebuild);
    plan.rebuilds.push(rebuild);
  }
  // a created table is written whole from ctx.to; later ops on it (cycle-breaking FKs, indexes) are already in it
  ops.forEach((op, i) => {
    if (op.kind !== 'createTable' && 'table' in op && typeof op.table === 'string' && created.has(lower(op.table))) plan.absorbed.add(i);
  });
  return plan;
}

function fromNameOf(table: string, renames: Map<string, { to: string }>): string {
  for (const [from, r] of renames) if (r.to.toLowerCase() === table) return from;
  return table;
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
function canDropColumn(column: string, table: Table | undefined, ops: Operation[], tableName: string): boolean {
  if (!table) return false;
  const name = column.toLowerCase();
  const is = (c: string) => c.toLowerCase() === name;
  if (table.primaryKey?.columns.some(is)) return false;
  if (table.uniques.some((u) => u.columns.some(is))) return false;
  if (table.foreignKeys.some((f) => f.columns.some(is))) return false;
  if (table.checks.some((c) => mentions(c.expression, name))) return false;
  if (table.columns.some((c) => c.generated && mentions(c.generated.expression, name))) return false;
  if ((table.triggers ?? []).some((t) => mentions(t.definition, name))) return false;
  const droppedIndexes = new Set(ops.filter((o) => o.kind === 'dropIndex' && o.table === tableName).map((o) => (o as { index: { name: string } }).index.name));
  return !table.indexes.some(
    (i) => !droppedIndexes.has(i.name) && (i.elements.some((e) => (e.column ? is(e.column) : mentions(e.expression ?? '', name))) || mentions(i.where ?? '', name)),
  );
}

function mentions(sql: string, lowerName: string): boolean {
  return tokenize(sql).some((t) => (t.kind === 'word' || t.kind === 'quoted') && identValue(t).toLowerCase() === lowerName);
}

function renderDirect(op: Operation, i: number, ctx: RenderContext, plan: Plan, emit: (sql: string, op: number) => void): void {
  switch (op.kind) {
    case 'createTable': {
      const table = ctx.to.tables.find((t) => t.name.toLowerCase() === op.table.name.toLowerCase()) ?? op.table;
      for (const sql of tableObjectsSql(table)) emit(sql, i);
      return;
    }
    case 'dropTable':
      return emit(`DROP TABLE ${quoteIdent(op.table.name)}`, i);
    case 'renameTable':
      return emit(`ALTER TABLE ${quoteIdent(op.from)} RENAME TO ${quoteIdent(op.to)}`, i);
    case 'addColumn':
      return emit(`ALTER TABLE ${quoteIdent(op.table)} ADD COLUMN ${columnDefinition(op.column)}`, i);
    case 'dropColumn':
      return emit(`ALTER TABLE ${quoteIdent(op.table)} DROP COLUMN ${quoteIdent(op.column.name)}`, i);
    case 'renameColumn':
      return emit(`ALTER TABLE ${quoteIdent(op.table)} RENAME COLUMN ${quoteIdent(op.from)} TO ${quoteIdent(op.to)}`, i);
    case 'createIndex':
      return emit(createIndexSql(op.table, op.index), i);
    case 'dropIndex':
      return emit(`DROP INDEX ${quoteIdent(op.index.name)}`, i);
    case 'createView': {
      const view = ctx.to.views.find((v) => v.name === op.view.name) ?? op.view;
      for (const sql of viewObjectsSql(view)) emit(sql, i);
      return;
    }
    case 'dropView':
      return emit(`DROP VIEW ${quoteIdent(op.view.name)}`, i);
    case 'setTableComment':
      return; // SQLite has no comments; the IR never carries one for it
    case 'createEnum':
    case 'dropEnum':
    case 'addEnumValue':
    case 'recreateEnum':
      throw new FlashError('E_UNSUPPORTED', 'SQLite has no enum types.', 'Use a CHECK constraint (col IN (…)) for enumerated values on SQLite.');
    default:
      // every other table change is a rebuild; reaching here means the plan missed its table
      void plan;
      throw new FlashError('E_INTERNAL', `SQLite renderer could not place operation ${op.kind}.`, 'Report this with the schema that produced it.');
  }
}

function rebuildSql(r: Rebuild, ctx: RenderContext): string[] {
  const target = ctx.to.tables.find((t) => t.name === r.table)!;
  const source = ctx.from.tables.find((t) => t.name.toLowerCase() === r.fromName.toLowerCase());
  const temp = `__flash_new_${r.table}`;
  const available = new Map<string, string>(); // current (post-rename) column name, lower-case → name
  for (const c of source?.columns ?? []) {
    if (r.dropped.has(c.name.toLowerCase())) continue;
    const current = r.renamedColumns.get(c.name.toLowerCase()) ?? c.name;
    available.set(current.toLowerCase(), current);
  }
  const copied = target.columns.filter((c) => !c.generated && !r.added.has(c.name.toLowerCase()) && available.has(c.name.toLowerCase()));
  const sql = [createTableSql(target, temp)];
  const hadSequence = source?.columns.some((c) => c.identity === 'auto-increment');
  if (hadSequence && target.columns.some((c) => c.identity === 'auto-increment')) {
    // keep AUTOINCREMENT's high-water mark: ids of deleted rows must not come back
    sql.push(`INSERT INTO sqlite_sequence (name, seq) SELECT ${quoteString(temp)}, seq FROM sqlite_sequence WHERE name = ${quoteString(r.table)}`);
  }
  if (copied.length) {
    const cols = copied.map((c) => quoteIdent(c.name)).join(', ');
    const from = copied.map((c) => quoteIdent(available.get(c.name.toLowerCase())!)).join(', ');
    sql.push(`INSERT INTO ${quoteIdent(temp)} (${cols}) SELECT ${from} FROM ${quoteIdent(r.table)}`);
  }
  sql.push(`DROP TABLE ${quoteIdent(r.table)}`);
  // legacy mode: views and triggers that name the old table are left alone instead of failing the rename
  sql.push('PRAGMA legacy_alter_table = ON');
  sql.push(`ALTER TABLE ${quoteIdent(temp)} RENAME TO ${quoteIdent(r.table)}`);
  sql.push('PRAGMA legacy_alter_table = OFF');
  sql.push(...tableObjectsSql(target).slice(1));
  return sql;
}

/**
 * Triggers are not operations of the diff; the renderer keeps them in step from the two schemas. A
 * trigger of a kept table that is new or whose text changed is dropped first and created after every
 * table change (rebuilt and created tables get theirs with the table). Only runs with other changes:
 * an Operation[] that is empty renders nothing.
 */
function triggerChanges(ops: Operation[], ctx: RenderContext, plan: Plan): { drops: string[]; creates: string[] } {
  const drops: string[] = [];
  const creates: string[] = [];
  if (ops.length === 0) return { drops, creates };
  const renamedTo = new Map<string, string>();
  for (const op of ops) if (op.kind === 'renameTable') renamedTo.set(op.to.toLowerCase(), op.from.toLowerCase());
  const fromTables = new Map(ctx.from.tables.map((t) => [t.name.toLowerCase(), t]));
  const rebuilt = new Set(plan.rebuilds.map((r) => r.table.toLowerCase()));
  for (const table of ctx.to.tables) {
    const key = table.name.toLowerCase();
    if (plan.created.has(key)) continue;
    const old = fromTables.get(renamedTo.get(key) ?? key);
    if (!old) continue;
    const before = new Map((old.triggers ?? []).map((t) => [t.name, t.definition]));
    const after = new Map((table.triggers ?? []).map((t) => [t.name, t.definition]));
    for (const [name, definition] of before) if (after.get(name) !== definition) drops.push(name);
    if (rebuilt.has(key)) continue;
    for (const [name, definition] of after) if (before.get(name) !== definition) creates.push(definition);
  }
  return { drops, creates };
}

/** Rebuilt tables and the tables whose foreign keys reference them, each with the op it belongs to. */
function foreignKeyChecks(plan: Plan, to: Schema): Map<string, number> {
  const checks = new Map<string, number>();
  const rebuilt = new Map(plan.rebuilds.map((r) => [r.table.toLowerCase(), r.firstOp]));
  for (const r of plan.rebuilds) checks.set(r.table, r.firstOp);
  for (const t of to.tables) {
    for (const fk of t.foreignKeys) {
      const op = rebuilt.get(fk.referencedTable.toLowerCase());
      if (op !== undefined && !checks.has(t.name)) checks.set(t.name, op);
    }
  }
  return checks;
}

/** Full DDL creating `schema` from nothing: tables (with their indexes and triggers), then views in dependency order. */
export function renderSqliteSchema(schema: Schema): string {
  const statements: string[] = [];
  for (const table of [...schema.tables].sort(byName)) statements.push(...tableObjectsSql(table));
  for (const view of viewsInDependencyOrder(schema)) statements.push(...viewObjectsSql(view));
  return statements.map((s) => `${s};\n`).join('\n');
}

function viewsInDependencyOrder(schema: Schema): Schema['views'] {
  const byLower = new Map(schema.views.map((v) => [v.name.toLowerCase(), v]));
  const done = new Set<string>();
  const out: Schema['views'] = [];
  const visit = (v: Schema['views'][number], path: Set<string>) => {
    const key = v.name.toLowerCase();
    if (done.has(key) || path.has(key)) return;
    path.add(key);
    for (const t of tokenize(v.definition)) {
      if (t.kind !== 'word' && t.kind !== 'quoted') continue;
      const dep = byLower.get(identValue(t).toLowerCase());
      if (dep && dep !== v) visit(dep, path);
    }
    done.add(key);
    out.push(v);
  };
  for (const v of [...schema.views].sort(byName)) visit(v, new Set());
  return out;
}

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
