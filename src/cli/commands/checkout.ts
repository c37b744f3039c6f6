import type { CliContext } from '../context.js';
import { FlashError, isFlashError } from '../../errors.js';
import { loadProject } from '../../config/load-config.js';
import { findRepo } from '../../git/repo.js';
import { currentBranch } from '../../git/current-branch.js';
import { gitCheckout } from '../../git/checkout.js';
import { switchBranchDatabase } from '../../api/branch-switch.js';
import { assertNoMergeInProgress } from '../../api/merge-state.js';
import { askYesNo } from '../ask-yes-no.js';
import { printSwitch } from './print-switch.js';

/**
 * `flash checkout <branch> [--yes]`: git checkout (git's own refusal on a dirty tree is reported as
 * E_DIRTY_TREE), then the database switch. The hook is silenced for this checkout: Flash switches the
 * database itself, in the foreground, where it can ask before losing data.
 */
export default async function checkout(args: string[], _options: Record<string, unknown>, ctx: CliContext): Promise<number> {
  const branch = args[0];
  if (!branch) throw new FlashError('E_USAGE', 'Which branch?', 'Usage: flash checkout <branch> [--yes]');
  const project = await loadProject(ctx.cwd);
  const repo = await findRepo(project.dir);
  const from = await currentBranch(repo);
  await assertNoMergeInProgress(project.storeDir);
  if (from !== branch) await gitCheckout(repo, branch, { env: { FLASH_SKIP_HOOKS: '1' } });
  try {
    const result = await switchBranchDatabase(project.dir, {
      branch,
      ...(from ? { previousBranch: from } : {}),
      yes: ctx.yes,
      ...(ctx.interactive ? { confirm: askYesNo } : {}),
      progress: ctx.json ? undefined : (line) => ctx.err(line),
    });
    ctx.audit = { from: result.from, to: result.to };
    if (ctx.json) ctx.out(JSON.stringify({ ok: true, ...result }));
    else {
      ctx.out(from === branch ? `Already on ${branch}; database ${result.database}` : `Switched to ${branch}; database ${result.database}`);
      printSwitch(result, ctx.out);
      if (!result.created && result.action === 'none') ctx.out('schema already matches the branch');
    }
    return 0;
  } catch (err) {
    if (from === branch || !isFlashError(err)) throw err;
    // The git checkout stays done: say so, and how to finish.
    throw new FlashError(
      err.code,
      `Checked out ${branch}, but its database was left on the old schema: ${err.message.replace(/\.$/, '')}.`,
      err.code === 'E_DATA_LOSS'
        ? `Run \`flash checkout ${branch} --yes\` to accept the data loss and finish the switch.`
        : `${err.hint ? err.hint + ' Then run' : 'Run'} \`flash checkout ${branch}\` to finish the switch.`,
      { exitCode: err.exitCode, ...(err.data ? { data: err.data } : {}) },
    );
  }
}
