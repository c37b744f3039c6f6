import type { Schema } from '../../core/model/schema.js';
import { snapshotId } from '../../core/snapshot/hash.js';
import type { Chain } from './chain.js';
import { schemaAt } from './chain.js';
import type { ProjectContext } from './project-context.js';

/**
 * `live` (introspected from a database or a shadow) spelled as the recorded snapshot `recorded` would
 * spell it, so that comparing the two shows real differences only: an earlier Flash may have recorded
 * the same catalog in other words (the dialect's `alignRecordedSpelling`).
 */
export function asRecorded(pc: ProjectContext, recorded: Schema, live: Schema): Schema {
  return pc.dialect.alignRecordedSpelling ? pc.dialect.alignRecordedSpelling(recorded, live) : live;
}

/**
 * Whether `live` is the recorded snapshot `id` (spelling aside). `id` not in the store (a lock from a
 * history this clone lacks) is not a match.
 */
export async function liveIsAt(pc: ProjectContext, chain: Pick<Chain, 'emptyHash'>, live: Schema, id: string): Promise<boolean> {
  if (snapshotId(live) === id) return true;
  if (!pc.dialect.alignRecordedSpelling || (id !== chain.emptyHash && !(await pc.store.has(id)))) return false;
  const recorded = await schemaAt(pc, chain, id);
  return snapshotId(asRecorded(pc, recorded, live)) === id;
}
