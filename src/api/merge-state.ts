import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import type { MergeConflict, Resolution } from '../core/merge/merge-conflict.js';
import type { LockEntry } from '../core/plan/lock-file.js';
import { atomicWrite } from '../store/atomic-write.js';

/** `.flash/MERGE_CONFLICTS.json`: everything `flash resolve` and the TUI need to finish a stopped merge. */
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
  try {
    return JSON.parse(await fs.readFile(mergeConflictsPath(storeDir), 'utf8')) as MergeConflictsFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new FlashError('E_USAGE', `${MERGE_CONFLICTS_FILE} is unreadable: ${(err as Error).message}`, 'Abort with `git merge --abort` and run `flash merge` again.');
  }
}

export async function writeMergeConflicts(storeDir: string, state: MergeConflictsFile): Promise<void> {
  await atomicWrite(mergeConflictsPath(storeDir), JSON.stringify(state, null, 2) + '\n');
}

export async function clearMergeConflicts(storeDir: string): Promise<void> {
  await fs.rm(mergeConflictsPath(storeDir), { force: true });
}
