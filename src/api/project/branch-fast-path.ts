import path from 'node:path';
import type { Project } from '../../config/load-config.js';
import { emptySchema } from '../../core/model/schema.js';
import { snapshotId } from '../../core/snapshot/hash.js';
import { LOCK_FILE } from '../../core/plan/lock-file.js';
import { lockTailHash } from '../../core/branch/lock-tail.js';
import { writeManagedLine } from '../../core/branch/env-managed-line.js';
import { readBranches, type BranchDatabase } from './branch-state.js';
import { databaseKey, readLocalState, type DatabaseState } from './local-state.js';
import { absolutizeSqliteUrl } from './sqlite-path.js';
import { publishUrl, readEnvFile, readUserUrl } from './env-file.js';
import { readTextIfExists } from '../../store/read-if-exists.js';

/**
 * The git hook's fast path: everything here reads small files only — flash.lock from the work tree
 * (the new HEAD is already checked out), `.flash/local/branches.json` and `state.json`. When the
 * branch's database is recorded at the expected hash, the hook is done without loading any driver;
 * at most `.env` is re-pointed (still no driver). A URL the user changed (an edit of `.env`, or an
 * environment override) is left to the slow path, which carries it into the branch URLs.
 */
export async function branchAlreadyInSync(project: Project, branch: string): Promise<boolean> {
  const url = await inSyncBranchUrl(project, branch, process.env);
  if (url === undefined) return false;
  await publishUrl(project.dir, project.config.database.url_env, url, branch);
  return true;
}

/**
 * True when a hook on `branch` has nothing at all to do: the database is in sync and `.env` already
 * points at it. Reads only; the POSIX-sh fast path of the hook shim trusts a stamp written from this
 * answer (hook-stamp.ts), so it must be exactly the hook's "no work" case.
 */
export async function hookHasNothingToDo(project: Project, branch: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const url = await inSyncBranchUrl(project, branch, env);
  if (url === undefined) return false;
  const before = (await readEnvFile(project.dir)) ?? '';
  return writeManagedLine(before, project.config.database.url_env, url, branch) === before;
}

/** The branch database's URL when it is recorded at the hash flash.lock expects; undefined when the slow path must look. */
async function inSyncBranchUrl(project: Project, branch: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const branches = await readBranches(project);
  const entry = branches?.branches[branch];
  if (!entry) return undefined;
  const user = await readUserUrl(project.dir, project.config.database.url_env, env);
  // indexed by names from files: any of them may be missing
  const byBranch: Partial<Record<string, BranchDatabase>> = branches.branches;
  if (user) {
    const known =
      user.branch !== undefined
        ? byBranch[user.branch]?.url === user.url
        : Object.values(branches.branches).some((e) => e.url === user.url);
    if (!known) return undefined;
  }
  const lockText = await readTextIfExists(path.join(project.migrationsDir, LOCK_FILE));
  const provider = project.config.database.provider;
  const expected = (lockText === undefined ? undefined : lockTailHash(lockText)) ?? snapshotId(emptySchema(provider));
  const databases: Partial<Record<string, DatabaseState>> = (await readLocalState(project.dir)).databases;
  const recorded = databases[databaseKey(absolutizeSqliteUrl(provider, entry.url, project.dir))]?.snapshot;
  return recorded === expected ? entry.url : undefined;
}
