import type { CliContext } from '../context.js';
import { openProject } from '../../api/project/project-context.js';
import { deleteBranch } from '../../api/branch-delete.js';
import { askYesNo } from '../ask-yes-no.js';

/** `flash branch delete <name>`: prints what src/api's deleteBranch did (asking first on a terminal). */
export async function deleteBranchCommand(name: string, ctx: CliContext): Promise<number> {
  const r = await deleteBranch(await openProject(ctx.cwd), name, { yes: ctx.yes, ...(ctx.interactive ? { confirm: askYesNo } : {}) });
  if (r.outcome === 'declined') {
    ctx.out('Nothing dropped.');
    return 1;
  }
  if (ctx.json) ctx.out(JSON.stringify({ ok: true, branch: r.branch, database: r.database, dropped: r.dropped }));
  else
    ctx.out(
      r.dropped ? `Dropped ${r.database} (branch ${r.branch}).` : `Forgot branch ${r.branch}; its database ${r.database} did not exist.`,
    );
  return 0;
}
