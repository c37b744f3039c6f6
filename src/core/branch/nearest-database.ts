import { chainPosition } from './branch-sync-state.js';
import type { LockEntry } from '../plan/lock-file.js';

export interface CopyCandidate {
  branch: string;
  /** The hash recorded for its database, if known. */
  recorded?: string;
}

/**
 * Order the existing branch databases by how little work a copy of each needs to reach `chain`'s
 * head: a database on the chain, furthest along, needs only forward migrations (ties: the branch we
 * came from, then the home branch). Databases off the chain follow, the branch we came from first, then
 * the home branch — the issue's "current branch's, or the main DB".
 */
export function rankCopySources(candidates: CopyCandidate[], chain: LockEntry[], emptyHash: string, prefer: string[]): CopyCandidate[] {
  const preference = (b: string) => {
    const i = prefer.indexOf(b);
    return i < 0 ? prefer.length : i;
  };
  const scored = candidates.map((c) => ({ c, pos: c.recorded === undefined ? -1 : chainPosition(chain, c.recorded, emptyHash) }));
  scored.sort((a, b) => b.pos - a.pos || preference(a.c.branch) - preference(b.c.branch) || a.c.branch.localeCompare(b.c.branch));
  return scored.map((s) => s.c);
}
