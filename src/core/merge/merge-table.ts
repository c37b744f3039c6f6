import { emptyTable, type Table } from '../model/schema.js';
import { mergeAttributes } from './merge-attributes.js';
import { mergeColumns } from './merge-columns.js';
import type { MergeContext } from './merge-context.js';
import { mergeLeaf, mergeNamed } from './merge-leaf.js';
import { objectPath } from './object-path.js';
import { tableWarnings } from './table-warnings.js';
import { byName, pickSide, singleSide, threeWay, unionNames } from './three-way.js';

/** Keys of Table merged member by member; every other key (comment, options, …) is an attribute. */
const structuralKeys = new Set(['name', 'columns', 'primaryKey', 'uniques', 'indexes', 'foreignKeys', 'checks']);

export function mergeTables(ctx: MergeContext, base: Table[], ours: Table[], theirs: Table[]): Table[] {
  const b = byName(base);
  const o = byName(ours);
  const t = byName(theirs);
  const out: Table[] = [];
  for (const name of unionNames(o.keys(), t.keys(), b.keys())) {
    const sides = [b.get(name), o.get(name), t.get(name)] as const;
    const merged = mergeTable(ctx, name, ...sides);
    if (merged) out.push(merged);
    else ctx.droppedTables.push(name);
  }
  return out;
}

function mergeTable(ctx: MergeContext, name: string, base?: Table, ours?: Table, theirs?: Table): Table | undefined {
  const whole = ctx.wholeAt(name);
  if (whole) return pickSide(whole, ours, theirs);
  const forced = ctx.forcedAt(name);
  if (base && ours && theirs) {
    // Fast path: a table at most one side changed is taken whole (most tables of a large merge).
    const untouched = forced === undefined && !ctx.hasForcedMembers(name);
    const r = untouched ? threeWay(base, ours, theirs) : undefined;
    if (r?.clean) {
      if (r.changedBy !== 'none') noteDroppedColumns(ctx, r.value!, [base, ours, theirs]);
      return r.value;
    }
    return mergeTableContents(ctx, name, base, ours, theirs);
  }
  const bothAdded = !base && ours !== undefined && theirs !== undefined;
  // "both" on two different new tables of the same name: merge them as if each had added to an empty table.
  if (forced === 'both' && bothAdded) return mergeTableContents(ctx, name, emptyTable(name), ours, theirs);
  const taken = mergeLeaf(ctx, name, 'table', base, ours, theirs, bothAdded ? ['both'] : []);
  if (taken) noteDroppedColumns(ctx, taken, [base, ours, theirs]);
  if (!taken || !ctx.hasForcedMembers(name) || ctx.conflictPaths.has(name)) return taken;
  // A resolution names a member of a table taken whole from one side: replay that side's version member by member.
  const start = base ?? emptyTable(name);
  const side = singleSide(forced);
  const oursPart = side === 'theirs' ? start : (ours ?? start);
  const theirsPart = side === 'ours' ? start : (theirs ?? start);
  return mergeTableContents(ctx, name, start, oursPart, theirsPart);
}

/**
 * A table with each storage parameter (PostgreSQL `fillfactor`, …) as an attribute of its own
 * (`storage.fillfactor`), so that one side setting `fillfactor` and the other `autovacuum_enabled`
 * (or `UNLOGGED`) merge cleanly, and both setting `fillfactor` differently is C002 naming it.
 */
function withoutStorage(table: Table): Record<string, unknown> {
  const { options, ...rest } = table;
  const out: Record<string, unknown> = { ...rest };
  if (!options) return out;
  const { storage, ...other } = options;
  if (Object.keys(other).length) out.options = other;
  for (const [k, v] of Object.entries(storage ?? {})) out[`${storagePrefix}${k}`] = v;
  return out;
}

const storagePrefix = 'storage.';

function withStorage(attributes: Record<string, unknown>): Partial<Table> {
  const out: Record<string, unknown> = {};
  const storage: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) {
    if (k.startsWith(storagePrefix)) storage[k.slice(storagePrefix.length)] = v as string;
    else out[k] = v;
  }
  if (Object.keys(storage).length) out.options = { ...(out.options as Table['options']), storage };
  return out;
}

function noteDroppedColumns(ctx: MergeContext, kept: Table, sides: ReadonlyArray<Table | undefined>): void {
  const present = new Set(kept.columns.map((c) => c.name));
  for (const side of sides) {
    for (const c of side?.columns ?? []) {
      if (present.has(c.name)) continue;
      present.add(c.name);
      ctx.noteDroppedColumn(kept.name, c.name);
    }
  }
}

function mergeTableContents(ctx: MergeContext, name: string, base: Table, ours: Table, theirs: Table): Table {
  const attributes = withStorage(
    mergeAttributes(ctx, name, 'table', withoutStorage(base), withoutStorage(ours), withoutStorage(theirs), structuralKeys),
  );
  const table: Table = {
    ...attributes,
    name,
    columns: mergeColumns(ctx, name, base.columns, ours.columns, theirs.columns),
    uniques: mergeNamed(ctx, 'unique', (n) => objectPath.unique(name, n), base.uniques, ours.uniques, theirs.uniques),
    indexes: mergeNamed(ctx, 'index', (n) => objectPath.index(name, n), base.indexes, ours.indexes, theirs.indexes),
    foreignKeys: mergeNamed(
      ctx,
      'foreignKey',
      (n) => objectPath.foreignKey(name, n),
      base.foreignKeys,
      ours.foreignKeys,
      theirs.foreignKeys,
    ),
    checks: mergeNamed(ctx, 'check', (n) => objectPath.check(name, n), base.checks, ours.checks, theirs.checks),
  };
  const primaryKey = mergeLeaf(ctx, objectPath.primaryKey(name), 'primaryKey', base.primaryKey, ours.primaryKey, theirs.primaryKey);
  if (primaryKey) table.primaryKey = primaryKey;
  tableWarnings(ctx, base, ours, theirs);
  return table;
}
