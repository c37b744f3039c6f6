import type { Schema, Table } from '../model/schema.js';
import { objectPath } from './object-path.js';
import { byName, sameValue, unionNames } from './three-way.js';

/**
 * The objects both branches changed in exactly the same way (added with the same definition, dropped,
 * altered alike): where two histories overlap. A merge whose histories overlap only partly (both add
 * `bio`, one also indexes it) cannot simply run one side's migration after the other's; these paths
 * are what the merge names when it has to say so.
 */
export function sharedChanges(base: Schema, ours: Schema, theirs: Schema): string[] {
  const out: string[] = [];
  const [b, o, t] = [byName(base.tables), byName(ours.tables), byName(theirs.tables)];
  for (const name of unionNames(o.keys(), t.keys(), b.keys())) {
    const [bt, ot, tt] = [b.get(name), o.get(name), t.get(name)];
    if (!bt || !ot || !tt) {
      if (same(bt, ot, tt)) out.push(objectPath.table(name));
      continue;
    }
    out.push(...sharedMembers(bt, ot, tt));
  }
  for (const kind of ['enums', 'views'] as const) {
    const [bm, om, tm] = [
      byName<{ name: string }>(base[kind]),
      byName<{ name: string }>(ours[kind]),
      byName<{ name: string }>(theirs[kind]),
    ];
    for (const name of unionNames(om.keys(), tm.keys(), bm.keys())) {
      if (same(bm.get(name), om.get(name), tm.get(name))) out.push(kind === 'enums' ? objectPath.enum(name) : objectPath.view(name));
    }
  }
  return out;
}

function sharedMembers(base: Table, ours: Table, theirs: Table): string[] {
  const out: string[] = [];
  const lists = { columns: 'column', indexes: 'index', uniques: 'unique', foreignKeys: 'foreignKey', checks: 'check' } as const;
  for (const [list, kind] of Object.entries(lists) as Array<[keyof typeof lists, (typeof lists)[keyof typeof lists]]>) {
    const [bm, om, tm] = [
      byName<{ name: string }>(base[list]),
      byName<{ name: string }>(ours[list]),
      byName<{ name: string }>(theirs[list]),
    ];
    for (const name of unionNames(om.keys(), tm.keys(), bm.keys())) {
      if (same(bm.get(name), om.get(name), tm.get(name))) out.push(objectPath[kind](base.name, name));
    }
  }
  if (same(base.primaryKey, ours.primaryKey, theirs.primaryKey)) out.push(objectPath.primaryKey(base.name));
  return out;
}

/** Changed on both sides (from base) to the same value, absence included. */
function same(base: unknown, ours: unknown, theirs: unknown): boolean {
  return sameValue(ours, theirs) && !sameValue(base, ours);
}
