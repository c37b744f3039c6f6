import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import { statIfExists } from '../store/read-if-exists.js';

export interface GitRepo {
  /** Work tree root. */
  root: string;
  /** The repository's git dir (for a linked worktree: that worktree's private dir). */
  gitDir: string;
  /** Where refs/heads and objects live (differs from gitDir only in linked worktrees). */
  commonDir: string;
}

/**
 * Find the repository containing `dir` by walking up to a `.git` entry — no git process, because the
 * hook's fast path calls this on every checkout. Handles `.git` files (worktrees, submodules).
 */
export async function findRepo(dir: string): Promise<GitRepo> {
  let current = path.resolve(dir);
  for (;;) {
    const dotGit = path.join(current, '.git');
    const stat = await statIfExists(dotGit);
    if (stat?.isDirectory()) return { root: current, gitDir: dotGit, commonDir: dotGit };
    if (stat?.isFile()) {
      const text = await fs.readFile(dotGit, 'utf8');
      const m = text.match(/^gitdir:\s*(.+)$/m);
      if (m) {
        const gitDir = path.resolve(current, m[1].trim());
        // A linked worktree has `commondir`; its absence (ENOENT) means gitDir is the common dir. Other errors surface.
        const common = await fs.readFile(path.join(gitDir, 'commondir'), 'utf8').catch((err: unknown) => {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
          throw err;
        });
        return { root: current, gitDir, commonDir: common ? path.resolve(gitDir, common.trim()) : gitDir };
      }
    }
    const parent = path.dirname(current);
    if (parent === current) {
      throw new FlashError(
        'E_NOT_GIT',
        `${path.resolve(dir)} is not inside a git repository.`,
        'Per-branch databases follow git branches: run `git init` first (or pass --cwd <project in a repo>).',
      );
    }
    current = parent;
  }
}
