import type { ColumnPosition, Operation, Statement } from '../../core/diff/operations.js';
import type { Definition } from '../../core/model/definitions.js';
import type { Column, ForeignKey, Index, Table } from '../../core/model/schema.js';
import type { RenderContext } from '../dialect.js';
import {
  checkClause,
  columnDefinition,
  createIndexStatement,
  createTableStatement,
  foreignKeyClause,
  hasCollation,
  indexClause,
  q,
  qList,
  uniqueClause,
} from './ddl.js';
import { isServedByOtherKey } from './implicit-fk-index.js';
import { quoteLiteral } from './normalize.js';
import { TableState } from './render-state.js';

/**
 * Operations → MySQL/MariaDB statements, in order. Enum operations render nothing: MySQL enums live in
 * column types, and the diff emits `alterColumn` for the columns that use them.
 */
export function renderMysql(ops: Operation[], ctx: RenderContext): Statement[] {
  const state = new TableState(ctx.from);
  const toTables = new Map(ctx.to.tables.map((t) => [t.name, t]));
  const deferredPkDrops = new Set<string>();
  const out: Statement[] = [];
  /** Later key operations already emitted together with an AUTO_INCREMENT column (see keyForAutoIncrement). */
  const folded = new Set<number>();
  ops.forEach((op, index) => {
    const sqls = folded.has(index) ? [] : renderOne(op, index);
    for (const sql of sqls) out.push({ sql, op: index });
    state.apply(op);
  });
  return out;

  function renderOne(op: Operation, index: number): string[] {
    switch (op.kind) {
      case 'createTable':
        return [createTableStatement(op.table)];
      case 'dropTable':
        return [`DROP TABLE ${q(op.table.name)}`];
      case 'renameTable':
        return [`RENAME TABLE ${q(op.from)} TO ${q(op.to)}`];
      case 'addColumn': {
        const at = op.position ? placement(op.position) : position(op.table, op.column.name);
        return [
          `ALTER TABLE ${q(op.table)} ADD COLUMN ${columnDefinition(op.column)}${at}${keyForAutoIncrement(op.table, op.column, index)}`,
        ];
      }
      case 'dropColumn':
        return [`ALTER TABLE ${q(op.table)} DROP COLUMN ${q(op.column.name)}`];
      case 'renameColumn':
        return [`ALTER TABLE ${q(op.table)} RENAME COLUMN ${q(op.from)} TO ${q(op.to)}`];
      case 'alterColumn':
        return alterColumn(op.table, op.from, op.to, op.position, index);
      case 'addPrimaryKey': {
        const drop = deferredPkDrops.delete(op.table) ? 'DROP PRIMARY KEY, ' : '';
        return [`ALTER TABLE ${q(op.table)} ${drop}ADD PRIMARY KEY (${qList(op.primaryKey.columns)})`];
      }
      case 'dropPrimaryKey':
        return dropPrimaryKey(op.table, index);
      case 'addUnique':
        return [`ALTER TABLE ${q(op.table)} ADD ${uniqueClause(op.unique)}`];
      case 'dropUnique':
        return [dropKey(op.table, op.unique.name)];
      case 'createIndex':
        return [createIndexStatement(op.table, op.index)];
      case 'dropIndex':
        return [dropKey(op.table, op.index.name)];
      case 'addForeignKey':
        return [`ALTER TABLE ${q(op.table)} ADD ${foreignKeyClause(op.foreignKey)}`];
      case 'dropForeignKey':
        return dropForeignKey(op.table, op.foreignKey);
      case 'addCheck':
        return [`ALTER TABLE ${q(op.table)} ADD ${checkClause(op.check)}`];
      case 'dropCheck':
        return [`ALTER TABLE ${q(op.table)} DROP CONSTRAINT ${q(op.check.name)}`];
      case 'setTableComment':
        return [`ALTER TABLE ${q(op.table)} COMMENT = ${quoteLiteral(op.to ?? '')}`];
      case 'alterTableOptions':
        return alterTableOptions(op.table, op.from, op.to);
      case 'createView':
        return [`CREATE OR REPLACE VIEW ${q(op.view.name)} AS ${op.view.definition}`];
      case 'dropView':
        return [`DROP VIEW ${q(op.view.name)}`];
      case 'setTriggers':
        return [...op.from.map((t) => `DROP TRIGGER IF EXISTS ${q(t.name)}`), ...op.to.map((t) => t.definition)];
      case 'createDefinition':
        return [op.definition.definition];
      case 'dropDefinition':
        return dropDefinitionMysql(op.definition);
      case 'replaceDefinition':
        // MySQL cannot replace a routine, trigger or event in place (MariaDB could; one plan serves both).
        return [...dropDefinitionMysql(op.from), op.to.definition];
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
    }
  }

  /** Keeps the column order of the target schema, which the IR treats as significant. */
  function position(table: string, column: string): string {
    const target = toTables.get(table);
    const current = state.get(table);
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

  /**
   * MODIFY COLUMN with the full new definition. MariaDB cannot MODIFY a generated column into another
   * kind of column (or change virtual ↔ stored); generated values are recomputed, so drop + add keeps them.
   */
  function alterColumn(table: string, from: Column, to: Column, moveTo: ColumnPosition | undefined, index: number): string[] {
    const generatedChanged = (from.generated || to.generated) && JSON.stringify(from.generated) !== JSON.stringify(to.generated);
    if (generatedChanged && to.generated) {
      const at = moveTo ? placement(moveTo) : positionAfterDrop(table, to.name);
      return [`ALTER TABLE ${q(table)} DROP COLUMN ${q(from.name)}, ADD COLUMN ${columnDefinition(to)}${at}`];
    }
    return [
      `ALTER TABLE ${q(table)} MODIFY COLUMN ${columnDefinition(to)}${moveTo ? placement(moveTo) : ''}${keyForAutoIncrement(table, to, index)}`,
    ];
  }

  /**
   * An AUTO_INCREMENT column must lead some key at every moment, but the diff adds keys after columns.
   * When no current key starts with the column, the later operation that adds one is folded into this
   * statement (and renders nothing itself).
   */
  function keyForAutoIncrement(table: string, column: Column, index: number): string {
    if (column.identity !== 'auto-increment') return '';
    const current = state.get(table);
    const leads = (cols: string[]): boolean => cols[0] === column.name;
    if (current) {
      if (current.primaryKey && leads(current.primaryKey.columns) && !deferredPkDrops.has(table)) return '';
      if (current.uniques.some((u) => leads(u.columns))) return '';
      if (current.indexes.some((ix) => ix.elements[0]?.column === column.name)) return '';
    }
    for (let j = index + 1; j < ops.length; j++) {
      const later = ops[j];
      if (!('table' in later) || later.table !== table) continue;
      let clause: string | undefined;
      if (later.kind === 'addPrimaryKey' && leads(later.primaryKey.columns)) {
        const drop = deferredPkDrops.delete(table) ? 'DROP PRIMARY KEY, ' : '';
        clause = `${drop}ADD PRIMARY KEY (${qList(later.primaryKey.columns)})`;
      } else if (later.kind === 'addUnique' && leads(later.unique.columns)) clause = `ADD ${uniqueClause(later.unique)}`;
      else if (later.kind === 'createIndex' && later.index.elements[0]?.column === column.name) clause = `ADD ${indexClause(later.index)}`;
      if (clause) {
        folded.add(j);
        return `, ${clause}`;
      }
    }
    return '';
  }

  function positionAfterDrop(table: string, column: string): string {
    const current = state.get(table);
    if (!current) return '';
    const at = current.columns.findIndex((c) => c.name === column);
    if (at < 0) return '';
    return at === 0 ? ' FIRST' : ` AFTER ${q(current.columns[at - 1].name)}`;
  }

  /**
   * An AUTO_INCREMENT column must stay a key. When the primary key is replaced, the drop is folded into
   * the later ADD PRIMARY KEY; when it is only dropped, AUTO_INCREMENT goes first in the same statement.
   */
  function dropPrimaryKey(table: string, index: number): string[] {
    const current = state.get(table);
    const pk = current?.primaryKey?.columns ?? [];
    const autoColumn = current?.columns.find((c) => c.identity === 'auto-increment' && pk.includes(c.name));
    if (!autoColumn) return [`ALTER TABLE ${q(table)} DROP PRIMARY KEY`];
    const laterAdd = ops.slice(index + 1).some((o) => o.kind === 'addPrimaryKey' && o.table === table);
    if (laterAdd) {
      deferredPkDrops.add(table);
      return [];
    }
    const { identity: _identity, ...plain } = autoColumn;
    return [`ALTER TABLE ${q(table)} MODIFY COLUMN ${columnDefinition(plain)}, DROP PRIMARY KEY`];
  }

  /**
   * Dropping the last index that serves a foreign key fails in InnoDB (error 1553); adding the FK's
   * implicit index in the same statement keeps the FK served, and introspection hides that index again.
   */
  function dropKey(table: string, name: string): string {
    const current = state.get(table);
    const replacements: string[] = [];
    if (current) {
      const dropped = keyColumns(current, name);
      for (const fk of current.foreignKeys) {
        const served = dropped && fk.columns.every((c, i) => dropped[i] === c);
        if (served && !isServedByOtherKey(current, fk, name)) {
          replacements.push(`ADD INDEX ${q(fk.name)} (${qList(fk.columns)})`);
        }
      }
    }
    if (!replacements.length) return `DROP INDEX ${q(name)} ON ${q(table)}`;
    return `ALTER TABLE ${q(table)} DROP INDEX ${q(name)}, ${replacements.join(', ')}`;
  }

  /** The FK's implicit index (see implicit-fk-index.ts) is dropped with it, so it never lingers as a stray index. */
  function dropForeignKey(table: string, fk: ForeignKey): string[] {
    const out = [`ALTER TABLE ${q(table)} DROP FOREIGN KEY ${q(fk.name)}`];
    const current = state.get(table);
    if (!current || isServedByOtherKey(current, fk)) return out;
    const visible = new Set(current.indexes.map((ix) => ix.name).concat(current.uniques.map((u) => u.name)));
    const candidates = [...new Set([fk.name, fk.columns[0]])].filter((n) => !visible.has(n));
    const stillNeeded = (n: string): boolean =>
      current.foreignKeys.some((other) => other.name !== fk.name && (other.name === n || other.columns[0] === n));
    for (const name of candidates) {
      if (!stillNeeded(name)) out.push(`ALTER TABLE ${q(table)} DROP INDEX IF EXISTS ${q(name)}`);
    }
    return out;
  }

  /**
   * New default charset/collation apply to new columns only, so every existing text column is
   * re-declared without COLLATE (taking the new default) or with its own explicit collation.
   */
  function alterTableOptions(table: string, from: Table['options'], to: Table['options']): string[] {
    const out: string[] = [];
    if ((to?.engine ?? '') !== (from?.engine ?? '') && to?.engine) out.push(`ALTER TABLE ${q(table)} ENGINE=${to.engine}`);
    const charsetChanged = (to?.charset ?? '') !== (from?.charset ?? '') || (to?.collation ?? '') !== (from?.collation ?? '');
    if (charsetChanged && (to?.charset || to?.collation)) {
      const parts: string[] = [];
      if (to.charset) parts.push(`DEFAULT CHARSET=${to.charset}`);
      if (to.collation) parts.push(`COLLATE=${to.collation}`);
      out.push(`ALTER TABLE ${q(table)} ${parts.join(' ')}`);
      const current = state.get(table);
      const target = toTables.get(table);
      if (current && target) {
        const existing = new Set(current.columns.map((c) => c.name));
        const modifies = target.columns
          .filter((c) => existing.has(c.name) && hasCollation(c))
          .map((c) => `MODIFY COLUMN ${columnDefinition(c)}`);
        if (modifies.length) out.push(`ALTER TABLE ${q(table)} ${modifies.join(', ')}`);
      }
    }
    return out;
  }
}

function placement(p: ColumnPosition): string {
  return p === 'first' ? ' FIRST' : ` AFTER ${q(p.after)}`;
}

function keyColumns(table: Table, name: string): string[] | undefined {
  const u = table.uniques.find((x) => x.name === name);
  if (u) return u.columns;
  const ix: Index | undefined = table.indexes.find((x) => x.name === name);
  if (!ix || ix.method === 'fulltext' || ix.method === 'spatial') return undefined;
  return ix.elements.map((e) => (e.column !== undefined && e.length === undefined ? e.column : '\0'));
}

/** DROP for a trigger, routine or event; the definition's identity is enough. */
function dropDefinitionMysql(d: Definition): string[] {
  const kind =
    d.kind === 'function' || d.kind === 'procedure' || d.kind === 'trigger' || d.kind === 'event' ? d.kind.toUpperCase() : undefined;
  return kind ? [`DROP ${kind} IF EXISTS ${q(d.object)}`] : [];
}
