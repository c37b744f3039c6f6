import path from 'node:path';
import { resolveDatabaseUrl, type Project } from '../config/load-config.js';
import { emptySchema } from '../core/model/schema.js';
import { snapshotId } from '../core/snapshot/hash.js';
import { LOCK_FILE, parseLock, type LockEntry } from '../core/plan/lock-file.js';
import { branchSyncState, type BranchSyncState } from '../core/branch/branch-sync-state.js';
import { redactUrl } from '../core/redact.js';
import { currentBranch } from '../git/current-branch.js';
import { listBranches } from '../git/branches.js';
import { readFileAtRef } from '../git/read-at-ref.js';
import { findRepo } from '../git/repo.js';
import { readBranches } from './project/branch-state.js';
import { databaseKey, readLocalState } from './project/local-state.js';
import { absolutizeSqliteUrl, unlessNoUrl } from './project/project-context.js';

export interface BranchListing {
  branch: string;
  current: boolean;
  /** Printable URL (no password), or null when the branch has no database yet. */
  database: string | null;
  /** Last `to` of flash.lock at the branch's head, read with git (no database involved). */
  expected: string;
  /** The hash Flash last left the branch's database at. */
  recorded: string | null;
  state: BranchSyncState;
}

/** Every local git branch with its database and state — from files and git objects only. */
export async function listBranchDatabases(project: Project): Promise<BranchListing[]> {
  const repo = await findRepo(project.dir);
  const [names, current, file, local] = await Promise.all([
    listBranches(repo),
    currentBranch(repo),
    readBranches(project),
    readLocalState(project.dir),
  ]);
  const provider = project.config.database.provider;
  const emptyHash = snapshotId(emptySchema(provider));
  const lockRel = path.relative(repo.root, path.join(project.migrationsDir, LOCK_FILE));
  const urls: Record<string, string> = {};
  if (file) for (const [b, e] of Object.entries(file.branches)) urls[b] = e.url;
  else if (current) {
    const configured = await unlessNoUrl(resolveDatabaseUrl(project));
    if (configured) urls[current] = configured;
  }
  return Promise.all(
    names.map(async (branch): Promise<BranchListing> => {
      const text = await readFileAtRef(repo, `refs/heads/${branch}`, lockRel);
      const chain: LockEntry[] = text === undefined ? [] : parseLock(text);
      const expected = chain.at(-1)?.to ?? emptyHash;
      const url = urls[branch];
      const recorded =
        url === undefined ? undefined : local.databases[databaseKey(absolutizeSqliteUrl(provider, url, project.dir))]?.snapshot;
      const state: BranchSyncState =
        url === undefined ? 'no db yet' : recorded === undefined ? 'drift' : branchSyncState(recorded, expected, chain, emptyHash);
      return {
        branch,
        current: branch === current,
        database: url === undefined ? null : redactUrl(url),
        expected,
        recorded: recorded ?? null,
        state,
      };
    }),
  );
}
