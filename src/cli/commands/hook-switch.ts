import type { CliContext } from '../context.js';
import type { GitRepo } from '../../git/repo.js';
import { previousBranch } from '../../git/branches.js';
import type { Project } from '../../config/load-config.js';
import { switchBranchDatabase } from '../../api/branch-switch.js';
import { contextFor } from '../../api/project/project-context.js';
import { printSwitch } from './print-switch.js';

/** The hook's slow path, imported only when the branch database is not already in sync. */
export async function runHookSwitch(project: Project, repo: GitRepo, branch: string, hook: string, ctx: CliContext): Promise<void> {
  // post-checkout: the branch we left owns the configured DB on first use and is the preferred copy source.
  const previous = hook === 'post-checkout' ? await previousBranch(repo) : branch;
  // Hooks run without a terminal: data loss is refused (one warning line), never asked.
  ctx.audit = {}; // the slow path runs: the switch is audited, failed or not (entry.ts)
  const result = await switchBranchDatabase(await contextFor(project), { branch, previousBranch: previous, yes: false });
  ctx.audit = { from: result.from, to: result.to };
  printSwitch(result, (line) => ctx.err(line), 'flash: ');
}
