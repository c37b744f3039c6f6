import type { Schema } from '../model/schema.js';
import type { LockEntry } from '../plan/lock-file.js';
import { columnOrderInsensitiveId } from '../snapshot/hash.js';
import type { SchemaMerge } from './merge-history.js';

/**
 * Convergence marks for a merged history (docs/MERGE.md, "Convergence").
 *
 * When both branches made the same change (a hotfix cherry-picked onto two branches), the second of
 * the two migrations cannot run after the first: the column is already there. Instead of asking the
 * user to rewrite history, each new migration whose schema effect (together with its own branch's
 * earlier migrations) is already contained in a migration of the other branch is marked
 * `satisfiedBy` that migration. `flash apply` records a marked migration as applied without running
 * it when the migration it names is applied, which brings a database at ours' head, one at theirs'
 * head and an empty one to the same merged schema.
 *
 * "Contained": merging the other branch's state after migration k with this branch's states before
 * and after migration i changes nothing — merge(base, other_k, this_i.from) ≡ other_k and
 * merge(base, other_k, this_i.to) ≡ other_k (column order ignored). The starting state matters: a
 * migration that undoes its own branch's earlier one (add t1, then drop t1) ends at a state every
 * other state contains, but it cannot run after other_k, which never had t1. Only migrations that
 * change the schema are marked: a data-only migration is never contained in anything.
 */
export function markConvergence<C>(input: {
  base: Schema;
  oursNew: LockEntry[];
  theirsNew: LockEntry[];
  schemaOf: (id: string) => Schema;
  merge: SchemaMerge<C>;
}): { ours: Array<string | undefined>; theirs: Array<string | undefined> } {
  const ids = new Map<string, string>();
  const orderFree = (id: string) => {
    let v = ids.get(id);
    if (v === undefined) ids.set(id, (v = columnOrderInsensitiveId(input.schemaOf(id))));
    return v;
  };
  const containedIn = (mine: LockEntry, others: LockEntry[]): string | undefined => {
    if (orderFree(mine.from) === orderFree(mine.to)) return undefined;
    const leavesUnchanged = (other: LockEntry, state: string) => {
      const r = input.merge(input.base, input.schemaOf(other.to), input.schemaOf(state));
      return r.ok && columnOrderInsensitiveId(r.merged) === orderFree(other.to);
    };
    for (const other of others) {
      if (leavesUnchanged(other, mine.to) && leavesUnchanged(other, mine.from)) return other.name;
    }
    return undefined;
  };
  return {
    ours: input.oursNew.map((e) => containedIn(e, input.theirsNew)),
    theirs: input.theirsNew.map((e) => containedIn(e, input.oursNew)),
  };
}
