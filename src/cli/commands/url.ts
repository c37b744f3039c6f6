import type { CliContext } from '../context.js';
import { readBranches } from '../../api/project/branch-state.js';
import { branchUrl, checkedOutBranch, readBranchesFile } from '../../api/project/branch-databases.js';
import { openProject } from '../../api/project/project-context.js';
import { loadProject, resolveDatabaseUrl } from '../../config/load-config.js';

/**
 * `flash url`: the current branch's database URL, for `export DATABASE_URL="$(flash url)"`. It follows
 * the same base URL as every other command: a `DATABASE_URL` in the environment or an edit of `.env`.
 */
export default async function url(_args: string[], _options: Record<string, unknown>, ctx: CliContext): Promise<number> {
  const project = await loadProject(ctx.cwd);
  let value: string | undefined;
  let branch: string | undefined;
  if (await readBranches(project)) {
    const pc = await openProject(project.dir);
    const file = await readBranchesFile(pc);
    branch = await checkedOutBranch(project.dir);
    if (file && branch) value = branchUrl(pc, file, branch);
  }
  value ??= await resolveDatabaseUrl(project);
  ctx.out(ctx.json ? JSON.stringify({ ok: true, branch: branch ?? null, url: value }) : value);
  return 0;
}
