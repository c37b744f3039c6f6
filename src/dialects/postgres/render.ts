import { FlashError } from '../../errors.js';
import type { Operation, Statement } from '../../core/diff/operations.js';
import type { Column, EnumType, Schema } from '../../core/model/schema.js';
import { sameDefinition } from '../../core/diff/compare.js';
import { orderByForeignKeys, orderViews } from '../../core/diff/order.js';
import type { RenderContext } from '../dialect.js';
import {
  checkClause,
  columnDefinition,
  commentOnColumn,
  commentOnTable,
  createIndexSql,
  createTableSql,
  foreignKeyClause,
  primaryKeyClause,
  primaryKeyName,
  q,
  tableExtrasSql,
  uniqueClause,
} from './ddl.js';
import { quoteLiteral } from './quote.js';

/** Operations → PostgreSQL statements, in order, each tied to the index of its operation. */
export function renderPostgres(ops: Operation[], ctx: RenderContext): Statement[] {
  const out: Statement[] = [];
  ops.forEach((op, index) => {
    const transactional = op.kind === 'addEnumValue' ? !valueUsedLater(ops, index, op.enum, op.value) : true;
    for (const sql of renderOperation(op, ctx)) out.push(transactional ? { sql, op: index } : { sql, op: index, transactional: false });
  });
  return out;
}

function renderOperation(op: Operation, ctx: RenderContext): string[] {
  switch (op.kind) {
    case 'createTable':
      return [createTableSql(op.table), ...tableExtrasSql(op.table)];
    case 'dropTable':
      return [`DROP TABLE ${q(op.table.name)}`];
    case 'renameTable':
      return renameTable(op.from, op.to, ctx);
    case 'addColumn': {
      const sql = [`ALTER TABLE ${q(op.table)} ADD COLUMN ${columnDefinition(op.column)}`];
      if (op.column.comment !== undefined) sql.push(commentOnColumn(op.table, op.column.name, op.column.comment));
      return sql;
    }
    case 'dropColumn':
      return [`ALTER TABLE ${q(op.table)} DROP COLUMN ${q(op.column.name)}`];
    case 'renameColumn':
      return [`ALTER TABLE ${q(op.table)} RENAME COLUMN ${q(op.from)} TO ${q(op.to)}`];
    case 'alterColumn':
      return alterColumn(op.table, op.from, op.to, op.changes);
    case 'addPrimaryKey':
      return [`ALTER TABLE ${q(op.table)} ADD ${primaryKeyClause(op.table, op.primaryKey)}`];
    case 'dropPrimaryKey':
      return [`ALTER TABLE ${q(op.table)} DROP CONSTRAINT ${q(primaryKeyName(op.table, op.primaryKey))}`];
    case 'addUnique':
      return [`ALTER TABLE ${q(op.table)} ADD ${uniqueClause(op.unique)}`];
    case 'dropUnique':
      return [`ALTER TABLE ${q(op.table)} DROP CONSTRAINT ${q(op.unique.name)}`];
    case 'createIndex':
      return [createIndexSql(op.table, op.index)];
    case 'dropIndex':
      return [`DROP INDEX ${q(op.index.name)}`];
    case 'addForeignKey':
      return [`ALTER TABLE ${q(op.table)} ADD ${foreignKeyClause(op.foreignKey)}`];
    case 'dropForeignKey':
      return [`ALTER TABLE ${q(op.table)} DROP CONSTRAINT ${q(op.foreignKey.name)}`];
    case 'addCheck':
      return [`ALTER TABLE ${q(op.table)} ADD ${checkClause(op.check)}`];
    case 'dropCheck':
      return [`ALTER TABLE ${q(op.table)} DROP CONSTRAINT ${q(op.check.name)}`];
    case 'setTableComment':
      return [commentOnTable(op.table, op.to)];
    case 'alterTableOptions':
      return []; // the PostgreSQL IR has no table options
    case 'createEnum':
      return [createEnumSql(op.enum)];
    case 'dropEnum':
      return [`DROP TYPE ${q(op.enum.name)}`];
    case 'addEnumValue': {
      const anchor = op.before !== undefined ? ` BEFORE ${quoteLiteral(op.before)}` : op.after !== undefined ? ` AFTER ${quoteLiteral(op.after)}` : '';
      return [`ALTER TYPE ${q(op.enum)} ADD VALUE ${quoteLiteral(op.value)}${anchor}`];
    }
    case 'recreateEnum':
      return recreateEnum(op.from, op.to, op.usages, ctx);
    case 'createView':
      return [`CREATE ${op.view.materialized ? 'MATERIALIZED ' : ''}VIEW ${q(op.view.name)} AS\n${op.view.definition}`];
    case 'dropView':
      return [`DROP ${op.view.materialized ? 'MATERIALIZED ' : ''}VIEW ${q(op.view.name)}`];
    case 'setTriggers':
      return [...op.from.map((t) => `DROP TRIGGER IF EXISTS ${q(t.name)} ON ${q(op.table)}`), ...op.to.map((t) => t.definition)];
    default:
      throw new FlashError('E_INTERNAL', `The PostgreSQL renderer does not know the operation "${(op as { kind: string }).kind}".`, 'Update Flash.');
  }
}

function createEnumSql(e: EnumType): string {
  return `CREATE TYPE ${q(e.name)} AS ENUM (${e.values.map(quoteLiteral).join(', ')})`;
}

/** The primary key's default name follows the table (`<table>_pkey`), so a rename carries it along. */
function renameTable(from: string, to: string, ctx: RenderContext): string[] {
  const sql = [`ALTER TABLE ${q(from)} RENAME TO ${q(to)}`];
  const pk = ctx.from.tables.find((t) => t.name === from)?.primaryKey;
  if (pk && pk.name === undefined) sql.push(`ALTER TABLE ${q(to)} RENAME CONSTRAINT ${q(`${from}_pkey`)} TO ${q(`${to}_pkey`)}`);
  return sql;
}

const serialBase: Record<string, string> = { serial: 'integer', bigserial: 'bigint', smallserial: 'smallint' };

/** `serial` is a type plus an owned sequence default; ALTER COLUMN works on the base type. */
function baseType(type: string): string {
  return serialBase[type] ?? type;
}

function alterColumn(table: string, from: Column, to: Column, changes: string[]): string[] {
  const t = q(table);
  const c = q(to.name);
  const alter = (action: string) => `ALTER TABLE ${t} ALTER COLUMN ${c} ${action}`;
  const has = (change: string) => changes.includes(change);
  const sql: string[] = [];

  if (has('generated') && to.generated) {
    // PostgreSQL 15 cannot turn a column into a generated one or change its expression in place:
    // the values are derived, so dropping and re-adding the column loses nothing (it moves to the end).
    sql.push(`ALTER TABLE ${t} DROP COLUMN ${c}`, `ALTER TABLE ${t} ADD COLUMN ${columnDefinition(to)}`);
    if (to.comment !== undefined) sql.push(commentOnColumn(table, to.name, to.comment));
    return sql;
  }
  if (has('generated') && from.generated) sql.push(alter('DROP EXPRESSION'));

  if (from.identity && !to.identity) sql.push(alter('DROP IDENTITY'));

  const typeChanged = baseType(from.type) !== baseType(to.type) || has('collation');
  const fromSerial = from.type in serialBase;
  const toSerial = to.type in serialBase;
  const hadDefault = from.default !== undefined || fromSerial;
  const defaultChanged = has('default') || fromSerial !== toSerial;
  if (hadDefault && (defaultChanged || typeChanged)) sql.push(alter('DROP DEFAULT'));
  if (fromSerial && !toSerial) {
    // the sequence serial created is no longer wanted (and would block a later `serial` again)
    sql.push(
      `DO $$ DECLARE s text := pg_get_serial_sequence(${quoteLiteral(t)}, ${quoteLiteral(to.name)}); ` +
        `BEGIN IF s IS NOT NULL THEN EXECUTE 'DROP SEQUENCE ' || s; END IF; END $$`,
    );
  }

  if (typeChanged) {
    const target = baseType(to.type);
    const collate = to.collation !== undefined ? ` COLLATE ${q(to.collation)}` : has('collation') ? ' COLLATE "default"' : '';
    const using = baseType(from.type) === target ? '' : ` USING ${usingCast(to.name, from, to)}`;
    sql.push(alter(`TYPE ${target}${collate}${using}`));
  }

  if (from.nullable !== to.nullable) sql.push(alter(to.nullable ? 'DROP NOT NULL' : 'SET NOT NULL'));

  if (toSerial && !fromSerial) {
    const seq = `${table}_${to.name}_seq`;
    sql.push(
      `CREATE SEQUENCE ${q(seq)} AS ${baseType(to.type)} OWNED BY ${t}.${c}`,
      alter(`SET DEFAULT nextval(${quoteLiteral(q(seq))}::regclass)`),
      `SELECT setval(${quoteLiteral(q(seq))}, coalesce(max(${c}), 0) + 1, false) FROM ${t}`,
    );
  } else if (to.default !== undefined && (defaultChanged || typeChanged)) {
    sql.push(alter(`SET DEFAULT ${to.default}`));
  }

  if (to.identity && !from.identity) {
    sql.push(alter(`ADD GENERATED ${to.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`));
    // existing rows keep their values; start the identity after them
    sql.push(`SELECT setval(pg_get_serial_sequence(${quoteLiteral(t)}, ${quoteLiteral(to.name)}), coalesce(max(${c}), 0) + 1, false) FROM ${t}`);
  } else if (to.identity && from.identity && to.identity !== from.identity) {
    sql.push(alter(`SET GENERATED ${to.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'}`));
  }

  if (has('comment')) sql.push(commentOnColumn(table, to.name, to.comment));
  return sql;
}

/** Casts that PostgreSQL has no direct path for go through text (enum ↔ anything). */
function usingCast(column: string, from: Column, to: Column): string {
  const target = baseType(to.type);
  const viaText = from.family === 'enum' || to.family === 'enum' || (from.family === 'array' && to.family === 'array');
  if (!viaText) return `${q(column)}::${target}`;
  return `${q(column)}::text${target.endsWith('[]') ? '[]' : ''}::${target}`;
}

/**
 * Removing or reordering enum labels needs a new type: rename the old one away, create the new one,
 * convert every column through text (rows holding a removed label make this fail, which is the
 * honest outcome), drop the old type. Column defaults are cast to the type, so they are reset around it.
 */
function recreateEnum(from: EnumType, to: EnumType, usages: Array<{ table: string; column: string }>, ctx: RenderContext): string[] {
  const old = `${from.name}__flash_old`;
  const all = withArrayUsages(from.name, usages, ctx);
  const dependents = expressionDependents(all, ctx);
  const sql = [...dependents.drop, `ALTER TYPE ${q(from.name)} RENAME TO ${q(old)}`, createEnumSql(to)];
  for (const usage of all) {
    const before = findColumn(ctx.from, usage.table, usage.column);
    const after = findColumn(ctx.to, usage.table, usage.column) ?? before;
    const isArray = (after?.type ?? before?.type ?? '').endsWith('[]');
    const target = q(to.name) + (isArray ? '[]' : '');
    const t = q(usage.table);
    const c = q(usage.column);
    if (before?.default !== undefined) sql.push(`ALTER TABLE ${t} ALTER COLUMN ${c} DROP DEFAULT`);
    sql.push(`ALTER TABLE ${t} ALTER COLUMN ${c} TYPE ${target} USING ${c}::text${isArray ? '[]' : ''}::${target}`);
    if (after?.default !== undefined) sql.push(`ALTER TABLE ${t} ALTER COLUMN ${c} SET DEFAULT ${after.default}`);
  }
  sql.push(`DROP TYPE ${q(old)}`, ...dependents.create);
  return sql;
}

/**
 * Checks and partial/expression indexes that mention a retyped column hold literals cast to the old
 * type (`level <> 'mid'::level`), which blocks the conversion. Those the migration keeps unchanged are
 * dropped before and recreated after; changed ones are already dropped and re-added by the diff.
 */
function expressionDependents(usages: Array<{ table: string; column: string }>, ctx: RenderContext): { drop: string[]; create: string[] } {
  const drop: string[] = [];
  const create: string[] = [];
  const columnsByTable = new Map<string, string[]>();
  for (const u of usages) columnsByTable.set(u.table, [...(columnsByTable.get(u.table) ?? []), u.column]);
  for (const [tableName, columns] of columnsByTable) {
    const before = ctx.from.tables.find((t) => t.name === tableName);
    const after = ctx.to.tables.find((t) => t.name === tableName);
    if (!before || !after) continue;
    const mentions = (text: string | undefined) => text !== undefined && columns.some((c) => mentionsIdentifier(text, c));
    for (const check of before.checks) {
      const kept = after.checks.find((c) => c.name === check.name);
      if (kept && kept.expression === check.expression && mentions(check.expression)) {
        drop.push(`ALTER TABLE ${q(tableName)} DROP CONSTRAINT ${q(check.name)}`);
        create.push(`ALTER TABLE ${q(tableName)} ADD ${checkClause(kept)}`);
      }
    }
    for (const index of before.indexes) {
      const kept = after.indexes.find((i) => i.name === index.name);
      const uses = mentions(index.where) || index.elements.some((e) => mentions(e.expression));
      if (kept && uses && sameDefinition(kept, index)) {
        drop.push(`DROP INDEX ${q(index.name)}`);
        create.push(createIndexSql(tableName, kept));
      }
    }
  }
  return { drop, create };
}

function mentionsIdentifier(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w$"])("${escaped}"|${escaped})($|[^\\w$"])`).test(text);
}

/**
 * Every column that must be retyped: the operation's usages plus columns of the enum's array type
 * (and any the diff missed) that exist under the same name on both sides.
 */
function withArrayUsages(enumName: string, usages: Array<{ table: string; column: string }>, ctx: RenderContext): Array<{ table: string; column: string }> {
  const all = new Map(usages.map((u) => [`${u.table}\0${u.column}`, u]));
  const types = new Set([q(enumName), `${q(enumName)}[]`]);
  for (const table of ctx.from.tables) {
    for (const column of table.columns) {
      if (!types.has(column.type)) continue;
      const after = findColumn(ctx.to, table.name, column.name);
      if (after && types.has(after.type)) all.set(`${table.name}\0${column.name}`, { table: table.name, column: column.name });
    }
  }
  return [...all.values()];
}

function findColumn(schema: Schema, table: string, column: string): Column | undefined {
  return schema.tables.find((t) => t.name === table)?.columns.find((c) => c.name === column);
}

/**
 * PostgreSQL ≥ 12 runs `ALTER TYPE … ADD VALUE` inside a transaction, but the new label cannot be used
 * before that transaction commits. Only when a later operation of the same migration uses the label
 * must the statement run outside the migration's transaction.
 */
function valueUsedLater(ops: Operation[], index: number, enumName: string, value: string): boolean {
  const literal = quoteLiteral(value);
  const enumType = q(enumName);
  const usesDefault = (c: Column) => c.default === literal && (c.type === enumType || c.type === `${enumType}[]`);
  for (const op of ops.slice(index + 1)) {
    switch (op.kind) {
      case 'createTable':
        if (op.table.columns.some(usesDefault) || op.table.checks.some((k) => k.expression.includes(literal))) return true;
        if (op.table.indexes.some((i) => i.where?.includes(literal))) return true;
        break;
      case 'addColumn':
        if (usesDefault(op.column)) return true;
        break;
      case 'alterColumn':
        if (usesDefault(op.to)) return true;
        break;
      case 'addCheck':
        if (op.check.expression.includes(literal)) return true;
        break;
      case 'createIndex':
        if (op.index.where?.includes(literal)) return true;
        break;
      case 'createView':
        if (op.view.definition.includes(literal)) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

/**
 * DDL recreating `schema` from nothing, in two parts: what must exist before rows can be loaded (enums,
 * tables without foreign keys) and what is best added after (foreign keys, indexes, comments, views in
 * dependency order). Foreign keys go after every table exists, so table order and cycles do not matter.
 */
export function renderPostgresSchemaParts(schema: Schema): { preData: string[]; postData: string[] } {
  const preData: string[] = [];
  const postData: string[] = [];
  for (const e of schema.enums) preData.push(createEnumSql(e));
  const { tables } = orderByForeignKeys(schema.tables);
  for (const table of tables) preData.push(createTableSql(table, false));
  for (const table of tables) {
    for (const fk of table.foreignKeys) postData.push(`ALTER TABLE ${q(table.name)} ADD ${foreignKeyClause(fk)}`);
  }
  for (const table of tables) postData.push(...tableExtrasSql(table));
  for (const view of orderViews(schema.views, (v) => mentionedViews(v.definition, schema))) {
    postData.push(`CREATE ${view.materialized ? 'MATERIALIZED ' : ''}VIEW ${q(view.name)} AS\n${view.definition}`);
  }
  return { preData, postData };
}

/** The whole schema as one script (what `pull` writes). */
export function renderPostgresSchema(schema: Schema): string {
  const { preData, postData } = renderPostgresSchemaParts(schema);
  return [...preData, ...postData].map((s) => `${s};\n`).join('\n');
}

function mentionedViews(definition: string, schema: Schema): string[] {
  return schema.views.filter((v) => new RegExp(`(^|[^\\w$"])"?${v.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?($|[^\\w$"])`).test(definition)).map((v) => v.name);
}
