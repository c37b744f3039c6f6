import type { CliContext } from '../context.js';
import { openProject } from '../../api/project/project-context.js';
import { createBranch } from '../../api/branch-create.js';

/** `flash branch <name>`: prints what src/api's createBranch did. */
export async function createBranchCommand(name: string, ctx: CliContext, options: { schemaOnly?: boolean } = {}): Promise<number> {
  const r = await createBranch(await openProject(ctx.cwd), name, options);
  if (ctx.json) ctx.out(JSON.stringify({ ok: true, ...r }));
  else if (r.schemaOnly)
    ctx.out(`Switched to a new branch ${r.branch}; database ${r.database} (${r.from}'s schema, no rows: --schema-only).`);
  else ctx.out(`Switched to a new branch ${r.branch}; database ${r.database} (copy of ${r.from}'s, data included).`);
  return 0;
}
