import type { MergeConflict, Resolution, Side } from './merge-conflict.js';
import type { SchemaIndex } from './schema-index.js';

/** A decision imposed on one object's path: take that side's version of it (possibly "absent"). */
export interface Force {
  path: string;
  side: Side;
}

/**
 * A conflict between objects (a dependency on something dropped, two objects sharing a name). Settling
 * it means forcing other paths — keep the dropped object, or drop the new dependent — so each
 * resolution lists the forces it implies and the merge is rerun with them.
 */
export interface CrossConflict {
  conflict: MergeConflict;
  forces: Partial<Record<Resolution, Force[]>>;
}

export interface MergeSides {
  base: SchemaIndex;
  ours: SchemaIndex;
  theirs: SchemaIndex;
  merged: SchemaIndex;
}
