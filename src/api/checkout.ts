import { FlashError, isFlashError } from '../errors.js';
import { findRepo } from '../git/repo.js';
import { currentBranch } from '../git/current-branch.js';
import { gitCheckout } from '../git/checkout.js';
import { loadProjects } from '../config/load-config.js';
import { switchBranchDatabase, type BranchSwitchResult } from './branch-switch.js';
import { assertNoMergeInProgress } from './project/merge-state.js';
import { openProjects } from './project/project-context.js';
import { recordHookStamp } from './project/hook-stamp.js';

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
  /** Every database's switch (one per `[[databases]]` entry; `name` undefined in a single-database project). */
  databases: Array<{ name?: string; switch: BranchSwitchResult }>;
}

/**
 * `flash checkout <branch>`: git checkout (git's own refusal on a dirty tree is reported as
 * E_DIRTY_TREE), then the database switch. The hook is silenced for this checkout: Flash switches the
 * database itself, in the foreground, where it can ask before losing data. Takes the directory rather
 * than an opened project: the project (flash.toml, the chain) is read again on the checked-out branch.
 */
export async function checkoutBranch(dir: string, opts: CheckoutOptions): Promise<CheckoutResult> {
  const { branch } = opts;
  const projects = await loadProjects(dir);
  const repo = await findRepo(projects[0].dir);
  const from = await currentBranch(repo);
  for (const project of projects) await assertNoMergeInProgress(project.storeDir, { anyGitMerge: true });
  if (from !== branch) await gitCheckout(repo, branch, { env: { FLASH_SKIP_HOOKS: '1' } });
  opts.onDatabaseSwitch?.();
  // Read again on the checked-out branch (its flash.toml, its chains). Every database is switched, even
  // after one fails: each is independent, and the user gets as far as can be got.
  const databases: CheckoutResult['databases'] = [];
  let failure: { name: string | undefined; err: unknown } | undefined;
  for (const pc of await openProjects(projects[0].dir)) {
    const name = pc.project.database?.name;
    try {
      const result = await switchBranchDatabase(pc, {
        branch,
        ...(from ? { previousBranch: from } : {}),
        yes: opts.yes,
        ...(opts.confirm ? { confirm: opts.confirm } : {}),
        ...(opts.progress ? { progress: opts.progress } : {}),
      });
      databases.push({ ...(name !== undefined ? { name } : {}), switch: result });
    } catch (err) {
      failure ??= { name, err };
    }
  }
  if (failure) throw checkoutFailure(branch, from, failure.name, failure.err);
  // The database is where the hook would have left it: the next post-checkout with these same files
  // (a `git checkout` back and forth) can answer in the shim, as after a hook's own switch.
  for (const project of projects) await recordHookStamp(project, branch);
  return { previousBranch: from, alreadyOn: from === branch, switch: databases[0].switch, databases };
}

function checkoutFailure(branch: string, from: string | undefined, database: string | undefined, err: unknown): unknown {
  if (from === branch || !isFlashError(err)) return err;
  // The git checkout stays done: say so, and how to finish.
  const which = database === undefined ? 'its database was' : `its database ${database} was`;
  return new FlashError(
    err.code,
    `Checked out ${branch}, but ${which} left on the old schema: ${err.message.replace(/\.$/, '')}.`,
    err.code === 'E_DATA_LOSS'
      ? `Run \`flash checkout ${branch} --yes\` to accept the data loss and finish the switch.`
      : `${err.hint ? err.hint + ' Then run' : 'Run'} \`flash checkout ${branch}\` to finish the switch.`,
    { exitCode: err.exitCode, ...(err.data ? { data: err.data } : {}) },
  );
}
