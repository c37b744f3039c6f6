import { FlashError } from '../errors.js';
import { git, runGit } from './run-git.js';
import type { GitRepo } from './repo.js';

/** Local branch names. */
export async function listBranches(repo: GitRepo): Promise<string[]> {
  const out = await git(repo.root, ['for-each-ref', '--format=%(refname:short)', 'refs/heads']);
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export async function branchExists(repo: GitRepo, name: string): Promise<boolean> {
  return (await runGit(repo.root, ['show-ref', '--verify', '--quiet', `refs/heads/${name}`])).code === 0;
}

export async function assertValidBranchName(repo: GitRepo, name: string): Promise<void> {
  if ((await runGit(repo.root, ['check-ref-format', '--branch', name])).code !== 0) {
    throw new FlashError('E_USAGE', `"${name}" is not a valid git branch name.`, 'See `git check-ref-format --help`.');
  }
}

/** The branch checked out before the current one (`@{-1}`), from the reflog; undefined if unknown. */
export async function previousBranch(repo: GitRepo): Promise<string | undefined> {
  const r = await runGit(repo.root, ['rev-parse', '--symbolic-full-name', '@{-1}']);
  const m = r.stdout.trim().match(/^refs\/heads\/(.+)$/);
  return r.code === 0 && m ? m[1] : undefined;
}

/** Best merge base of two commits/refs, or undefined when they share no history. */
export async function mergeBase(repo: GitRepo, a: string, b: string): Promise<string | undefined> {
  const r = await runGit(repo.root, ['merge-base', a, b]);
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** Whether `file` (relative to `cwd`) is tracked by git. */
export async function isTracked(cwd: string, file: string): Promise<boolean> {
  return (await runGit(cwd, ['ls-files', '--error-unmatch', '--', file])).code === 0;
}
