import type { CliContext } from '../context.js';
import { loadProjects, type Project } from '../../config/load-config.js';
import { isFlashError } from '../../errors.js';
import { findRepo, type GitRepo } from '../../git/repo.js';
import { currentBranch } from '../../git/current-branch.js';
import { branchAlreadyInSync } from '../../api/project/branch-fast-path.js';
import { recordHookStamp } from '../../api/project/hook-stamp.js';
import { redactUrl } from '../../core/redact.js';

/**
 * `flash hook post-checkout <old> <new> <flag>` / `flash hook post-merge <squash>`, run by the shims.
 * Static imports are only the small readers above: when the branch's database is already at the
 * expected hash, the hook exits without loading a dialect, a driver or the diff. Whatever happens it
 * exits 0 — a hook's status becomes `git checkout`'s — printing at most one warning line, with its code.
 */
export default async function hook(args: string[], _options: Record<string, unknown>, ctx: CliContext): Promise<number> {
  const [name, ...hookArgs] = args;
  if (process.env.FLASH_SKIP_HOOKS === '1') return 0;
  if (name === 'post-checkout' && hookArgs[2] !== '1') return 0; // file checkout, not a branch switch
  if (name !== 'post-checkout' && name !== 'post-merge') return 0;
  let branch: string | undefined;
  let projects: Project[] | undefined;
  let repo: GitRepo;
  try {
    projects = await loadProjects(ctx.cwd).catch((err: unknown) => {
      if (isFlashError(err) && err.code === 'E_NO_CONFIG') return undefined; // this commit has no Flash project
      throw err;
    });
    if (!projects) return 0;
    repo = await findRepo(projects[0].dir);
    branch = await currentBranch(repo);
    if (!branch) return 0; // detached HEAD (rebase, bisect): no branch database to follow
  } catch (err) {
    if (ctx.audit) ctx.audit.failure = err;
    ctx.err(hookWarning(err, branch));
    return 0;
  }
  // Every database of the branch follows it (one per [[databases]] entry); one that fails does not stop the others.
  for (const project of projects) {
    try {
      if (name === 'post-merge') await noteDriverObjects(project.storeDir, repo.root, ctx);
      if (!(await branchAlreadyInSync(project, branch))) {
        const { runHookSwitch } = await import('./hook-switch.js');
        await runHookSwitch(project, repo, branch, name, ctx);
      }
      // The next post-checkout with these same files exits in the shim without starting Node.
      if (name === 'post-checkout') await recordHookStamp(project, branch);
    } catch (err) {
      if (ctx.audit) ctx.audit.failure = err;
      ctx.err(hookWarning(err, branch, project.database?.name));
    }
  }
  return 0;
}

export function hookWarning(err: unknown, branch: string | undefined, database?: string): string {
  const message = (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
  const retry =
    isFlashError(err) && err.code === 'E_DATA_LOSS'
      ? `flash checkout ${branch ?? '<branch>'} --yes`
      : `flash checkout ${branch ?? '<branch>'}`;
  const extra = isFlashError(err) && err.code === 'E_DATA_LOSS' ? '; the database was left on its old schema' : '';
  // The code, like every other refusal's: scripts (and the user) tell a server that is down from a switch
  // that would lose data, and an error that is not a FlashError is named as the bug it is.
  const code = isFlashError(err) ? err.code : 'E_INTERNAL';
  const which = database === undefined ? '' : `database ${database}: `;
  return `flash: warning[${code}]: ${which}${redactUrl(message)}${extra} (run \`${retry}\` to retry)`;
}

/**
 * The flash.lock merge driver re-chains theirs' migrations and may write new snapshot objects while
 * git merges; git does not add them to the merge commit. Say so, once, so they get committed.
 */
async function noteDriverObjects(storeDir: string, root: string, ctx: CliContext): Promise<void> {
  const { runGit } = await import('../../git/run-git.js');
  const path = await import('node:path');
  const rel = path.relative(root, path.join(storeDir, 'objects')) || '.';
  const r = await runGit(root, ['ls-files', '--others', '--exclude-standard', '--', rel]);
  const count = r.code === 0 ? r.stdout.split('\n').filter(Boolean).length : 0;
  if (count > 0)
    ctx.err(`flash: ${count} new snapshot object(s) from the flash.lock merge are not committed yet: git add ${rel} && git commit`);
}
