import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../../errors.js';
import { atomicWrite } from '../../store/atomic-write.js';
import { ensureLocalDirIgnored } from './gitignore.js';
import { localDir, type LocalOwner } from './local-dir.js';
import { withFileLock } from '../../store/locked-update.js';

/**
 * `.flash/local/branches.json` (git-ignored): which dev database backs which git branch. The hash each
 * database is at lives in `.flash/local/state.json` (local-state.ts), keyed by URL, because `apply`,
 * `down` and `reset` update it without knowing about branches.
 */
export interface BranchesFile {
  version: 1;
  /** The URL the user configured before Flash managed it: the database of `homeBranch`. */
  configuredUrl: string;
  /** The branch that owns the configured database (the one checked out when Flash first recorded it). */
  homeBranch: string;
  branches: Record<string, BranchDatabase>;
}

export interface BranchDatabase {
  /** Exactly what goes into `.env` (SQLite: `file:./.flash/local/db/x.db`, relative to the project). */
  url: string;
  /** Branch whose database this one was copied from, for `branch list`. */
  copiedFrom?: string;
  createdAt: string;
}

/**
 * Whose branch map: a project, narrowed to one database in a `[[databases]]` project. Each database has
 * its own map (`.flash/local/databases/<name>/branches.json`): the same git branch is backed by one
 * database per entry, each copied, switched and dropped on its own server.
 */
export type BranchesOwner = LocalOwner;

export function branchesPath(owner: BranchesOwner): string {
  return path.join(localDir(owner), 'branches.json');
}

export async function readBranches(owner: BranchesOwner): Promise<BranchesFile | undefined> {
  const projectDir = owner.dir;
  let text: string;
  try {
    text = await fs.readFile(branchesPath(owner), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as BranchesFile;
    if (parsed.version !== 1 || typeof parsed.branches !== 'object' || typeof parsed.configuredUrl !== 'string') throw new Error('shape');
    return parsed;
  } catch {
    throw new FlashError(
      'E_CONFIG_INVALID',
      `${path.relative(projectDir, branchesPath(owner))} is not valid.`,
      'It is local state: delete it and run `flash checkout <current branch>` to rebuild the mapping (databases are not dropped).',
    );
  }
}

export async function writeBranches(owner: BranchesOwner, file: BranchesFile): Promise<void> {
  await ensureLocalDirIgnored(owner.dir);
  const target = branchesPath(owner);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await atomicWrite(target, JSON.stringify(file, null, 2) + '\n');
}

/**
 * Read-modify-write of branches.json under a cross-process lock (two hooks at once must not drop each
 * other's branch). `change` gets the current file (undefined when there is none yet) and changes it in
 * place or returns the file to write. Returns what is on disk afterwards.
 */
export async function updateBranches(
  owner: BranchesOwner,
  change: (file: BranchesFile | undefined) => BranchesFile | undefined | void,
): Promise<BranchesFile | undefined> {
  return withFileLock(branchesPath(owner), async () => {
    const current = await readBranches(owner);
    const next = change(current) ?? current;
    if (next) await writeBranches(owner, next);
    return next;
  });
}

export function newBranchesFile(configuredUrl: string, homeBranch: string): BranchesFile {
  return { version: 1, configuredUrl, homeBranch, branches: { [homeBranch]: { url: configuredUrl, createdAt: new Date().toISOString() } } };
}
