import { FlashError } from '../../errors.js';
import { SchemaReplay } from '../../core/diff/apply-operations.js';
import { unknownOperation, type Operation, type Statement } from '../../core/diff/operations.js';
import type { Definition } from '../../core/model/definitions.js';
import type { RenderContext } from '../dialect.js';
import { checkClause, createIndexStatement, createTableStatement, foreignKeyClause, q, uniqueClause } from './ddl.js';
import { quoteLiteral } from './normalize.js';
import { addPrimaryKeySql, dropPrimaryKeySql, KeyFolding } from './render-auto-increment.js';
import { addColumnSql, alterColumnSql } from './render-columns.js';
import type { MysqlOpContext } from './render-context.js';
import { dropForeignKeySql, dropKeySql } from './render-implicit-index.js';
import { alterTableOptionsSql } from './render-table-options.js';

/**
 * Operations → MySQL/MariaDB statements, in order. Each operation is rendered against the schema as
 * it is right before it runs, replayed by the core (applyOperations' SchemaReplay).
 */
export function renderMysql(ops: Operation[], ctx: RenderContext): Statement[] {
  const replay = new SchemaReplay(ctx.from);
  const toTables = new Map(ctx.to.tables.map((t) => [t.name, t]));
  const keys = new KeyFolding();
  const out: Statement[] = [];
  ops.forEach((op, index) => {
    // Replaying only up to the operation being rendered: nothing reads the schema after the last one,
    // and a lone operation renders against any `from` (a merge re-renders one CREATE INDEX from nothing).
    if (index > 0) replay.apply(ops[index - 1], index - 1);
    if (keys.isFolded(index)) return;
    const cx: MysqlOpContext = { ops, index, current: (t) => replay.findTable(t), target: (t) => toTables.get(t), keys };
    for (const sql of renderOperation(op, cx)) out.push({ sql, op: index });
  });
  return out;
}

/**
 * One operation's statements. Enum operations render nothing: MySQL enums live in column types, and
 * the diff emits `alterColumn` for the columns that use them; the rest of what renders nothing is
 * PostgreSQL's or MongoDB's.
 */
export function renderOperation(op: Operation, cx: MysqlOpContext): string[] {
  switch (op.kind) {
    case 'createTable':
      return [createTableStatement(op.table)];
    case 'dropTable':
      return [`DROP TABLE ${q(op.table.name)}`];
    case 'renameTable':
      return [`RENAME TABLE ${q(op.from)} TO ${q(op.to)}`];
    case 'addColumn':
      return [addColumnSql(op, cx)];
    case 'dropColumn':
      return [`ALTER TABLE ${q(op.table)} DROP COLUMN ${q(op.column.name)}`];
    case 'renameColumn':
      return [`ALTER TABLE ${q(op.table)} RENAME COLUMN ${q(op.from)} TO ${q(op.to)}`];
    case 'alterColumn':
      return [alterColumnSql(op, cx)];
    case 'addPrimaryKey':
      return [addPrimaryKeySql(op.table, op.primaryKey, cx)];
    case 'dropPrimaryKey':
      return dropPrimaryKeySql(op.table, cx);
    case 'addUnique':
      return [`ALTER TABLE ${q(op.table)} ADD ${uniqueClause(op.unique)}`];
    case 'dropUnique':
      return [dropKeySql(cx.current(op.table), op.table, op.unique.name)];
    case 'createIndex':
      return [createIndexStatement(op.table, op.index)];
    case 'dropIndex':
      return [dropKeySql(cx.current(op.table), op.table, op.index.name)];
    case 'addForeignKey':
      return [`ALTER TABLE ${q(op.table)} ADD ${foreignKeyClause(op.foreignKey)}`];
    case 'dropForeignKey':
      return dropForeignKeySql(cx.current(op.table), op.table, op.foreignKey);
    case 'addCheck':
      return [`ALTER TABLE ${q(op.table)} ADD ${checkClause(op.check)}`];
    case 'dropCheck':
      return [`ALTER TABLE ${q(op.table)} DROP CONSTRAINT ${q(op.check.name)}`];
    case 'setTableComment':
      return [`ALTER TABLE ${q(op.table)} COMMENT = ${quoteLiteral(op.to ?? '')}`];
    case 'alterTableOptions':
      return alterTableOptionsSql(op.table, op.from, op.to, cx.current(op.table), cx.target(op.table));
    case 'createView':
      return [`CREATE OR REPLACE VIEW ${q(op.view.name)} AS ${op.view.definition}`];
    case 'dropView':
      return [`DROP VIEW ${q(op.view.name)}`];
    case 'alterViewOptions':
      throw new FlashError(
        'E_UNSUPPORTED',
        `MySQL has no view options like those of view ${op.to.name}.`,
        'They are PostgreSQL view options; a MySQL schema never declares them.',
      );
    case 'setTriggers':
      return [...op.from.map((t) => `DROP TRIGGER IF EXISTS ${q(t.name)}`), ...op.to.map((t) => t.definition)];
    case 'setComment':
      throw new FlashError(
        'E_UNSUPPORTED',
        `MySQL has no COMMENT ON ${op.target.on} (${op.target.name}).`,
        'Comments on objects other than tables and columns are PostgreSQL; a MySQL schema never declares them.',
      );
    case 'createDefinition':
      return [op.definition.definition];
    case 'dropDefinition':
      return dropDefinitionSql(op.definition);
    case 'replaceDefinition':
      // MySQL cannot replace a routine, trigger or event in place (MariaDB could; one plan serves both).
      return [...dropDefinitionSql(op.from), op.to.definition];
    case 'createSchema':
    case 'dropSchema':
    case 'createExtension':
    case 'dropExtension':
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
    case 'createEnum':
    case 'dropEnum':
    case 'addEnumValue':
    case 'recreateEnum':
    case 'createCollection':
    case 'dropCollection':
    case 'setValidator':
    case 'createCollectionIndex':
    case 'dropCollectionIndex':
      return [];
    default:
      return unknownOperation(op);
  }
}

/** DROP for a trigger, routine or event; the definition's identity is enough. */
function dropDefinitionSql(d: Definition): string[] {
  const kind =
    d.kind === 'function' || d.kind === 'procedure' || d.kind === 'trigger' || d.kind === 'event' ? d.kind.toUpperCase() : undefined;
  return kind ? [`DROP ${kind} IF EXISTS ${q(d.object)}`] : [];
}
