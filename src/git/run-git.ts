import { execFile } from 'node:child_process';
import { FlashError } from '../errors.js';

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * Run the git CLI in `cwd`. Used for writes (checkout, branch creation) and config queries, where git's
 * own semantics (hooks, sparse checkouts, worktrees, messages) must be exactly the user's git.
 * GIT_DIR/GIT_WORK_TREE are dropped so that, when called from inside a hook, `cwd` decides the repo.
 */
export function runGit(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<GitResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.GIT_DIR;
  delete childEnv.GIT_WORK_TREE;
  delete childEnv.GIT_INDEX_FILE;
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: childEnv, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof (error as NodeJS.ErrnoException).code === 'string') {
        reject(new FlashError('E_GIT', `Could not run git: ${error.message}.`, 'Install git and make sure it is on PATH.'));
        return;
      }
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({ stdout: String(stdout), stderr: String(stderr), code });
    });
  });
}

/** Like runGit but a non-zero exit is an E_GIT error carrying git's own message. */
export async function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await runGit(cwd, args, env);
  if (result.code !== 0) {
    throw new FlashError(
      'E_GIT',
      `git ${args[0]} failed: ${firstLines(result.stderr || result.stdout)}`,
      'Fix the git problem above and retry.',
      {
        data: { args, stderr: result.stderr },
      },
    );
  }
  return result.stdout;
}

/** git's message without its trailing newline, joined on one line when short. */
export function firstLines(text: string, max = 6): string {
  const lines = text
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '');
  return lines.slice(0, max).join('\n');
}
