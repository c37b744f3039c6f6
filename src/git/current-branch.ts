import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { GitRepo } from './repo.js';

/** The checked-out branch name, or undefined when HEAD is detached. Reads `HEAD` directly (fast path). */
export async function currentBranch(repo: GitRepo): Promise<string | undefined> {
  const head = (await fs.readFile(path.join(repo.gitDir, 'HEAD'), 'utf8')).trim();
  const m = head.match(/^ref:\s*refs\/heads\/(.+)$/);
  return m ? m[1] : undefined;
}
