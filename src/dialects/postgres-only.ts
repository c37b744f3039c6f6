import type { Operation } from '../core/diff/operations.js';
import type { Definition } from '../core/model/definitions.js';
import type { CheckConstraint, Index, PrimaryKey, Schema, Table, UniqueConstraint, View } from '../core/model/schema.js';
import { FlashError } from '../errors.js';

/**
 * Attributes of the IR that only PostgreSQL introspects and renders (partitioning and INHERITS, DEFERRABLE keys, UNLOGGED, NULLS
 * NOT DISTINCT, INCLUDE (of indexes and keys), operator classes (with parameters) and COLLATE on index columns, CHECK NO INHERIT, indexes and
 * options of views, storage parameters, EXCLUDE constraints, collations and aggregates). Another engine's IR never holds them; should one reach its renderer anyway (a
 * hand-edited snapshot, a schema moved between engines), the renderer refuses by name instead of
 * writing DDL that silently lacks them.
 */
export function postgresOnlyAttributes(schema: PostgresOnlyScope, ops: readonly Operation[] = []): string[] {
  const found = new Set<string>();
  const add = (what: string) => found.add(what);
  for (const t of schema.tables) table(t, add);
  for (const v of schema.views) view(v, add);
  for (const d of schema.definitions ?? []) definition(d, add);
  for (const op of ops) {
    switch (op.kind) {
      case 'createTable':
        table(op.table, add);
        break;
      case 'addPrimaryKey':
        primaryKey(op.table, op.primaryKey, add);
        break;
      case 'addUnique':
        unique(op.table, op.unique, add);
        break;
      case 'createIndex':
        index(op.table, op.index, add);
        break;
      case 'addCheck':
        check(op.table, op.check, add);
        break;
      case 'createView':
        view(op.view, add);
        break;
      case 'alterViewOptions':
        add(`options of view ${op.to.name}`);
        break;
      case 'alterTableOptions':
        if (op.to?.unlogged) add(`UNLOGGED table ${op.table}`);
        if (op.to?.storage) add(`storage options of table ${op.table}`);
        break;
      case 'createDefinition':
        definition(op.definition, add);
        break;
      default:
        break;
    }
  }
  return [...found];
}

/** Throws E_UNSUPPORTED naming every PostgreSQL-only attribute of `schema` and `ops`. */
export function refusePostgresOnly(engine: string, schema: PostgresOnlyScope, ops: readonly Operation[] = []): void {
  const found = postgresOnlyAttributes(schema, ops);
  if (found.length === 0) return;
  throw new FlashError(
    'E_UNSUPPORTED',
    `${engine} cannot express these PostgreSQL attributes: ${found.join('; ')}.`,
    'Remove them from the schema for this engine (they come from a PostgreSQL schema).',
  );
}

type PostgresOnlyScope = Pick<Schema, 'tables' | 'views'> & Partial<Pick<Schema, 'definitions'>>;

type Add = (what: string) => void;

/** Definition kinds only PostgreSQL introspects. */
function definition(d: Definition, add: Add): void {
  if (d.kind === 'exclusion') add(`exclusion constraint ${d.object} on ${d.table ?? ''}`);
  else if (d.kind === 'collation') add(`collation ${d.object}`);
  else if (d.kind === 'aggregate') add(`aggregate ${d.object}(${d.signature ?? '*'})`);
}

function table(t: Table, add: Add): void {
  if (t.options?.unlogged) add(`UNLOGGED table ${t.name}`);
  if (t.options?.storage) add(`storage options of table ${t.name}`);
  partitioning(t, add);
  if (t.primaryKey) primaryKey(t.name, t.primaryKey, add);
  for (const u of t.uniques) unique(t.name, u, add);
  for (const i of t.indexes) index(t.name, i, add);
  for (const c of t.checks) check(t.name, c, add);
}

/** Declarative partitioning and table inheritance (MySQL's own PARTITION BY is not modelled either). */
function partitioning(t: Table, add: Add): void {
  if (t.partitionBy !== undefined) add(`PARTITION BY of table ${t.name}`);
  if (t.partitionOf) add(`PARTITION OF ${t.partitionOf.parent} of table ${t.name}`);
  if (t.inherits?.length) add(`INHERITS of table ${t.name}`);
}

function primaryKey(table: string, pk: PrimaryKey, add: Add): void {
  if (pk.deferrable) add(`DEFERRABLE primary key of ${table}`);
  if (pk.include) add(`INCLUDE columns of the primary key of ${table}`);
}

function unique(table: string, u: UniqueConstraint, add: Add): void {
  if (u.deferrable) add(`DEFERRABLE unique constraint ${u.name} on ${table}`);
  if (u.nullsNotDistinct) add(`NULLS NOT DISTINCT of unique constraint ${u.name} on ${table}`);
  if (u.include) add(`INCLUDE columns of unique constraint ${u.name} on ${table}`);
}

function index(owner: string, i: Index, add: Add): void {
  if (i.include) add(`INCLUDE columns of index ${i.name} on ${owner}`);
  if (i.nullsNotDistinct) add(`NULLS NOT DISTINCT of index ${i.name} on ${owner}`);
  if (i.elements.some((e) => e.opclass !== undefined)) add(`operator class in index ${i.name} on ${owner}`);
  if (i.elements.some((e) => e.collation !== undefined)) add(`COLLATE in index ${i.name} on ${owner}`);
  if (i.elements.some((e) => e.nulls !== undefined)) add(`NULLS FIRST / LAST in index ${i.name} on ${owner}`);
}

function check(table: string, c: CheckConstraint, add: Add): void {
  if (c.noInherit) add(`NO INHERIT of check ${c.name} on ${table}`);
}

function view(v: View, add: Add): void {
  if (v.indexes?.length) add(`indexes of materialized view ${v.name}`);
  if (v.storage) add(`storage options of materialized view ${v.name}`);
  if (v.securityInvoker) add(`security_invoker of view ${v.name}`);
  if (v.securityBarrier) add(`security_barrier of view ${v.name}`);
  if (v.checkOption) add(`check_option of view ${v.name}`);
}
