import { sameDefinition } from '../../core/diff/compare.js';
import type { Operation } from '../../core/diff/operations.js';
import type { Column, EnumType, Schema } from '../../core/model/schema.js';
import type { RenderContext } from '../dialect.js';
import { inSchemaOf, localName } from '../../core/model/schema.js';
import { checkClause, createIndexSql, q, qn } from './ddl.js';
import { quoteLiteral } from './quote.js';

/** Enum DDL beyond one statement: recreating a type, and deciding when ADD VALUE must leave the transaction. */

export function createEnumSql(e: EnumType): string {
  return `CREATE TYPE ${qn(e.name)} AS ENUM (${e.values.map(quoteLiteral).join(', ')})`;
}

/**
 * Removing or reordering enum labels needs a new type: rename the old one away, create the new one,
 * convert every column through text (rows holding a removed label make this fail, which is the
 * honest outcome), drop the old type. Column defaults are cast to the type, so they are reset around it.
 */
export function recreateEnum(from: EnumType, to: EnumType, usages: Array<{ table: string; column: string }>, ctx: RenderContext): string[] {
  const old = `${from.name}__flash_old`;
  const all = withArrayUsages(from.name, usages, ctx);
  const dependents = expressionDependents(all, ctx);
  const sql = [...dependents.drop, `ALTER TYPE ${qn(from.name)} RENAME TO ${q(localName(old))}`, createEnumSql(to)];
  for (const usage of all) {
    const before = findColumn(ctx.from, usage.table, usage.column);
    const after = findColumn(ctx.to, usage.table, usage.column) ?? before;
    const isArray = (after?.type ?? before?.type ?? '').endsWith('[]');
    const target = qn(to.name) + (isArray ? '[]' : '');
    const t = qn(usage.table);
    const c = q(usage.column);
    if (before?.default !== undefined) sql.push(`ALTER TABLE ${t} ALTER COLUMN ${c} DROP DEFAULT`);
    sql.push(`ALTER TABLE ${t} ALTER COLUMN ${c} TYPE ${target} USING ${c}::text${isArray ? '[]' : ''}::${target}`);
    if (after?.default !== undefined) sql.push(`ALTER TABLE ${t} ALTER COLUMN ${c} SET DEFAULT ${after.default}`);
  }
  sql.push(`DROP TYPE ${qn(old)}`, ...dependents.create);
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
        drop.push(`ALTER TABLE ${qn(tableName)} DROP CONSTRAINT ${q(check.name)}`);
        create.push(`ALTER TABLE ${qn(tableName)} ADD ${checkClause(kept)}`);
      }
    }
    for (const index of before.indexes) {
      const kept = after.indexes.find((i) => i.name === index.name);
      const uses = mentions(index.where) || index.elements.some((e) => mentions(e.expression));
      if (kept && uses && sameDefinition(kept, index)) {
        drop.push(`DROP INDEX ${qn(inSchemaOf(tableName, index.name))}`);
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
function withArrayUsages(
  enumName: string,
  usages: Array<{ table: string; column: string }>,
  ctx: RenderContext,
): Array<{ table: string; column: string }> {
  const all = new Map(usages.map((u) => [`${u.table}\0${u.column}`, u]));
  const types = new Set([qn(enumName), `${qn(enumName)}[]`]);
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
export function valueUsedLater(ops: Operation[], index: number, enumName: string, value: string): boolean {
  const literal = quoteLiteral(value);
  const enumType = qn(enumName);
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
