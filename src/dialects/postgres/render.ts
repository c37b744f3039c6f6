import { FlashError } from '../../errors.js';
import type { Operation, Statement } from '../../core/diff/operations.js';
import { inSchemaOf, localName, schemaOfName, type Column, type Schema, type Table, type View } from '../../core/model/schema.js';
import { orderByForeignKeys, orderViews } from '../../core/diff/order.js';
import { commentedObjects } from '../../core/model/comments.js';
import { diffUserTypes, storedIn, storedInComposites } from '../../core/diff/diff-user-types.js';
import type { RenderContext } from '../dialect.js';
import {
  checkClause,
  columnDefinition,
  commentOnColumn,
  commentOnObject,
  commentOnTable,
  createIndexSql,
  createTableSql,
  foreignKeyClause,
  primaryKeyClause,
  primaryKeyName,
  q,
  qn,
  tableExtrasSql,
  uniqueClause,
} from './ddl.js';
import { quoteLiteral } from './quote.js';
import { alterStorageSql, withStorageSql } from './render-storage.js';
import { createEnumSql, recreateEnum, valueUsedLater } from './render-enums.js';
import { createDefinitionSql, dropDefinitionSql, replaceDefinitionSql, schemaDefinitionParts } from './render-definitions.js';
import { alterSequenceSql, createSequenceSql, sequenceOwnerSql } from './render-sequences.js';
import { alterCompositeTypeSql, alterDomainSql, createCompositeTypeSql, createDomainSql } from './render-user-types.js';

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
      return [...detachReferencedPartition(op.table, ctx.from), `DROP TABLE ${qn(op.table.name)}`];
    case 'renameTable':
      return renameTable(op.from, op.to, ctx);
    case 'addColumn': {
      const sql = [`ALTER TABLE ${qn(op.table)} ADD COLUMN ${columnDefinition(op.column)}`];
      if (op.column.comment !== undefined) sql.push(commentOnColumn(op.table, op.column.name, op.column.comment));
      return sql;
    }
    case 'dropColumn':
      return [`ALTER TABLE ${qn(op.table)} DROP COLUMN ${q(op.column.name)}`];
    case 'renameColumn':
      return [`ALTER TABLE ${qn(op.table)} RENAME COLUMN ${q(op.from)} TO ${q(op.to)}`];
    case 'alterColumn':
      return alterColumn(op.table, op.from, op.to, op.changes);
    case 'addPrimaryKey':
      return [`ALTER TABLE ${qn(op.table)} ADD ${primaryKeyClause(op.table, op.primaryKey)}`];
    case 'dropPrimaryKey':
      return [`ALTER TABLE ${qn(op.table)} DROP CONSTRAINT ${q(primaryKeyName(op.table, op.primaryKey))}`];
    case 'addUnique':
      return [`ALTER TABLE ${qn(op.table)} ADD ${uniqueClause(op.unique)}`];
    case 'dropUnique':
      return [`ALTER TABLE ${qn(op.table)} DROP CONSTRAINT ${q(op.unique.name)}`];
    case 'createIndex':
      return [createIndexSql(op.table, op.index)];
    case 'dropIndex':
      return [`DROP INDEX ${qn(inSchemaOf(op.table, op.index.name))}`];
    case 'addForeignKey':
      return [`ALTER TABLE ${qn(op.table)} ADD ${foreignKeyClause(op.foreignKey)}`];
    case 'dropForeignKey':
      return [`ALTER TABLE ${qn(op.table)} DROP CONSTRAINT ${q(op.foreignKey.name)}`];
    case 'addCheck':
      return [`ALTER TABLE ${qn(op.table)} ADD ${checkClause(op.check)}`];
    case 'dropCheck':
      return [`ALTER TABLE ${qn(op.table)} DROP CONSTRAINT ${q(op.check.name)}`];
    case 'setTableComment':
      return [commentOnTable(op.table, op.to)];
    case 'alterTableOptions':
      // SET LOGGED / UNLOGGED rewrites the table; storage parameters change in place.
      return [
        ...(op.from?.unlogged === op.to?.unlogged ? [] : [`ALTER TABLE ${qn(op.table)} SET ${op.to?.unlogged ? 'UNLOGGED' : 'LOGGED'}`]),
        ...alterStorageSql(`ALTER TABLE ${qn(op.table)}`, op.from?.storage, op.to?.storage),
      ];
    case 'createSchema':
      return [`CREATE SCHEMA ${q(op.namespace.name)}`];
    case 'dropSchema':
      // never CASCADE: whatever the user still keeps in it makes this fail instead of vanishing
      return [`DROP SCHEMA ${q(op.namespace.name)}`];
    case 'createExtension':
      return [
        `CREATE EXTENSION IF NOT EXISTS ${q(op.extension.name)}${op.extension.schema ? ` WITH SCHEMA ${q(op.extension.schema)}` : ''}`,
      ];
    case 'dropExtension':
      return [`DROP EXTENSION IF EXISTS ${q(op.extension.name)}`];
    case 'createDomain':
      return [createDomainSql(op.domain)];
    case 'dropDomain':
      return [`DROP DOMAIN ${qn(op.domain.name)}`];
    case 'alterDomain':
      return alterDomainSql(op.from, op.to, storedInComposites(ctx.from, op.from.name));
    case 'createCompositeType':
      return [createCompositeTypeSql(op.type)];
    case 'dropCompositeType':
      return [`DROP TYPE ${qn(op.type.name)}`];
    case 'alterCompositeType':
      return alterCompositeTypeSql(op.from, op.to, storedIn(ctx.from, op.from.name));
    case 'createSequence':
      return [createSequenceSql(op.sequence)];
    case 'dropSequence':
      // IF EXISTS: dropping the table or column that owned it earlier in the migration drops it too
      return [`DROP SEQUENCE IF EXISTS ${qn(op.sequence.name)}`];
    case 'alterSequence':
      return [alterSequenceSql(op.to)];
    case 'setSequenceOwner':
      return [sequenceOwnerSql(op.sequence, op.to)];
    case 'createEnum':
      return [createEnumSql(op.enum)];
    case 'dropEnum':
      return [`DROP TYPE ${qn(op.enum.name)}`];
    case 'addEnumValue': {
      const anchor =
        op.before !== undefined ? ` BEFORE ${quoteLiteral(op.before)}` : op.after !== undefined ? ` AFTER ${quoteLiteral(op.after)}` : '';
      // IF NOT EXISTS: apply runs ADD VALUE before the migration's transaction, so a retry after a failed
      // attempt finds the label already there.
      return [`ALTER TYPE ${qn(op.enum)} ADD VALUE IF NOT EXISTS ${quoteLiteral(op.value)}${anchor}`];
    }
    case 'recreateEnum':
      return recreateEnum(op.from, op.to, op.usages, ctx);
    case 'createView':
      return createViewSql(op.view);
    case 'alterViewOptions':
      return alterViewOptionsSql(op.from, op.to);
    case 'dropView':
      return [`DROP ${op.view.materialized ? 'MATERIALIZED ' : ''}VIEW ${qn(op.view.name)}`];
    case 'setTriggers':
      return [...op.from.map((t) => `DROP TRIGGER IF EXISTS ${q(t.name)} ON ${qn(op.table)}`), ...op.to.map((t) => t.definition)];
    case 'createDefinition':
      return createDefinitionSql(op.definition);
    case 'dropDefinition':
      return dropDefinitionSql(op.definition);
    case 'replaceDefinition':
      return replaceDefinitionSql(op.to);
    case 'setComment':
      return [commentOnObject(op.target, op.to)];
    default:
      throw new FlashError(
        'E_INTERNAL',
        `The PostgreSQL renderer does not know the operation "${(op as { kind: string }).kind}".`,
        'Update Flash.',
      );
  }
}

/**
 * A partition of a table some foreign key references cannot be dropped while attached (the key
 * depends on each partition): it is detached first, which also checks that no row still refers to it.
 */
function detachReferencedPartition(table: Table, from: Schema): string[] {
  if (!table.partitionOf) return [];
  const byName = new Map(from.tables.map((t) => [t.name, t]));
  const ancestors = new Set<string>();
  for (let t: Table | undefined = table; t?.partitionOf && !ancestors.has(t.partitionOf.parent); t = byName.get(t.partitionOf.parent))
    ancestors.add(t.partitionOf.parent);
  const referenced = from.tables.some((t) => t.foreignKeys.some((fk) => ancestors.has(fk.referencedTable)));
  return referenced ? [`ALTER TABLE ${qn(table.partitionOf.parent)} DETACH PARTITION ${qn(table.name)}`] : [];
}

/**
 * The primary key's default name follows the table (`<table>_pkey`), so a rename carries it along. A
 * table moving to another schema is moved first (`SET SCHEMA`), then renamed there.
 */
function renameTable(from: string, to: string, ctx: RenderContext): string[] {
  const sql: string[] = [];
  let at = from;
  if (schemaOfName(from) !== schemaOfName(to)) {
    sql.push(`ALTER TABLE ${qn(from)} SET SCHEMA ${q(schemaOfName(to))}`);
    at = inSchemaOf(to, localName(from));
  }
  if (localName(from) !== localName(to)) sql.push(`ALTER TABLE ${qn(at)} RENAME TO ${q(localName(to))}`);
  const pk = ctx.from.tables.find((t) => t.name === from)?.primaryKey;
  if (pk && pk.name === undefined && localName(from) !== localName(to))
    sql.push(`ALTER TABLE ${qn(to)} RENAME CONSTRAINT ${q(`${localName(from)}_pkey`)} TO ${q(`${localName(to)}_pkey`)}`);
  return sql;
}

const serialBase: Record<string, string> = { serial: 'integer', bigserial: 'bigint', smallserial: 'smallint' };

/** `serial` is a type plus an owned sequence default; ALTER COLUMN works on the base type. */
function baseType(type: string): string {
  return serialBase[type] ?? type;
}

function alterColumn(table: string, from: Column, to: Column, changes: string[]): string[] {
  const t = qn(table);
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
    const seq = qn(inSchemaOf(table, `${localName(table)}_${to.name}_seq`));
    sql.push(
      `CREATE SEQUENCE ${seq} AS ${baseType(to.type)} OWNED BY ${t}.${c}`,
      alter(`SET DEFAULT nextval(${quoteLiteral(seq)}::regclass)`),
      `SELECT setval(${quoteLiteral(seq)}, coalesce(max(${c}), 0) + 1, false) FROM ${t}`,
    );
  } else if (to.default !== undefined && (defaultChanged || typeChanged)) {
    sql.push(alter(`SET DEFAULT ${to.default}`));
  }

  if (to.identity && !from.identity) {
    sql.push(alter(`ADD GENERATED ${to.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`));
    // existing rows keep their values; start the identity after them
    sql.push(
      `SELECT setval(pg_get_serial_sequence(${quoteLiteral(t)}, ${quoteLiteral(to.name)}), coalesce(max(${c}), 0) + 1, false) FROM ${t}`,
    );
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
 * DDL recreating `schema` from nothing, in two parts: what must exist before rows can be loaded (enums,
 * tables without foreign keys) and what is best added after (foreign keys, indexes, comments, views in
 * dependency order). Foreign keys go after every table exists, so table order and cycles do not matter.
 */
export function renderPostgresSchemaParts(schema: Schema): { preData: string[]; postData: string[] } {
  const preData: string[] = [];
  const postData: string[] = [];
  for (const n of schema.namespaces ?? []) preData.push(`CREATE SCHEMA ${q(n.name)}`);
  for (const x of schema.extensions ?? [])
    preData.push(`CREATE EXTENSION IF NOT EXISTS ${q(x.name)}${x.schema ? ` WITH SCHEMA ${q(x.schema)}` : ''}`);
  const definitions = schemaDefinitionParts(schema);
  preData.push(...definitions.collations);
  for (const e of schema.enums) preData.push(createEnumSql(e));
  // Domains and composite types in the order a migration creates them (composites after what they use).
  for (const op of diffUserTypes({ ...schema, domains: [], compositeTypes: [] }, schema).creates) {
    if (op.kind === 'createDomain') preData.push(createDomainSql(op.domain));
    else if (op.kind === 'createCompositeType') preData.push(createCompositeTypeSql(op.type));
  }
  for (const s of schema.sequences ?? []) {
    const { ownedBy, ...options } = s;
    preData.push(createSequenceSql(options));
    if (ownedBy) postData.push(sequenceOwnerSql(s.name, ownedBy));
  }
  preData.push(...definitions.beforeTables);
  const { tables } = orderByForeignKeys(schema.tables);
  for (const table of tables) preData.push(createTableSql(table, false));
  for (const table of tables) {
    for (const fk of table.foreignKeys) postData.push(`ALTER TABLE ${qn(table.name)} ADD ${foreignKeyClause(fk)}`);
  }
  for (const table of tables) postData.push(...tableExtrasSql(table));
  for (const view of orderViews(schema.views, (v) => mentionedViews(v.definition, schema))) postData.push(...createViewSql(view));
  postData.push(...definitions.afterViews);
  for (const { target, comment } of commentedObjects(schema)) if (comment !== undefined) postData.push(commentOnObject(target, comment));
  return { preData, postData };
}

/** A view, and the indexes of a materialized one. */
function createViewSql(view: View): string[] {
  return [
    `CREATE ${view.materialized ? 'MATERIALIZED ' : ''}VIEW ${qn(view.name)}${view.materialized ? withStorageSql(view.storage) : viewOptions(view)} AS\n${view.definition}`,
    ...(view.indexes ?? []).map((i) => createIndexSql(view.name, i)),
  ];
}

/** ` WITH (…)` of a view's modelled options; empty when every one is at its default. */
function viewOptions(view: View): string {
  const options: string[] = [];
  if (view.checkOption) options.push(`check_option = ${view.checkOption}`);
  if (view.securityBarrier) options.push('security_barrier = true');
  if (view.securityInvoker) options.push('security_invoker = true');
  return options.length ? ` WITH (${options.join(', ')})` : '';
}

/**
 * `ALTER VIEW … SET (…)` for options set or changed, `RESET (…)` for options back at their default;
 * a materialized view's storage parameters likewise with `ALTER MATERIALIZED VIEW`.
 */
function alterViewOptionsSql(from: View, to: View): string[] {
  const set: string[] = [];
  const reset: string[] = [];
  if (from.checkOption !== to.checkOption) {
    if (to.checkOption) set.push(`check_option = ${to.checkOption}`);
    else reset.push('check_option');
  }
  if (Boolean(from.securityBarrier) !== Boolean(to.securityBarrier)) {
    if (to.securityBarrier) set.push('security_barrier = true');
    else reset.push('security_barrier');
  }
  if (Boolean(from.securityInvoker) !== Boolean(to.securityInvoker)) {
    if (to.securityInvoker) set.push('security_invoker = true');
    else reset.push('security_invoker');
  }
  const sql: string[] = alterStorageSql(`ALTER MATERIALIZED VIEW ${qn(to.name)}`, from.storage, to.storage);
  if (set.length) sql.push(`ALTER VIEW ${qn(to.name)} SET (${set.join(', ')})`);
  if (reset.length) sql.push(`ALTER VIEW ${qn(to.name)} RESET (${reset.join(', ')})`);
  return sql;
}

/** The whole schema as one script (what `pull` writes). */
export function renderPostgresSchema(schema: Schema): string {
  const { preData, postData } = renderPostgresSchemaParts(schema);
  return [...preData, ...postData].map((s) => `${s};\n`).join('\n');
}

function mentionedViews(definition: string, schema: Schema): string[] {
  return schema.views
    .filter((v) => new RegExp(`(^|[^\\w$"])"?${v.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?($|[^\\w$"])`).test(definition))
    .map((v) => v.name);
}
