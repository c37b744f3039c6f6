import { FlashError } from '../errors.js';
import { firstLines, runGit } from './run-git.js';
import type { GitRepo } from './repo.js';

/**
 * `git checkout <branch>` (or `-b` to create it from HEAD). `env` lets Flash's own checkout silence its
 * hook (FLASH_SKIP_HOOKS) since it switches the database itself. Git's reason for a refusal is kept
 * verbatim in the error: the user knows those messages.
 */
export async function gitCheckout(repo: GitRepo, branch: string, opts: { create?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  const args = opts.create ? ['checkout', '-b', branch] : ['checkout', branch];
  const r = await runGit(repo.root, args, opts.env);
  if (r.code === 0) return;
  const message = firstLines(r.stderr || r.stdout, 20);
  if (
    /would be overwritten|commit your changes or stash them|untracked working tree files would be|needs merge|you need to resolve your current index/i.test(
      message,
    )
  ) {
    throw new FlashError(
      'E_DIRTY_TREE',
      `git refused to check out ${branch}:\n${message}`,
      'Commit or stash your changes, then run the checkout again.',
      {
        data: { branch, git: message },
      },
    );
  }
  if (/did not match any file|invalid reference|not a valid (ref|branch)/i.test(message)) {
    throw new FlashError(
      'E_UNKNOWN_BRANCH',
      `There is no git branch "${branch}".`,
      'Create it with `flash branch <name>`, or check the name with `git branch`.',
      {
        data: { branch, git: message },
      },
    );
  }
  if (/already exists/i.test(message)) {
    throw new FlashError(
      'E_BRANCH_EXISTS',
      `A git branch named "${branch}" already exists.`,
      `Switch to it with \`flash checkout ${branch}\`.`,
      { data: { branch } },
    );
  }
  throw new FlashError('E_GIT', `git checkout ${branch} failed:\n${message}`, 'Fix the git problem above and retry.', {
    data: { branch, git: message },
  });
}
