import type { LockEntry } from '../plan/lock-file.js';

export type BranchSyncState = 'in sync' | 'needs migrations' | 'drift' | 'no db yet';

/**
 * Where a branch's database stands relative to the branch's chain, from recorded hashes only (no DB):
 * at the expected hash → in sync; at an earlier point of the chain → needs migrations (apply);
 * anywhere else (another branch's schema, edited history) → drift (reconcile by snapshot diff).
 */
export function branchSyncState(recorded: string | undefined, expected: string, chain: LockEntry[], emptyHash: string): BranchSyncState {
  if (recorded === undefined) return 'no db yet';
  if (recorded === expected) return 'in sync';
  return chainPosition(chain, recorded, emptyHash) >= 0 ? 'needs migrations' : 'drift';
}

/**
 * Index of the first migration still to apply for a DB at `hash`: 0 at the empty schema, i+1 after
 * entry i; -1 when `hash` is not on the chain. The last match wins: a chain can revisit a hash
 * (add then drop a column), and the latest visit needs the fewest migrations.
 */
export function chainPosition(chain: LockEntry[], hash: string, emptyHash: string): number {
  for (let i = chain.length - 1; i >= 0; i--) if (chain[i].to === hash) return i + 1;
  return hash === emptyHash || chain[0]?.from === hash ? 0 : -1;
}
