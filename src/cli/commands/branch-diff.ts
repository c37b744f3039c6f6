import type { CliContext } from '../context.js';
import type { Project } from '../../config/load-config.js';
import { diffBranches } from '../../api/branch-diff.js';
import { openProject } from '../../api/project/project-context.js';
import { printDiff } from './diff.js';

export async function branchDiffCommand(
  project: Project,
  a: string,
  b: string,
  options: Record<string, unknown>,
  ctx: CliContext,
): Promise<number> {
  const result = await diffBranches(await openProject(project.dir), a, b);
  printDiff(result, options, ctx);
  return 0;
}
