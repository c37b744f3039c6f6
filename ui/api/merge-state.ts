import { readMergeConflicts as readConflictsFile } from '../../src/api/project/merge-state.js';
import { resolveMerge } from '../../src/api/resolve.js';
import type { MergeConflict } from '../../src/core/merge/merge-conflict.js';
import type { ProjectContext } from '../../src/api/project/project-context.js';
import type { ActionResult, ConflictItem, ConflictSet, ResolutionChoice } from '../data-source.js';

/** The conflicts (then the warnings) of a stopped `flash merge`, from `.flash/MERGE_CONFLICTS.json`; none when no merge is waiting. */
export async function readMergeConflicts(pc: ProjectContext): Promise<ConflictSet> {
  const state = await readConflictsFile(pc.store.root);
  if (!state) return { items: [] };
  const item = (c: MergeConflict): ConflictItem => {
    const resolved = state.resolutions[c.path];
    return {
      code: c.code,
      kind: c.kind,
      path: c.path,
      message: c.message,
      ...(c.objectKind ? { objectKind: c.objectKind } : {}),
      base: c.base,
      ours: c.ours,
      theirs: c.theirs,
      resolutions: [...c.resolutions],
      ...(resolved ? { resolved } : {}),
    };
  };
  return { merging: state.branch, items: [...state.conflicts.map(item), ...state.warnings.map(item)] };
}

/**
 * Record one resolution through `flash resolve`'s API. The last one regenerates the merge migration,
 * rewrites the lock and commits the merge, exactly as `flash resolve <path> --<choice>` would.
 */
export async function resolveMergeConflict(pc: ProjectContext, conflictPath: string, choice: ResolutionChoice): Promise<ActionResult> {
  const report = await resolveMerge(pc, { [conflictPath]: choice });
  if (!report.finished) return { notes: [`${conflictPath}: kept ${choice}; ${report.remaining.length} conflict(s) left`] };
  return {
    notes: [
      `all conflicts resolved; wrote ${report.migration}`,
      ...report.notes,
      report.committed ? 'committed the merge' : 'commit the merge with `git commit`',
    ],
  };
}
