import type { Schema, Table } from '../model/schema.js';
import { canonicalJson } from '../snapshot/canonical.js';
import { parentTables } from './order.js';

/**
 * Tables (present on both sides) that must be dropped and created again because what they are
 * made from changed (PostgreSQL): a new partition key (`PARTITION BY`), a partition's new parent or
 * bound, or other INHERITS parents — none of which ALTER changes in place without a detach and a
 * check of every row, and a recreated parent takes its partitions and children along. The rows of
 * a recreated table are lost: the drop is a `dropTable`, which the data-loss checks (L001, the Down
 * and branch confirmations) report like any other.
 */
export function recreatedTables(from: Schema, to: Schema): Set<string> {
  const out = new Set<string>();
  if (!from.tables.some(madeFrom) && !to.tables.some(madeFrom)) return out;
  const before = new Map(from.tables.map((t) => [t.name, t]));
  for (const t of to.tables) {
    const old = before.get(t.name);
    if (old && shape(old) !== shape(t)) out.add(t.name);
  }
  const kept = to.tables.filter((t) => before.has(t.name));
  for (let grew = out.size > 0; grew;) {
    grew = false;
    for (const t of kept) {
      if (out.has(t.name)) continue;
      const parents = [...parentTables(t), ...parentTables(before.get(t.name)!)];
      if (parents.some((p) => out.has(p))) {
        out.add(t.name);
        grew = true;
      }
    }
  }
  return out;
}

function madeFrom(t: Table): boolean {
  return t.partitionBy !== undefined || t.partitionOf !== undefined || t.inherits !== undefined;
}

function shape(t: Table): string {
  return canonicalJson([t.partitionBy ?? null, t.partitionOf ?? null, t.inherits ?? null]);
}
