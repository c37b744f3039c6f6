import { typeObjectName, type EnumType, type Schema } from '../model/schema.js';
import { byName, indexByName } from './compare.js';
import type { Operation } from './operations.js';

export interface EnumDiff {
  /** createEnum / addEnumValue / recreateEnum: before any table is created or altered */
  before: Operation[];
  /** dropEnum: after every table that used the type is dropped or altered */
  after: Operation[];
  /** tables whose columns are retyped by a recreateEnum (views over them must be recreated) */
  touchedTables: string[];
}

/**
 * Named enum types (PostgreSQL). Values only inserted, with the existing ones in the same relative
 * order, become ADD VALUE operations; any other change (removal, reorder) recreates the type and
 * retypes its columns. `current` is the schema after renames; usages are the enum columns that
 * survive into `to` (dropped tables and columns are gone by the time the type is recreated).
 */
export function diffEnums(current: Schema, to: Schema): EnumDiff {
  const before: Operation[] = [];
  const after: Operation[] = [];
  const touched = new Set<string>();
  const fromEnums = indexByName(current.enums);
  const toEnums = indexByName(to.enums);

  for (const e of [...to.enums].sort(byName)) {
    const old = fromEnums.get(e.name);
    if (!old) {
      before.push({ kind: 'createEnum', enum: e });
      continue;
    }
    const additions = valueAdditions(old, e);
    if (additions) {
      before.push(...additions);
      continue;
    }
    const usages = enumUsages(current, to, e.name);
    for (const u of usages) touched.add(u.table);
    before.push({ kind: 'recreateEnum', from: old, to: e, usages });
  }
  for (const e of [...current.enums].sort(byName)) {
    if (!toEnums.has(e.name)) after.push({ kind: 'dropEnum', enum: e });
  }
  return { before, after, touchedTables: [...touched].sort() };
}

/** ADD VALUE operations when `to` only inserts values into `from`; null when the change needs a recreate (or there is none). */
function valueAdditions(from: EnumType, to: EnumType): Operation[] | null {
  if (from.values.length === to.values.length && from.values.every((v, i) => v === to.values[i])) return [];
  let matched = 0;
  for (const v of to.values) if (matched < from.values.length && v === from.values[matched]) matched++;
  if (matched < from.values.length || new Set(to.values).size !== to.values.length) return null;

  const present = new Set(from.values);
  const ops: Operation[] = [];
  // The last value of the type as it stands after the additions so far: appending after it needs no anchor.
  let last: string | undefined = from.values[from.values.length - 1];
  to.values.forEach((value, i) => {
    if (present.has(value)) return;
    present.add(value);
    const previous = i === 0 ? undefined : to.values[i - 1];
    if (previous === last) {
      ops.push({ kind: 'addEnumValue', enum: to.name, value });
      last = value;
    } else if (previous === undefined) {
      ops.push({ kind: 'addEnumValue', enum: to.name, value, before: from.values[0] });
    } else {
      ops.push({ kind: 'addEnumValue', enum: to.name, value, after: previous });
    }
  });
  return ops;
}

/** A column of the enum type or an array of it; PG spells names that need quoting as `"Role"`. */
function usesEnum(c: { family: string; type: string }, name: string): boolean {
  if (c.family !== 'enum' && c.family !== 'array') return false;
  return typeObjectName(c.type) === name;
}

function enumUsages(current: Schema, to: Schema, name: string): Array<{ table: string; column: string }> {
  const toTables = indexByName(to.tables);
  const usages: Array<{ table: string; column: string }> = [];
  for (const t of [...current.tables].sort(byName)) {
    const target = toTables.get(t.name);
    if (!target) continue;
    const kept = new Set(target.columns.map((c) => c.name));
    for (const c of t.columns) {
      if (usesEnum(c, name) && kept.has(c.name)) usages.push({ table: t.name, column: c.name });
    }
  }
  return usages;
}
