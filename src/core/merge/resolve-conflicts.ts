import { FlashError } from '../../errors.js';
import type { Schema } from '../model/schema.js';
import { describeConflict, type MergeConflict, type MergeTraits, type Resolution } from './merge-conflict.js';
import { mergeSchemas } from './merge-schemas.js';

export interface MergeInputs {
  base: Schema;
  ours: Schema;
  theirs: Schema;
  traits: MergeTraits;
}

/**
 * The merged schema once every conflict has a resolution (pure), for `flash resolve` and the TUI.
 * Throws E_USAGE for a path that is not a conflict or a resolution it does not offer, and E_CONFLICT
 * (data: the remaining conflicts) when some are still open.
 */
export function resolveConflicts(inputs: MergeInputs, resolutions: Record<string, Resolution>): Schema {
  const { base, ours, theirs, traits } = inputs;
  const before = mergeSchemas(base, ours, theirs, { traits });
  const after = mergeSchemas(base, ours, theirs, { traits, resolutions });
  const offered = new Map<string, Resolution[]>();
  for (const c of [...conflictsOf(before), ...conflictsOf(after)]) offered.set(c.path, c.resolutions);
  for (const [path, resolution] of Object.entries(resolutions)) {
    const allowed = offered.get(path);
    if (!allowed) {
      throw new FlashError(
        'E_USAGE',
        `There is no merge conflict at "${path}".`,
        'Use a path listed in .flash/MERGE_CONFLICTS.json or by flash merge.',
      );
    }
    if (!allowed.includes(resolution)) {
      throw new FlashError(
        'E_USAGE',
        `The conflict at "${path}" cannot be resolved with --${resolution}.`,
        `Choose one of: ${allowed.map((r) => `--${r}`).join(', ')}.`,
      );
    }
  }
  if (!after.ok) {
    const open = after.conflicts;
    throw new FlashError(
      'E_CONFLICT',
      `${open.length} merge conflict${open.length === 1 ? '' : 's'} still open: ${open.map((c) => c.path).join(', ')}.`,
      'Resolve each with flash resolve <path> --ours or --theirs.',
      { data: { conflicts: open, lines: open.map(describeConflict) } },
    );
  }
  return after.merged;
}

function conflictsOf(result: ReturnType<typeof mergeSchemas>): MergeConflict[] {
  return result.ok ? [] : result.conflicts;
}
