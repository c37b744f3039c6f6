import path from 'node:path';
import { git } from './run-git.js';
import type { GitRepo } from './repo.js';

/**
 * The directory git runs hooks from: `core.hooksPath` when set (relative paths are relative to the work
 * tree root, as git resolves them — husky sets `.husky` or `.husky/_`), else `<common git dir>/hooks`.
 * Asking git itself keeps every rule (worktrees, absolute/relative hooksPath) exactly git's.
 */
export async function hooksDir(repo: GitRepo): Promise<string> {
  const out = (await git(repo.root, ['rev-parse', '--git-path', 'hooks'])).trim();
  return path.resolve(repo.root, out);
}
