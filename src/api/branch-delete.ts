import { FlashError } from '../errors.js';
import { findRepo } from '../git/repo.js';
import { currentBranch } from '../git/current-branch.js';
import { redactUrl } from '../core/redact.js';
import { readBranches, updateBranches } from './project/branch-state.js';
import { forgetDatabase } from './project/local-state.js';
import type { ProjectContext } from './project/project-context.js';
import { databaseExists, openableUrl } from './project/branch-databases.js';

export interface BranchDeleteOptions {
  /** Drop without asking. */
  yes: boolean;
  /** Ask the user (TTY only); absent and no `yes` → refused with E_NEEDS_YES. */
  confirm?: (question: string) => Promise<boolean>;
}

export type BranchDeleteResult =
  /** The user answered no: nothing was dropped or forgotten. */
  | { outcome: 'declined'; branch: string; database: string }
  /** The branch's entry is gone; `dropped` says whether its database existed (and was dropped). */
  | { outcome: 'deleted'; branch: string; database: string; dropped: boolean };

/** Drop a branch's dev database (never the checked-out branch's); the git branch is left alone. */
export async function deleteBranch(pc: ProjectContext, name: string, opts: BranchDeleteOptions): Promise<BranchDeleteResult> {
  const dir = pc.project.dir;
  const repo = await findRepo(dir);
  if ((await currentBranch(repo)) === name) {
    throw new FlashError(
      'E_BRANCH_CHECKED_OUT',
      `${name} is checked out; Flash will not drop the database you are using.`,
      'Check out another branch first (`flash checkout <branch>`).',
    );
  }
  const file = await readBranches(pc.project);
  const entry = file?.branches[name];
  if (!file || !entry) throw new FlashError('E_UNKNOWN_BRANCH', `Branch ${name} has no Flash database.`, 'See `flash branch list`.');
  const shown = redactUrl(entry.url);
  if (!opts.yes) {
    if (!opts.confirm)
      throw new FlashError(
        'E_NEEDS_YES',
        `Dropping ${shown} (branch ${name}) deletes its data; refusing without confirmation.`,
        `Run \`flash branch delete ${name} --yes\`.`,
      );
    if (!(await opts.confirm(`Drop database ${shown} of branch ${name}, with its data?`)))
      return { outcome: 'declined', branch: name, database: shown };
  }
  const url = openableUrl(pc, entry.url);
  const existed = await databaseExists(pc, entry.url);
  if (existed) await pc.dialect.databases.drop(url);
  await forgetDatabase(dir, url);
  await updateBranches(pc.project, (current) => {
    if (current) current.branches = Object.fromEntries(Object.entries(current.branches).filter(([b]) => b !== name));
  });
  return { outcome: 'deleted', branch: name, database: shown, dropped: existed };
}
