import path from 'node:path';
import type { Project } from '../config/load-config.js';
import { emptySchema } from '../core/model/schema.js';
import { snapshotId } from '../core/snapshot/hash.js';
import { LOCK_FILE } from '../core/plan/lock-file.js';
import { lockTailHash } from '../core/branch/lock-tail.js';
import { readBranches } from './branch-state.js';
import { databaseKey, readLocalState } from './local-state.js';
import { absolutizeSqliteUrl } from './sqlite-path.js';
import { publishUrl, readUserUrl } from './env-file.js';
import { readTextIfExists } from '../store/read-if-exists.js';

/**
 * The git hook's fast path: everything here reads small files only — flash.lock from the work tree
 * (the new HEAD is already checked out), `.flash/local/branches.json` and `state.json`. When the
 * branch's database is recorded at the expected hash, the hook is done without loading any driver;
 * at most `.env` is re-pointed (still no driver). A URL the user changed (an edit of `.env`, or an
 * environment override) is left to the slow path, which carries it into the branch URLs.
 */
export async function branchAlreadyInSync(project: Project, branch: string): Promise<boolean> {
  const branches = await readBranches(project.dir);
  const entry = branches?.branches[branch];
  if (!entry) return false;
  const user = await readUserUrl(project.dir, project.config.database.url_env, process.env);
  if (user) {
    const known =
      user.branch !== undefined
        ? branches.branches[user.branch]?.url === user.url
        : Object.values(branches.branches).some((e) => e.url === user.url);
    if (!known) return false;
  }
  const lockText = await readTextIfExists(path.join(project.migrationsDir, LOCK_FILE));
  const provider = project.config.database.provider;
  const expected = (lockText === undefined ? undefined : lockTailHash(lockText)) ?? snapshotId(emptySchema(provider));
  const state = await readLocalState(project.dir);
  const recorded = state.databases[databaseKey(absolutizeSqliteUrl(provider, entry.url, project.dir))]?.snapshot;
  if (recorded !== expected) return false;
  await publishUrl(project.dir, project.config.database.url_env, entry.url, branch);
  return true;
}
