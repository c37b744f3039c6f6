import type { CrossConflict, MergeSides } from './cross-conflict.js';
import { conflictKinds, type Side } from './merge-conflict.js';
import { keyOver, refPath, type ObjectRef } from './schema-index.js';

export type KeyRef = Extract<ObjectRef, { kind: 'key' }>;

export function keyPath(key: KeyRef): string {
  return `${key.table}#key:${key.columns.join(',')}`;
}

/**
 * Base had two keys over the same columns (say a primary key and a unique constraint); each side
 * dropped a different one, so each side alone is valid but the merge keeps neither, and the foreign
 * keys that reference those columns dangle. Resolving keeps the key the chosen side kept.
 */
export function splitKeyConflict(sides: MergeSides, path: string, key: KeyRef, dependents: ObjectRef[]): CrossConflict {
  const kept = (side: Side) => keyOver(sides[side].tables.get(key.table), key.columns)!;
  const columns = `${key.table}(${key.columns.join(', ')})`;
  const did = (side: Side) => `keeps only ${refPath(kept(side))} as the key on ${columns}`;
  return {
    conflict: {
      code: 'C004',
      kind: conflictKinds.C004,
      path,
      message: `ours keeps only ${refPath(kept('ours'))} and theirs keeps only ${refPath(kept('theirs'))} as the key on ${columns}, so the merge has none for ${dependents.map(refPath).join(', ')}`,
      objectKind: 'name',
      ours: did('ours'),
      theirs: did('theirs'),
      related: dependents.map(refPath),
      resolutions: ['ours', 'theirs'],
    },
    forces: {
      ours: [{ path: refPath(kept('ours')), side: 'ours' }],
      theirs: [{ path: refPath(kept('theirs')), side: 'theirs' }],
    },
  };
}
