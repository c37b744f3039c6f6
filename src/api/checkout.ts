import { FlashError, isFlashError } from '../errors.js';
import { findRepo } from '../git/repo.js';
import { currentBranch } from '../git/current-branch.js';
import { gitCheckout } from '../git/checkout.js';
import { loadProject } from '../config/load-config.js';
import { switchBranchDatabase, type BranchSwitchResult } from './branch-switch.js';
import { assertNoMergeInProgress } from './project/merge-state.js';
import { openProject } from './project/project-context.js';

export interface CheckoutOptions {
  branch: string;
  /** Accept data-losing reconciliation without asking. */
  yes: boolean;
  /** Ask the user (TTY only); absent → data loss is refused with E_DATA_LOSS. */
  confirm?: (question: string) => Promise<boolean>;
  /** Told when the git checkout is done and the database switch starts. */
  onDatabaseSwitch?: () => void;
  progress?: (line: string) => void;
}

export interface CheckoutResult {
  /** The branch checked out before (undefined on a detached HEAD). */
  previousBranch: string | undefined;
  /** The branch was already checked out: only its database was brought in line. */
  alreadyOn: boolean;
  switch: BranchSwitchResult;
}

/**
 * `flash checkout <branch>`: git checkout (git's own refusal on a dirty tree is reported as
 * E_DIRTY_TREE), then the database switch. The hook is silenced for this checkout: Flash switches the
 * database itself, in the foreground, where it can ask before losing data. Takes the directory rather
 * than an opened project: the project (flash.toml, the chain) is read again on the checked-out branch.
 */
export async function checkoutBranch(dir: string, opts: CheckoutOptions): Promise<CheckoutResult> {
  const { branch } = opts;
  const project = await loadProject(dir);
  const repo = await findRepo(project.dir);
  const from = await currentBranch(repo);
  await assertNoMergeInProgress(project.storeDir, { anyGitMerge: true });
  if (from !== branch) await gitCheckout(repo, branch, { env: { FLASH_SKIP_HOOKS: '1' } });
  opts.onDatabaseSwitch?.();
  try {
    const result = await switchBranchDatabase(await openProject(project.dir), {
      branch,
      ...(from ? { previousBranch: from } : {}),
      yes: opts.yes,
      ...(opts.confirm ? { confirm: opts.confirm } : {}),
      ...(opts.progress ? { progress: opts.progress } : {}),
    });
    return { previousBranch: from, alreadyOn: from === branch, switch: result };
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
