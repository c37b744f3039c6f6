import type { Column, Schema } from '../model/schema.js';
import type { MergeConflict } from './merge-conflict.js';
import { objectPath } from './object-path.js';
import { byName, sameValue } from './three-way.js';

/** A column both sides changed, in different attributes, one of them its type: the merge combines them. */
export interface ColumnCombination {
  table: string;
  column: string;
  /** attributes each side changed */
  ours: string[];
  theirs: string[];
}

/**
 * Columns where one side changed the type and the other another attribute (default, nullability,
 * collation, …). The attribute-wise merge combines them, but the combined column may be unreachable:
 * `code text DEFAULT ''` (ours) with `code integer` (theirs) gives `integer DEFAULT ''`, whose
 * `ALTER … TYPE integer` fails on the default's cast. `flash merge` reports these as C008 when the
 * merged history does not replay (instead of a history-level C007).
 */
export function typeCombinations(base: Schema, ours: Schema, theirs: Schema): ColumnCombination[] {
  const out: ColumnCombination[] = [];
  const o = byName(ours.tables);
  const t = byName(theirs.tables);
  for (const bt of base.tables) {
    const [ot, tt] = [o.get(bt.name), t.get(bt.name)];
    if (!ot || !tt) continue;
    const oc = byName(ot.columns);
    const tc = byName(tt.columns);
    for (const bc of bt.columns) {
      const [ocol, tcol] = [oc.get(bc.name), tc.get(bc.name)];
      if (!ocol || !tcol) continue;
      const oursChanged = changedAttributes(bc, ocol);
      const theirsChanged = changedAttributes(bc, tcol);
      if (!oursChanged.length || !theirsChanged.length || oursChanged.some((a) => theirsChanged.includes(a))) continue;
      if (!oursChanged.includes('type') && !theirsChanged.includes('type')) continue;
      out.push({ table: bt.name, column: bc.name, ours: oursChanged, theirs: theirsChanged });
    }
  }
  return out;
}

function changedAttributes(base: Column, side: Column): string[] {
  const keys = new Set([...Object.keys(base), ...Object.keys(side)]);
  keys.delete('name');
  keys.delete('family');
  return [...keys]
    .filter((k) => !sameValue((base as unknown as Record<string, unknown>)[k], (side as unknown as Record<string, unknown>)[k]))
    .sort();
}

export function columnConflict(c: ColumnCombination, base: Schema, ours: Schema, theirs: Schema, why: string): MergeConflict {
  const col = (s: Schema) => s.tables.find((t) => t.name === c.table)?.columns.find((x) => x.name === c.column) ?? null;
  const path = objectPath.column(c.table, c.column);
  return {
    code: 'C008',
    kind: 'column-non-commuting',
    path,
    objectKind: 'column',
    message: `ours changes ${c.ours.join(', ')} and theirs changes ${c.theirs.join(', ')} of column ${path}; the combined column cannot be reached from both heads (${why})`,
    base: col(base),
    ours: col(ours),
    theirs: col(theirs),
    attributes: [...c.ours, ...c.theirs],
    resolutions: ['ours', 'theirs', 'both'],
  };
}
