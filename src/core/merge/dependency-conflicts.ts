import { collationKey, isAggregate, isRoutine, routineKey, type Definition } from '../model/definitions.js';
import { localName, schemaOfName, typeObjectName, type Table } from '../model/schema.js';
import { parentTables } from '../diff/order.js';
import type { CrossConflict, MergeSides } from './cross-conflict.js';
import type { MergeContext } from './merge-context.js';
import { conflictKinds, type ObjectKind, type Side } from './merge-conflict.js';
import { kindLabel, objectPath } from './object-path.js';
import { keyOver, refPath, type ObjectRef } from './schema-index.js';
import { leadingStringLiteral, mentionedIdentifiers } from './sql-identifiers.js';
import { keyPath, splitKeyConflict, type KeyRef } from './split-key-conflict.js';
import { summarize } from './summarize.js';
import { nullIfAbsent, otherSide, sameValue } from './three-way.js';

interface Edge {
  dependent: ObjectRef;
  target: ObjectRef;
}

/**
 * C004 (and C006 for enum values): after the per-object merge, an object one side added or changed
 * needs something the other side dropped (or renamed, which a snapshot shows as drop + add): a foreign
 * key to a dropped table or column, an index/unique/PK/check/generated column on a dropped column, a
 * view that reads a dropped table or column (by text mention), a partition or INHERITS child of a dropped table, a column of a dropped enum type or
 * defaulting to a dropped enum value, a column of a dropped domain or composite type or using a dropped collation. Dangling references are found in one pass over the merged
 * schema with map lookups; blame is assigned by comparing the three sides.
 */
export function dependencyConflicts(ctx: MergeContext, sides: MergeSides): CrossConflict[] {
  const groups = new Map<string, { dependent: ObjectRef; targets: ObjectRef[]; adder: Side; dropper: Side }>();
  const splitKeys = new Map<string, { key: KeyRef; dependents: ObjectRef[] }>();
  for (const edge of danglingEdges(ctx, sides)) {
    const { target, dependent } = edge;
    const path = refPath(dependent);
    const table = 'table' in dependent ? dependent.table : undefined;
    if (ctx.conflictPaths.has(path) || (table !== undefined && ctx.conflictPaths.has(table))) continue;
    const dropper = whoDropped(sides, target);
    if (!dropper) {
      if (target.kind === 'key' && !targetUndecided(ctx, sides, target) && sides.ours.has(target) && sides.theirs.has(target)) {
        const path = keyPath(target);
        const entry = splitKeys.get(path) ?? { key: target, dependents: [] };
        entry.dependents.push(dependent);
        splitKeys.set(path, entry);
      }
      continue;
    }
    const adder = otherSide(dropper);
    if (targetUndecided(ctx, sides, target)) continue;
    if (sameValue(sides[adder].get(dependent), sides.base.get(dependent))) continue;
    const code = target.kind === 'enumValue' ? 'C006' : 'C004';
    const key = `${code}\u0000${path}`;
    const group = groups.get(key) ?? { dependent, targets: [], adder, dropper };
    if (!group.targets.some((t) => refPath(t) === refPath(target) && sameTarget(t, target))) group.targets.push(target);
    groups.set(key, group);
  }
  const out: CrossConflict[] = [];
  for (const [key, g] of groups) {
    const code = key.startsWith('C006') ? 'C006' : 'C004';
    const path = refPath(g.dependent);
    const kind = g.dependent.kind as ObjectKind;
    const before = sides.base.get(g.dependent);
    const after = sides[g.adder].get(g.dependent);
    const verb = before === undefined ? 'adds' : 'changes';
    const needs = g.targets.map(describeTarget).join(', ');
    const adderDid = `${verb} ${kindLabel(kind)} ${path}: ${summarize(kind, after)}`;
    const dropperDid = `drops (or renames) ${needs}`;
    out.push({
      conflict: {
        code,
        kind: conflictKinds[code],
        path,
        message: `${g.adder} ${verb} ${kindLabel(kind)} ${path}, which needs ${needs}, but ${g.dropper} drops (or renames) it`,
        objectKind: kind,
        base: nullIfAbsent(before),
        ours: g.adder === 'ours' ? adderDid : dropperDid,
        theirs: g.adder === 'theirs' ? adderDid : dropperDid,
        related: g.targets.map(refPath),
        resolutions: ['ours', 'theirs'],
      },
      forces: {
        [g.dropper]: [{ path, side: g.dropper }],
        [g.adder]: g.targets.map((t) => ({ path: refPath(t), side: g.adder })),
      },
    });
  }
  for (const [path, { key, dependents }] of splitKeys) out.push(splitKeyConflict(sides, path, key, dependents));
  return out;
}

/** A target that is itself in conflict (or inside a conflicting table) has no decided fate yet: the partial merely shows ours' side. */
function targetUndecided(ctx: MergeContext, sides: MergeSides, target: ObjectRef): boolean {
  if (ctx.conflictPaths.has(refPath(target))) return true;
  if (!('table' in target)) return false;
  const table = target.table;
  if (ctx.conflictPaths.has(table)) return true;
  if (target.kind !== 'key') return false;
  // Whether a key survives depends on the key columns and on every key-like object of the table.
  if (target.columns.some((c) => ctx.conflictPaths.has(objectPath.column(table, c)))) return true;
  if (ctx.conflictPaths.has(objectPath.primaryKey(table))) return true;
  for (const side of [sides.base, sides.ours, sides.theirs]) {
    const t = side.tables.get(table);
    if (!t) continue;
    if (t.uniques.some((u) => ctx.conflictPaths.has(objectPath.unique(table, u.name)))) return true;
    if (t.indexes.some((i) => ctx.conflictPaths.has(objectPath.index(table, i.name)))) return true;
  }
  return false;
}

function sameTarget(a: ObjectRef, b: ObjectRef): boolean {
  return a.kind !== 'enumValue' || (b.kind === 'enumValue' && a.value === b.value);
}

function whoDropped(sides: MergeSides, target: ObjectRef): Side | undefined {
  if (!sides.base.has(target)) return undefined;
  const inOurs = sides.ours.has(target);
  const inTheirs = sides.theirs.has(target);
  if (!inOurs && inTheirs) return 'ours';
  if (inOurs && !inTheirs) return 'theirs';
  return undefined;
}

function describeTarget(t: ObjectRef): string {
  switch (t.kind) {
    case 'table':
      return `table ${t.table}`;
    case 'column':
      return `column ${objectPath.column(t.table, t.name)}`;
    case 'enum':
      return `enum ${t.name}`;
    case 'enumValue':
      return `value '${t.value}' of enum ${t.name}`;
    case 'key':
      return `the key on ${t.table}(${t.columns.join(', ')}) (${refPath(t.via)})`;
    default:
      return refPath(t);
  }
}

function danglingEdges(ctx: MergeContext, sides: MergeSides): Edge[] {
  const merged = sides.merged;
  const all = [sides.base, sides.ours, sides.theirs];
  const edges: Edge[] = [];
  const droppedColumns = (table: string): readonly string[] => ctx.droppedColumns.get(table) ?? [];
  const enumNames = new Set(all.flatMap((s) => [...s.enums.keys()]));
  const userTypes = new Map<string, ObjectRef>();
  for (const s of all) {
    for (const d of s.schema.domains ?? []) userTypes.set(d.name, { kind: 'domain', name: d.name });
    for (const t of s.schema.compositeTypes ?? []) userTypes.set(t.name, { kind: 'compositeType', name: t.name });
  }

  for (const table of merged.schema.tables) {
    const name = table.name;
    const columns = new Set(table.columns.map((c) => c.name));
    const needColumns = (dependent: ObjectRef, names: readonly string[]) => {
      for (const n of names) if (!columns.has(n)) edges.push({ dependent, target: { kind: 'column', table: name, name: n } });
    };
    const needMentioned = (dependent: ObjectRef, sql: string | undefined) => {
      if (sql === undefined) return;
      const dropped = droppedColumns(name);
      if (dropped.length === 0) return;
      const ids = mentionedIdentifiers(sql);
      for (const c of dropped) if (ids.has(c.toLowerCase())) edges.push({ dependent, target: { kind: 'column', table: name, name: c } });
    };
    columnEdges(table, merged, enumNames, userTypes, edges, needMentioned);
    // a partition or INHERITS child needs its parent table
    for (const parent of parentTables(table))
      if (!merged.tables.has(parent)) edges.push({ dependent: { kind: 'table', table: name }, target: { kind: 'table', table: parent } });
    if (table.primaryKey) needColumns({ kind: 'primaryKey', table: name }, table.primaryKey.columns);
    for (const u of table.uniques) needColumns({ kind: 'unique', table: name, name: u.name }, u.columns);
    for (const i of table.indexes) {
      const ref: ObjectRef = { kind: 'index', table: name, name: i.name };
      needColumns(
        ref,
        i.elements.flatMap((e) => (e.column !== undefined ? [e.column] : [])),
      );
      for (const e of i.elements) needMentioned(ref, e.expression);
      needMentioned(ref, i.where);
    }
    for (const c of table.checks) needMentioned({ kind: 'check', table: name, name: c.name }, c.expression);
    for (const fk of table.foreignKeys) {
      const ref: ObjectRef = { kind: 'foreignKey', table: name, name: fk.name };
      needColumns(ref, fk.columns);
      const target = merged.tables.get(fk.referencedTable);
      if (!target) {
        edges.push({ dependent: ref, target: { kind: 'table', table: fk.referencedTable } });
        continue;
      }
      const targetColumns = new Set(target.columns.map((c) => c.name));
      let columnsExist = true;
      for (const c of fk.referencedColumns) {
        if (targetColumns.has(c)) continue;
        columnsExist = false;
        edges.push({ dependent: ref, target: { kind: 'column', table: fk.referencedTable, name: c } });
      }
      if (columnsExist && !keyOver(target, fk.referencedColumns)) {
        const via = keyOver(sides.base.tables.get(fk.referencedTable), fk.referencedColumns);
        if (via) edges.push({ dependent: ref, target: { kind: 'key', table: fk.referencedTable, columns: fk.referencedColumns, via } });
      }
    }
  }

  if (merged.schema.views.length > 0) {
    const droppedTables = ctx.droppedTables;
    // identifier tokens never hold a dot: a table of another schema (`billing.invoices`) is mentioned by its own name
    const tablesByLowerName = new Map(merged.schema.tables.map((t) => [localName(t.name).toLowerCase(), t.name]));
    for (const view of merged.schema.views) {
      const ref: ObjectRef = { kind: 'view', name: view.name };
      const ids = mentionedIdentifiers(view.definition);
      for (const t of droppedTables)
        if (ids.has(localName(t).toLowerCase())) edges.push({ dependent: ref, target: { kind: 'table', table: t } });
      for (const id of ids) {
        const table = tablesByLowerName.get(id);
        if (table === undefined) continue;
        for (const c of droppedColumns(table)) {
          if (ids.has(c.toLowerCase())) edges.push({ dependent: ref, target: { kind: 'column', table, name: c } });
        }
      }
    }
  }
  definitionEdges(ctx, sides, edges);
  collationEdges(sides, edges);
  namespaceEdges(sides, edges);
  return edges;
}

/** An object in a PostgreSQL schema other than public (named `schema.name`, a routine by its `schema`) needs that schema. */
function namespaceEdges(sides: MergeSides, edges: Edge[]): void {
  const merged = sides.merged;
  const known = new Set([sides.base, sides.ours, sides.theirs].flatMap((s) => (s.schema.namespaces ?? []).map((n) => n.name)));
  if (known.size === 0) return;
  const present = new Set((merged.schema.namespaces ?? []).map((n) => n.name));
  const need = (dependent: ObjectRef, schema: string) => {
    if (schema !== 'public' && known.has(schema) && !present.has(schema))
      edges.push({ dependent, target: { kind: 'namespace', name: schema } });
  };
  for (const t of merged.schema.tables) need({ kind: 'table', table: t.name }, schemaOfName(t.name));
  for (const v of merged.schema.views) need({ kind: 'view', name: v.name }, schemaOfName(v.name));
  for (const e of merged.schema.enums) need({ kind: 'enum', name: e.name }, schemaOfName(e.name));
  for (const d of merged.schema.domains ?? []) need({ kind: 'domain', name: d.name }, schemaOfName(d.name));
  for (const c of merged.schema.compositeTypes ?? []) need({ kind: 'compositeType', name: c.name }, schemaOfName(c.name));
  for (const d of merged.schema.definitions ?? []) if (d.schema !== undefined) need({ kind: 'definition', name: d.name }, d.schema);
}

/** A column whose COLLATE names a collation of `public` (a definition) the other side dropped. */
function collationEdges(sides: MergeSides, edges: Edge[]): void {
  const merged = sides.merged;
  const known = (key: string) => sides.base.definitions.has(key) || sides.ours.definitions.has(key) || sides.theirs.definitions.has(key);
  for (const table of merged.schema.tables) {
    for (const column of table.columns) {
      if (column.collation === undefined) continue;
      const key = collationKey('public', column.collation.replace(/^"(.*)"$/, '$1'));
      if (known(key) && !merged.definitions.has(key))
        edges.push({ dependent: { kind: 'column', table: table.name, name: column.name }, target: { kind: 'definition', name: key } });
    }
  }
}

/**
 * A trigger, policy or row-security setting needs its table (or view) and the columns and routines
 * its definition mentions, an aggregate the routines it is built on; what one side adds or changes
 * while the other drops those is C004.
 */
function definitionEdges(ctx: MergeContext, sides: MergeSides, edges: Edge[]): void {
  const merged = sides.merged;
  const definitions = merged.schema.definitions ?? [];
  if (definitions.length === 0) return;
  const goneRoutines = [...sides.base.definitions.values()].filter((d) => isRoutine(d) && !merged.definitions.has(d.name));
  for (const d of definitions) {
    const ref: ObjectRef = { kind: 'definition', name: d.name };
    const routine = privilegeRoutine(d);
    if (routine !== undefined && !merged.definitions.has(routine) && sides.base.definitions.has(routine))
      edges.push({ dependent: ref, target: { kind: 'definition', name: routine } });
    // An aggregate needs the functions it is built on (SFUNC, FINALFUNC, …).
    if (isAggregate(d)) {
      const ids = mentionedIdentifiers(d.definition);
      for (const r of goneRoutines)
        if (r.name !== d.name && ids.has(r.object.toLowerCase()))
          edges.push({ dependent: ref, target: { kind: 'definition', name: r.name } });
    }
    if (d.table === undefined) continue;
    const table = d.table;
    if (!merged.tables.has(table) && !merged.views.has(table)) {
      edges.push({ dependent: ref, target: sides.base.views.has(table) ? { kind: 'view', name: table } : { kind: 'table', table } });
      continue;
    }
    if (d.privilege) {
      // A privilege names its table, grantee and keywords: only a column privilege needs a column.
      const column = d.privilege.column;
      if (column !== undefined && (ctx.droppedColumns.get(table) ?? []).includes(column))
        edges.push({ dependent: ref, target: { kind: 'column', table, name: column } });
      continue;
    }
    const ids = mentionedIdentifiers(d.definition);
    for (const c of ctx.droppedColumns.get(table) ?? [])
      if (ids.has(c.toLowerCase())) edges.push({ dependent: ref, target: { kind: 'column', table, name: c } });
    for (const r of goneRoutines)
      if (ids.has(r.object.toLowerCase())) edges.push({ dependent: ref, target: { kind: 'definition', name: r.name } });
  }
}

function columnEdges(
  table: Table,
  merged: MergeSides['merged'],
  enumNames: Set<string>,
  userTypes: Map<string, ObjectRef>,
  edges: Edge[],
  needMentioned: (dependent: ObjectRef, sql: string | undefined) => void,
): void {
  for (const column of table.columns) {
    const ref: ObjectRef = { kind: 'column', table: table.name, name: column.name };
    needMentioned(ref, column.generated?.expression);
    const userType = userTypeOf(column.type, userTypes);
    if (userType && !merged.has(userType)) edges.push({ dependent: ref, target: userType });
    if (enumNames.size === 0) continue;
    const enumName = typeObjectName(column.type);
    if (!enumNames.has(enumName)) continue;
    const type = merged.enums.get(enumName);
    if (!type) {
      edges.push({ dependent: ref, target: { kind: 'enum', name: enumName } });
      continue;
    }
    const value = leadingStringLiteral(column.default);
    if (value !== undefined && !type.values.includes(value))
      edges.push({ dependent: ref, target: { kind: 'enumValue', name: enumName, value } });
  }
}

/** The domain or composite type (of any side) a column's type names, if it names one. */
function userTypeOf(type: string, userTypes: Map<string, ObjectRef>): ObjectRef | undefined {
  if (userTypes.size === 0) return undefined;
  return userTypes.get(typeObjectName(type));
}

/** The routine a privilege on a function or procedure needs (its identity key), if it is one. */
function privilegeRoutine(d: Definition): string | undefined {
  const on = d.privilege?.on;
  return on === 'function' || on === 'procedure' ? routineKey(on, d.schema, d.object, d.signature) : undefined;
}
