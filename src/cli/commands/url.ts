import type { CliContext } from '../context.js';
import { loadProject, resolveDatabaseUrl } from '../../config/load-config.js';
import { readBranches } from '../../api/branch-state.js';
import { findRepo } from '../../git/repo.js';
import { currentBranch } from '../../git/current-branch.js';

/** `flash url`: the current branch's database URL, for `export DATABASE_URL="$(flash url)"`. */
export default async function url(_args: string[], _options: Record<string, unknown>, ctx: CliContext): Promise<number> {
  const project = await loadProject(ctx.cwd);
  const branches = await readBranches(project.dir);
  let value: string | undefined;
  let branch: string | undefined;
  if (branches) {
    branch = await currentBranch(await findRepo(project.dir)).catch(() => undefined);
    if (branch) value = branches.branches[branch]?.url;
  }
  value ??= await resolveDatabaseUrl(project);
  ctx.out(ctx.json ? JSON.stringify({ ok: true, branch: branch ?? null, url: value }) : value);
  return 0;
}
