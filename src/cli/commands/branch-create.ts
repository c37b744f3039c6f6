import type { CliContext } from '../context.js';
import { openProjects } from '../../api/project/project-context.js';
import { createBranch } from '../../api/branch-create.js';

/** `flash branch <name>`: prints what src/api's createBranch did (one line per database of a `[[databases]]` project). */
export async function createBranchCommand(name: string, ctx: CliContext, options: { schemaOnly?: boolean } = {}): Promise<number> {
  const r = await createBranch(await openProjects(ctx.cwd), name, options);
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: true, ...r }));
    return 0;
  }
  const what = r.schemaOnly ? `${r.from}'s schema, no rows: --schema-only` : `copy of ${r.from}'s, data included`;
  if (r.databases.length === 1 && r.databases[0].name === undefined) {
    ctx.out(`Switched to a new branch ${r.branch}; database ${r.database} (${what}).`);
    return 0;
  }
  ctx.out(`Switched to a new branch ${r.branch}; a database for each of ${r.databases.length} (${what}):`);
  for (const d of r.databases) ctx.out(`  ${d.name}: database ${d.database}`);
  return 0;
}
