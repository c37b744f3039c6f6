import { ExitCode } from '../src/errors.js';
import { createApiDataSource } from './api-data-source.js';
import { renderConflicts } from './render-conflicts.js';

/**
 * `flash resolve` (and `flash merge` stopping on conflicts) in a terminal: walk the conflicts on the
 * conflict screen, then exit like the non-interactive commands — 3 while any conflict is still open.
 */
export async function runConflictResolution(cwd: string, color: boolean): Promise<number> {
  const source = createApiDataSource(cwd);
  await renderConflicts({ source, color });
  const open = (await source.conflicts()).items.filter((c) => c.resolutions.length > 0 && !c.resolved);
  return open.length ? ExitCode.conflict : ExitCode.ok;
}
