import type { Column } from '../model/schema.js';
import { mergeAttributes } from './merge-attributes.js';
import type { MergeContext } from './merge-context.js';
import { mergeLeaf } from './merge-leaf.js';
import { objectPath } from './object-path.js';
import { byName, pickSide, unionNames } from './three-way.js';

const columnIdentity = new Set(['name']);

/**
 * Columns of a table present on all three sides.
 *
 * Column order rule (documented, never a conflict): ours' column sequence first (base columns in ours'
 * order, ours' additions where ours put them), then the columns only theirs has (its additions, in its
 * order), each merged attribute by attribute. A database at ours' head that applies theirs' migration
 * ends up with exactly this order; swapping ours and theirs changes only this order.
 */
export function mergeColumns(ctx: MergeContext, table: string, base: Column[], ours: Column[], theirs: Column[]): Column[] {
  const b = byName(base);
  const o = byName(ours);
  const t = byName(theirs);
  const out: Column[] = [];
  for (const name of unionNames(o.keys(), t.keys(), b.keys())) {
    const path = objectPath.column(table, name);
    const bc = b.get(name);
    const oc = o.get(name);
    const tc = t.get(name);
    const whole = ctx.wholeAt(path);
    const merged = whole
      ? pickSide(whole, oc, tc)
      : bc && oc && tc
        ? ({ name, ...mergeAttributes(ctx, path, 'column', bc, oc, tc, columnIdentity) } as Column)
        : mergeLeaf(ctx, path, 'column', bc, oc, tc);
    if (merged) out.push(merged);
    else ctx.noteDroppedColumn(table, name);
  }
  return out;
}
