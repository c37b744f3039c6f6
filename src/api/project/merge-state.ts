import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../../errors.js';
import type { MergeConflict, Resolution } from '../../core/merge/merge-conflict.js';
import type { LockEntry } from '../../core/plan/lock-file.js';
import { atomicWrite } from '../../store/atomic-write.js';
import { findRepo } from '../../git/repo.js';

/**
 * `.flash/MERGE_CONFLICTS.json`: everything `flash resolve` and the TUI need to finish a stopped merge.
 * It belongs to one git merge: `theirs.commit` is that merge's MERGE_HEAD. Once git no longer has
 * that merge in progress (`git merge --abort`, a commit, a new merge) the file is stale and is
 * discarded on the next read, so nothing acts on a merge that is gone.
 */
export interface MergeConflictsFile {
  version: 1;
  branch: string;
  base: { commit: string; hash: string; lock: LockEntry[] };
  ours: { commit: string; hash: string; lock: LockEntry[] };
  theirs: { commit: string; hash: string; lock: LockEntry[] };
  conflicts: MergeConflict[];
  warnings: MergeConflict[];
  resolutions: Record<string, Resolution>;
}

export const MERGE_CONFLICTS_FILE = 'MERGE_CONFLICTS.json';

export function mergeConflictsPath(storeDir: string): string {
  return path.join(storeDir, MERGE_CONFLICTS_FILE);
}

export async function readMergeConflicts(storeDir: string): Promise<MergeConflictsFile | undefined> {
  let state: MergeConflictsFile;
  try {
    state = JSON.parse(await fs.readFile(mergeConflictsPath(storeDir), 'utf8')) as MergeConflictsFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new FlashError(
      'E_UNREADABLE',
      `${MERGE_CONFLICTS_FILE} is unreadable: ${(err as Error).message}`,
      'Abort with `git merge --abort` and run `flash merge` again.',
    );
  }
  if ((await mergeHead(storeDir)) === state.theirs?.commit) return state;
  await clearMergeConflicts(storeDir);
  return undefined;
}

/** The commit git is merging in (MERGE_HEAD), or undefined when no merge is in progress. */
export async function mergeHead(dir: string): Promise<string | undefined> {
  const repo = await findRepo(dir);
  try {
    return (await fs.readFile(path.join(repo.gitDir, 'MERGE_HEAD'), 'utf8')).split('\n')[0].trim() || undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Commands that change a database or the chain (apply, down, migrate, checkout) refuse while a Flash
 * merge waits for resolutions: theirs' migrations are in the work tree but not yet re-chained, so
 * applying them would put the database on a history that may never exist, and would leave files
 * `git merge --abort` cannot restore.
 */
export async function assertNoMergeInProgress(storeDir: string, options: { anyGitMerge?: boolean } = {}): Promise<void> {
  const state = await readMergeConflicts(storeDir);
  if (!state) {
    if (options.anyGitMerge) await assertNoGitMerge(storeDir);
    return;
  }
  const open = state.conflicts.filter((c) => !state.resolutions[c.path]).map((c) => c.path);
  throw new FlashError(
    'E_MERGE_IN_PROGRESS',
    `A Flash merge of ${state.branch} is unresolved${open.length ? ` (${open.length} open conflict(s): ${open.slice(0, 3).join(', ')}${open.length > 3 ? ', …' : ''})` : ''}.`,
    'Finish it with `flash resolve <path> --ours|--theirs` (or the TUI), or abort it with `git merge --abort`.',
  );
}

/**
 * Commands that change a database (apply, down, checkout) also refuse while git has any merge in
 * progress, Flash's or not: the work tree holds a merged history nobody committed (a plain `git merge`
 * stopped on a text conflict, with a lock the merge driver could not verify), and sealing or applying
 * it would leave files `git merge --abort` cannot restore. `flash migrate` stays allowed: generating
 * the migration of a hand-made merge is part of finishing it.
 */
async function assertNoGitMerge(storeDir: string): Promise<void> {
  const head = await mergeHead(storeDir).catch((err: unknown) => {
    // apply and down work in a project that is not a git repository: no git, no merge.
    if (err instanceof FlashError && err.code === 'E_NOT_GIT') return undefined;
    throw err;
  });
  if (!head) return;
  throw new FlashError(
    'E_MERGE_IN_PROGRESS',
    `git has a merge of ${head.slice(0, 12)} in progress; Flash changes databases only from a committed history.`,
    'Finish the merge (resolve the files, `git commit`) or abort it with `git merge --abort`.',
  );
}

export async function writeMergeConflicts(storeDir: string, state: MergeConflictsFile): Promise<void> {
  await atomicWrite(mergeConflictsPath(storeDir), JSON.stringify(state, null, 2) + '\n');
}

export async function clearMergeConflicts(storeDir: string): Promise<void> {
  await fs.rm(mergeConflictsPath(storeDir), { force: true });
}
