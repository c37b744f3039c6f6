import type { Operation, Statement } from '../../core/diff/operations.js';
import { FlashError } from '../../errors.js';
import type { RenderContext } from '../dialect.js';
import type { Table, View } from '../../core/model/schema.js';
import { planRebuilds } from './rebuild-plan.js';
import { foreignKeyChecks, rebuildSql } from './rebuild-sql.js';
import { columnDefinition, createIndexSql, quoteIdent, tableObjectsSql, viewObjectsSql } from './render-ddl.js';
import { triggerChanges } from './trigger-sync.js';

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
  const toTables = new Map(ctx.to.tables.map((t) => [t.name.toLowerCase(), t]));
  const toViews = new Map(ctx.to.views.map((v) => [v.name, v]));
  const triggers = triggerChanges(ops, ctx, plan);
  for (const name of triggers.drops) emit(`DROP TRIGGER ${quoteIdent(name)}`, 0);

  ops.forEach((op, i) => {
    const rebuild = plan.rebuildAt.get(i);
    if (!plan.absorbed.has(i)) renderDirect(op, i, toTables, toViews, emit);
    if (rebuild) {
      if (!deferred) emit('PRAGMA defer_foreign_keys = ON', rebuild.firstOp);
      deferred = true;
      for (const sql of rebuildSql(rebuild)) emit(sql, rebuild.firstOp);
    }
  });

  for (const sql of triggers.creates) emit(sql, ops.length - 1);
  for (const [table, op] of foreignKeyChecks(plan, ctx.to)) emit(`PRAGMA foreign_key_check(${quoteIdent(table)})`, op);
  return out;
}

function renderDirect(
  op: Operation,
  i: number,
  toTables: Map<string, Table>,
  toViews: Map<string, View>,
  emit: (sql: string, op: number) => void,
): void {
  switch (op.kind) {
    case 'createTable': {
      const table = toTables.get(op.table.name.toLowerCase()) ?? op.table;
      for (const sql of tableObjectsSql(table)) emit(sql, i);
      return;
    }
    case 'dropTable': {
      emit(`DROP TABLE ${quoteIdent(op.table.name)}`, i);
      return;
    }
    case 'renameTable': {
      emit(`ALTER TABLE ${quoteIdent(op.from)} RENAME TO ${quoteIdent(op.to)}`, i);
      return;
    }
    case 'addColumn': {
      emit(`ALTER TABLE ${quoteIdent(op.table)} ADD COLUMN ${columnDefinition(op.column)}`, i);
      return;
    }
    case 'dropColumn': {
      emit(`ALTER TABLE ${quoteIdent(op.table)} DROP COLUMN ${quoteIdent(op.column.name)}`, i);
      return;
    }
    case 'renameColumn': {
      emit(`ALTER TABLE ${quoteIdent(op.table)} RENAME COLUMN ${quoteIdent(op.from)} TO ${quoteIdent(op.to)}`, i);
      return;
    }
    case 'createIndex': {
      emit(createIndexSql(op.table, op.index), i);
      return;
    }
    case 'dropIndex': {
      emit(`DROP INDEX ${quoteIdent(op.index.name)}`, i);
      return;
    }
    case 'createView': {
      const view = toViews.get(op.view.name) ?? op.view;
      for (const sql of viewObjectsSql(view)) emit(sql, i);
      return;
    }
    case 'dropView': {
      emit(`DROP VIEW ${quoteIdent(op.view.name)}`, i);
      return;
    }
    case 'setTableComment':
      return; // SQLite has no comments; the IR never carries one for it
    case 'setTriggers':
      return; // trigger-sync.ts drops and recreates changed triggers from the two schemas
    case 'createSchema':
    case 'dropSchema':
    case 'createExtension':
    case 'dropExtension':
      throw new FlashError(
        'E_UNSUPPORTED',
        'SQLite has no extensions.',
        'Extensions are PostgreSQL objects; a SQLite schema never declares one.',
      );
    case 'createDefinition':
    case 'dropDefinition':
    case 'replaceDefinition':
      throw new FlashError(
        'E_UNSUPPORTED',
        'SQLite has no functions, procedures, policies or events, and keeps its triggers on their table.',
        'A SQLite schema never declares these objects; triggers are compared with their table.',
      );
    case 'createDomain':
    case 'dropDomain':
    case 'alterDomain':
    case 'createCompositeType':
    case 'dropCompositeType':
    case 'alterCompositeType':
    case 'createSequence':
    case 'dropSequence':
    case 'alterSequence':
    case 'setSequenceOwner':
      throw new FlashError(
        'E_UNSUPPORTED',
        'SQLite has no domains, composite types or sequences.',
        'They are PostgreSQL objects; a SQLite schema never declares one.',
      );
    case 'alterViewOptions':
      throw new FlashError(
        'E_UNSUPPORTED',
        `SQLite has no view options like those of view ${op.to.name}.`,
        'They are PostgreSQL view options; a SQLite schema never declares them.',
      );
    case 'createEnum':
    case 'dropEnum':
    case 'addEnumValue':
    case 'recreateEnum':
      throw new FlashError(
        'E_UNSUPPORTED',
        'SQLite has no enum types.',
        'Use a CHECK constraint (col IN (…)) for enumerated values on SQLite.',
      );
    default:
      // every other table change is a rebuild; reaching here means the plan missed its table
      throw new FlashError(
        'E_INTERNAL',
        `SQLite renderer could not place operation ${op.kind}.`,
        'Report this with the schema that produced it.',
      );
  }
}
