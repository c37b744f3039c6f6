import type { EngineTraits } from '../engine-traits.js';
import type { ForeignKey, Schema, Table } from '../model/schema.js';
import { applyOperations } from './apply-operations.js';
import { byName, indexByName, sameDefinition } from './compare.js';
import { diffCollections } from './diff-collections.js';
import { diffComments } from './diff-comments.js';
import { withoutComments } from '../model/comments.js';
import { type ColumnDiff, diffColumns } from './diff-columns.js';
import { diffForeignKeys, diffKeys, type KeyDiff } from './diff-constraints.js';
import { diffEnums } from './diff-enums.js';
import { type DefinitionContext, diffDefinitions } from './diff-definitions.js';
import { diffExtensions } from './diff-extensions.js';
import { diffNamespaces } from './diff-namespaces.js';
import { recreatedTables } from './diff-partitions.js';
import { diffSequences } from './diff-sequences.js';
import { diffUserTypes } from './diff-user-types.js';
import { diffViews, type ViewDiff } from './diff-views.js';
import type { Operation } from './operations.js';
import { canonicalJson } from '../snapshot/canonical.js';
import { orderByForeignKeys } from './order.js';
import { planRenames, type Renames } from './renames.js';

export interface DiffOptions {
  /** What the engine refuses that the diff must work around (the Dialect's traits). */
  traits: Pick<EngineTraits, 'generatedColumnsBlockRetype' | 'foreignKeysNeedIndexes'>;
  /** Renames are never guessed: only these become renameTable / renameColumn. */
  renames?: Renames;
  /**
   * Ignore column order: new columns are appended and existing ones never moved. For engines that
   * cannot place a column (PostgreSQL); by default the diff reproduces the desired order exactly.
   */
  ignoreColumnOrder?: boolean;
}

/**
 * The ordered operations that turn `from` into `to`. Pure; linear in the number of objects (plus
 * sorting). Phases, in this order, each sorted by table name then object name:
 *  0 createSchema, then createExtension (moved ones dropped first)
 *  1 dropView (dependents first)       2 renameTable, renameColumn (every later op uses new names)
 *  3 dropForeignKey                     4 dropTable (dependents first; before key/column drops their FKs rely on)
 *  5 dropCheck, dropIndex, dropUnique, dropPrimaryKey                  6 dropColumn
 *  7 createEnum, addEnumValue, recreateEnum
 *  2b setSequenceOwner (released: before the owner table/column is dropped)
 *  7b createDomain, createCompositeType, alterDomain, alterCompositeType, createSequence, alterSequence
 * 12b setSequenceOwner (set: once the owner table exists)
 *  8 per kept table: alterColumn/addColumn in desired column order, setTableComment, alterTableOptions
 *  9 addPrimaryKey, addUnique, createIndex, addCheck on kept tables
 * 10 createTable (referenced tables first; `indexes: []`, cycle-closing FKs left out)
 * 11 createIndex for the new tables     12 addForeignKey (changed, recreated, cycle-closing)
 *  1b dropIndex of kept materialized views
 * 13 createView (dependencies first), then alterViewOptions and createIndex of kept views    13b setTriggers on kept tables (whole definition)    13c dropSequence, dropCompositeType, dropDomain    14 dropEnum
 * 14b dropExtension, then dropSchema
 * Definition-compared objects (diff-definitions.ts): triggers, policies, row security and EXCLUDE
 * constraints dropped first of all and created after views; collations created before enums (7) and
 * dropped with the routines; routines created before tables (after views when they use a new
 * relation) and dropped before enums and extensions.
 * 15 MongoDB: dropCollection, createCollection (+ its indexes), then per collection index drops, setValidator, index creates
 * 16 setComment (PostgreSQL comments on objects other than tables and columns, diff-comments.ts), last of all
 * Kept tables are altered before new tables are created, so a new table's inline FKs can rely on
 * columns and keys the same migration adds to existing tables.
 */
export function diffSchemas(from: Schema, to: Schema, options: DiffOptions): Operation[] {
  const renames = planRenames(from, to, options.renames);
  const renamed = renames.length > 0 ? applyOperations(from, renames) : from;
  const ops = diffWithoutComments(withoutComments(renamed), withoutComments(to), renames, options);
  // Comments on objects other than tables and columns are set once every object exists (comments.ts).
  const comments = diffComments(renamed, to, ops);
  return comments.length ? [...ops, ...comments] : ops;
}

function diffWithoutComments(current: Schema, to: Schema, renames: Operation[], options: DiffOptions): Operation[] {
  const exactOrder = !options.ignoreColumnOrder;
  const currentTables = indexByName(current.tables);
  const toTables = indexByName(to.tables);

  // PostgreSQL tables whose partitioning or inheritance changed are dropped and created again.
  const recreated = recreatedTables(current, to);
  const dropped = current.tables.filter((t) => !toTables.has(t.name) || recreated.has(t.name));
  const created = to.tables.filter((t) => !currentTables.has(t.name) || recreated.has(t.name));
  const kept: Array<[Table, Table]> = [...to.tables].sort(byName).flatMap((t) => {
    const old = currentTables.get(t.name);
    return old && !recreated.has(t.name) ? [[old, t] as [Table, Table]] : [];
  });

  const columns = new Map<string, ColumnDiff>();
  const keys = new Map<string, KeyDiff>();
  for (const [old, next] of kept) {
    columns.set(next.name, diffColumns(old, next, exactOrder, options.traits.generatedColumnsBlockRetype));
    keys.set(next.name, diffKeys(old, next));
  }

  const recreateFk = foreignKeyRecreation(columns, keys, options.traits.foreignKeysNeedIndexes);
  // a foreign key to a recreated table goes with it and comes back after
  const recreate = (table: string, fk: ForeignKey): boolean => recreated.has(fk.referencedTable) || recreateFk(table, fk);
  const dropForeignKeys: Operation[] = [];
  const addForeignKeys: Operation[] = [];
  for (const [old, next] of kept) {
    const fks = diffForeignKeys(old, next, (fk) => recreate(next.name, fk));
    dropForeignKeys.push(...fks.drops);
    addForeignKeys.push(...fks.adds);
  }

  const dropOrder = orderByForeignKeys(dropped);
  for (const { table, foreignKey } of dropOrder.deferred) dropForeignKeys.push({ kind: 'dropForeignKey', table, foreignKey });
  const cut = deferredByTable(dropOrder.deferred);
  const dropTables: Operation[] = [...dropOrder.tables]
    .reverse()
    .map((t) => ({ kind: 'dropTable', table: withoutForeignKeys(t, cut.get(t.name)) }));

  const createOrder = orderByForeignKeys(created);
  const deferredCreates = deferredByTable(createOrder.deferred);
  const createTables: Operation[] = createOrder.tables.map((t) => ({
    kind: 'createTable',
    table: { ...withoutForeignKeys(t, deferredCreates.get(t.name)), indexes: [] },
  }));
  const createIndexes: Operation[] = [...created]
    .sort(byName)
    .flatMap((t) => [...t.indexes].sort(byName).map((index): Operation => ({ kind: 'createIndex', table: t.name, index })));
  for (const { table, foreignKey } of createOrder.deferred) addForeignKeys.push({ kind: 'addForeignKey', table, foreignKey });

  const dropKeys: Operation[] = [];
  const addKeys: Operation[] = [];
  const dropColumns: Operation[] = [];
  const alterTables: Operation[] = [];
  for (const [old, next] of kept) {
    const k = keys.get(next.name) as KeyDiff;
    const c = columns.get(next.name) as ColumnDiff;
    dropKeys.push(...k.drops);
    addKeys.push(...k.adds);
    dropColumns.push(...c.drops);
    alterTables.push(...c.changes);
    if (old.comment !== next.comment) alterTables.push({ kind: 'setTableComment', table: next.name, from: old.comment, to: next.comment });
    if (!sameOptions(old, next)) alterTables.push({ kind: 'alterTableOptions', table: next.name, from: old.options, to: next.options });
  }

  const enums = diffEnums(current, to);

  const touched = new Set<string>(enums.touchedTables);
  for (const op of renames) {
    if (op.kind === 'renameTable') touched.add(op.from).add(op.to);
    else if (op.kind === 'renameColumn') touched.add(op.table);
  }
  for (const op of [...dropTables, ...dropColumns, ...alterTables, ...dropKeys, ...addKeys]) {
    if (op.kind === 'dropTable') touched.add(op.table.name);
    else if (!constraintOnly.has(op.kind) && !storageOnly(op) && !commentOnly(op) && 'table' in op && typeof op.table === 'string')
      touched.add(op.table);
  }
  // View texts in `from` still use the old names of renamed tables.
  for (const op of renames) if (op.kind === 'renameColumn') touched.add(originalName(renames, op.table));
  const views = diffViews(current.views, to.views, touched);
  const extensions = diffExtensions(current, to);
  const namespaces = diffNamespaces(current, to);
  const definitions = diffDefinitions(
    current.definitions ?? [],
    to.definitions ?? [],
    definitionContext(dropTables, createTables, views, [...renames, ...dropColumns, ...alterTables]),
  );
  const userTypes = diffUserTypes(current, to);
  const sequences = diffSequences(current, to);
  const moved = new Set(extensions.creates.map((op) => (op.kind === 'createExtension' ? op.extension.name : '')));
  const movedDrops = extensions.drops.filter((op) => op.kind === 'dropExtension' && moved.has(op.extension.name));

  return [
    ...namespaces.creates,
    ...movedDrops,
    ...extensions.creates,
    ...definitions.dropsFirst,
    ...views.drops,
    ...views.indexDrops,
    ...renames,
    ...sequences.releases,
    ...dropForeignKeys,
    ...dropTables,
    ...dropKeys,
    ...dropColumns,
    ...definitions.collations,
    ...enums.before,
    ...userTypes.creates,
    ...userTypes.alters,
    ...sequences.creates,
    ...sequences.alters,
    ...definitions.routinesBeforeTables,
    ...persistenceInForeignKeyOrder(alterTables, to),
    ...addKeys,
    ...createTables,
    ...createIndexes,
    ...addForeignKeys,
    ...sequences.owns,
    ...views.creates,
    ...views.alters,
    ...views.indexCreates,
    ...definitions.routinesAfterViews,
    ...triggerChanges(kept),
    ...definitions.attachedLast,
    ...definitions.routineDropsLast,
    ...sequences.drops,
    ...userTypes.drops,
    ...enums.after,
    ...extensions.drops.filter((op) => !movedDrops.includes(op)),
    ...namespaces.drops,
    // MongoDB collections are independent of the SQL objects (empty on SQL engines).
    ...diffCollections(current, to),
  ];
}

/** Triggers of kept tables, compared by full definition (created tables carry theirs). */
function triggerChanges(kept: Array<[Table, Table]>): Operation[] {
  const ops: Operation[] = [];
  for (const [old, next] of kept) {
    const before = old.triggers ?? [];
    const after = next.triggers ?? [];
    if (canonicalJson(before) !== canonicalJson(after)) ops.push({ kind: 'setTriggers', table: next.name, from: before, to: after });
  }
  return ops;
}

/** What the table and view changes mean for definition-compared objects (see diff-definitions.ts). */
function definitionContext(dropTables: Operation[], createTables: Operation[], views: ViewDiff, columnOps: Operation[]): DefinitionContext {
  const droppedViews = new Set(views.drops.flatMap((op) => (op.kind === 'dropView' ? [op.view.name] : [])));
  const createdViews = new Set(views.creates.flatMap((op) => (op.kind === 'createView' ? [op.view.name] : [])));
  const changedColumns = new Map<string, Set<string>>();
  const changed = (table: string, column: string) => changedColumns.set(table, (changedColumns.get(table) ?? new Set()).add(column));
  for (const op of columnOps) {
    if (op.kind === 'dropColumn') changed(op.table, op.column.name);
    else if (op.kind === 'alterColumn' && !commentOnly(op)) changed(op.table, op.from.name);
    else if (op.kind === 'renameColumn') changed(op.table, op.from);
  }
  return {
    droppedRelations: new Set([...dropTables.flatMap((op) => (op.kind === 'dropTable' ? [op.table.name] : [])), ...droppedViews]),
    createdRelations: new Set([...createTables.flatMap((op) => (op.kind === 'createTable' ? [op.table.name] : [])), ...createdViews]),
    recreatedViews: new Set([...droppedViews].filter((v) => createdViews.has(v))),
    changedColumns,
  };
}

/** Changes a view cannot depend on (the primary key can be: PG functional dependency in GROUP BY). */
const constraintOnly = new Set<Operation['kind']>([
  'createIndex',
  'dropIndex',
  'addCheck',
  'dropCheck',
  'addUnique',
  'dropUnique',
  'setTableComment',
]);

/** A change of a column's comment alone: no view, trigger or policy depends on it. */
function commentOnly(op: Operation): boolean {
  return op.kind === 'alterColumn' && op.changes.length > 0 && op.changes.every((c) => c === 'comment');
}

/** A change of a table's storage parameters alone (fillfactor, autovacuum…): no view can depend on it. */
function storageOnly(op: Operation): boolean {
  if (op.kind !== 'alterTableOptions') return false;
  const { storage: _from, ...fromRest } = op.from ?? {};
  const { storage: _to, ...toRest } = op.to ?? {};
  return sameDefinition(fromRest, toRest);
}

/**
 * An unchanged foreign key of a kept table is still dropped and re-added when what it stands on
 * changes: a column of it (either end) changes type (MySQL error 1832), the key it references is
 * dropped, or (MySQL, error 1553) an index it relies on, on either end, is dropped.
 */
function foreignKeyRecreation(columns: Map<string, ColumnDiff>, keys: Map<string, KeyDiff>, needIndexes: boolean) {
  const sameSet = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));
  const prefixOf = (fkColumns: string[], indexColumns: string[]): boolean => fkColumns.every((c, i) => indexColumns[i] === c);
  return (table: string, fk: ForeignKey): boolean => {
    const local = columns.get(table);
    if (local && fk.columns.some((c) => local.retyped.has(c))) return true;
    const remote = columns.get(fk.referencedTable);
    if (remote && fk.referencedColumns.some((c) => remote.retyped.has(c))) return true;
    const remoteKeys = keys.get(fk.referencedTable);
    if (remoteKeys && remoteKeys.droppedKeys.some((k) => sameSet(k, fk.referencedColumns))) return true;
    if (!needIndexes) return false;
    // InnoDB needs an index led by the key's columns on both ends (the parent's need not be unique).
    if (keys.get(table)?.droppedIndexes.some((k) => prefixOf(fk.columns, k))) return true;
    return remoteKeys?.droppedIndexes.some((k) => prefixOf(fk.referencedColumns, k)) ?? false;
  };
}

function deferredByTable(deferred: Array<{ table: string; foreignKey: ForeignKey }>): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const { table, foreignKey } of deferred) {
    const set = map.get(table) ?? new Set<string>();
    set.add(foreignKey.name);
    map.set(table, set);
  }
  return map;
}

function withoutForeignKeys(table: Table, names: Set<string> | undefined): Table {
  if (!names) return table;
  return { ...table, foreignKeys: table.foreignKeys.filter((fk) => !names.has(fk.name)) };
}

/**
 * A logged table cannot reference an unlogged one (PostgreSQL), so tables turning UNLOGGED go
 * referencing tables first and tables turning logged go referenced tables first, after the other
 * table changes of the phase.
 */
function persistenceInForeignKeyOrder(alterTables: Operation[], to: Schema): Operation[] {
  const flips = (op: Operation): boolean => op.kind === 'alterTableOptions' && Boolean(op.from?.unlogged) !== Boolean(op.to?.unlogged);
  if (!alterTables.some(flips)) return alterTables;
  const rank = new Map(orderByForeignKeys(to.tables).tables.map((t, i) => [t.name, i]));
  const at = (op: Operation): number => rank.get((op as { table: string }).table) ?? 0;
  const toLogged = alterTables
    .filter((op) => flips(op) && op.kind === 'alterTableOptions' && !op.to?.unlogged)
    .sort((a, b) => at(a) - at(b));
  const toUnlogged = alterTables
    .filter((op) => flips(op) && op.kind === 'alterTableOptions' && op.to?.unlogged)
    .sort((a, b) => at(b) - at(a));
  return [...alterTables.filter((op) => !flips(op)), ...toUnlogged, ...toLogged];
}

function sameOptions(a: Table, b: Table): boolean {
  return sameDefinition(a.options ?? null, b.options ?? null);
}

function originalName(renames: Operation[], table: string): string {
  for (const op of renames) if (op.kind === 'renameTable' && op.to === table) return op.from;
  return table;
}
