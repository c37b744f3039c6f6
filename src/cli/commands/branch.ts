import type { CliContext } from '../context.js';
import { FlashError } from '../../errors.js';
import { loadProject } from '../../config/load-config.js';

/**
 * `flash branch <name>` creates a git branch and its database; `flash branch [list]` lists;
 * `flash branch delete <name>` drops a branch's database. Each form imports only what it needs
 * (`list` never loads a driver).
 */
export default async function branch(args: string[], _options: Record<string, unknown>, ctx: CliContext): Promise<number> {
  const [first, second] = args;
  const project = await loadProject(ctx.cwd);
  if (first === undefined || first === 'list') return (await import('./branch-list.js')).listBranchesCommand(project, ctx);
  if (first === 'delete') {
    if (!second) throw new FlashError('E_USAGE', 'Which branch\'s database should be deleted?', 'Usage: flash branch delete <name> [--yes]');
    return (await import('./branch-delete.js')).deleteBranchCommand(project, second, ctx);
  }
  return (await import('./branch-create.js')).createBranchCommand(project, first, ctx);
}
