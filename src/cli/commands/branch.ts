import type { CliContext } from '../context.js';
import { loadProject } from '../../config/load-config.js';

/**
 * `flash branch <name>` / `branch create <name>` creates a git branch and its database; `flash branch
 * [list]` lists; `branch delete <name>` drops a branch's database; `branch diff <a> <b>` compares two
 * branches' expected schemas. main.ts passes the subcommand first (commander checked the arity).
 * Each form imports only what it needs (`list` never loads a driver).
 */
export default async function branch(args: string[], options: Record<string, unknown>, ctx: CliContext): Promise<number> {
  const [first, second, third] = args;
  if (!first || first === 'list') return (await import('./branch-list.js')).listBranchesCommand(await loadProject(ctx.cwd), ctx);
  if (first === 'delete') return (await import('./branch-delete.js')).deleteBranchCommand(second, ctx);
  if (first === 'diff')
    return (await import('./branch-diff.js')).branchDiffCommand(await loadProject(ctx.cwd), second, third, options, ctx);
  // `branch create <name>`, or the short `branch <name>` (commander routes known subcommand names away).
  return (await import('./branch-create.js')).createBranchCommand(first === 'create' ? second : first, ctx, {
    schemaOnly: options.schemaOnly === true,
  });
}
