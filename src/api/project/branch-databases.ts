import { promises as fs } from 'node:fs';
import path from 'node:path';
import { resolveDatabaseUrl } from '../../config/load-config.js';
import { providerTraits } from '../../config/provider-traits.js';
import { FlashError } from '../../errors.js';
import { findRepo } from '../../git/repo.js';
import { currentBranch } from '../../git/current-branch.js';
import { isFlashError } from '../../errors.js';
import { newBranchesFile, readBranches, updateBranches, type BranchesFile } from './branch-state.js';
import { branchUrl as urlOfBranch, followUserUrl } from './branch-urls.js';
import { branchDatabaseProblem } from './branch-readiness.js';
import { readUserUrl } from './env-file.js';
import { databaseKey, readLocalState, recordDatabaseSnapshot } from './local-state.js';
import type { ProjectContext } from './project-context.js';
import { absolutizeSqliteUrl } from './sqlite-path.js';

/**
 * `.flash/local/branches.json` as the user's URL says (branch-urls.ts): an edit of `.env` is the
 * user's new base and is written back, so the next checkout keeps it; an environment override holds
 * for this process only. Undefined when Flash does not manage branch databases in this project yet.
 */
export async function readBranchesFile(pc: ProjectContext): Promise<BranchesFile | undefined> {
  const file = await readBranches(pc.project);
  if (!file) return undefined;
  const user = await readUserUrl(pc.project.dir, pc.project.config.database.url_env, pc.env);
  if (!user) return file;
  const next = followUserUrl(pc, file, user);
  if (next === file || user.source === 'environment') return next;
  return (await updateBranches(pc.project, (current) => (current ? followUserUrl(pc, current, user) : current))) ?? next;
}

/**
 * The branch → database map, created on first use: the branch checked out then owns the configured
 * URL — `.env`'s (the one that persists), else the environment's.
 */
export async function ensureBranchesFile(pc: ProjectContext, homeBranch: string): Promise<BranchesFile> {
  const existing = await readBranchesFile(pc);
  if (existing) return existing;
  const urlEnv = pc.project.config.database.url_env;
  const configured = (await readUserUrl(pc.project.dir, urlEnv, {}))?.url ?? (await resolveDatabaseUrl(pc.project, pc.env));
  await updateBranches(pc.project, (current) => current ?? newBranchesFile(configured, homeBranch));
  return (await readBranchesFile(pc))!;
}

/** Where a branch's database is: the base URL for the home branch, `<db>__<slug>` or a file otherwise. */
export function branchUrl(pc: ProjectContext, file: BranchesFile, branch: string): string {
  return urlOfBranch(pc, file, branch);
}

/** The checked-out branch, or undefined when HEAD is detached or the project is not in a git repository. */
export async function checkedOutBranch(projectDir: string): Promise<string | undefined> {
  try {
    return await currentBranch(await findRepo(projectDir));
  } catch (err) {
    if (isFlashError(err) && err.code === 'E_NOT_GIT') return undefined;
    throw err;
  }
}

/**
 * The database a command works on. When Flash manages branch databases, it is the checked-out
 * branch's — resolved here, never read back from `.env`, which a failed switch leaves pointing at the
 * previous branch's. `ready` refuses (E_BRANCH_DB_STALE) a branch database that is not in a state the
 * branch expects. Without branch databases (or on a detached HEAD) it is the configured URL.
 */
export async function resolveLiveUrl(pc: ProjectContext, ready: boolean): Promise<string> {
  if (pc.databaseUrl) return pc.databaseUrl;
  const current = await currentDatabase(pc);
  if (ready && current.file && current.branch) {
    const problem = await branchDatabaseProblem(pc, current.file, current.branch, openableUrl(pc, current.url));
    if (problem)
      throw new FlashError('E_BRANCH_DB_STALE', problem.message, problem.hint, {
        data: { branch: current.branch, reason: problem.reason },
      });
  }
  return openableUrl(pc, current.url);
}

/** The checked-out branch's database URL as written (`file:./dev.db`, for display), or the configured URL. */
export async function currentDatabaseUrl(pc: ProjectContext): Promise<string> {
  return (await currentDatabase(pc)).url;
}

async function currentDatabase(pc: ProjectContext): Promise<{ url: string; file?: BranchesFile; branch?: string }> {
  const file = await readBranchesFile(pc);
  const branch = file ? await checkedOutBranch(pc.project.dir) : undefined;
  if (!file || !branch) return { url: await resolveDatabaseUrl(pc.project, pc.env) };
  return { url: branchUrl(pc, file, branch), file, branch };
}

/** The URL a driver opens (SQLite paths resolved against the project, not the process cwd). */
export function openableUrl(pc: ProjectContext, url: string): string {
  return absolutizeSqliteUrl(pc.provider, url, pc.project.dir);
}

export async function recordedHash(pc: ProjectContext, url: string): Promise<string | undefined> {
  const state = await readLocalState(pc.project.dir);
  return state.databases[databaseKey(openableUrl(pc, url))]?.snapshot;
}

export async function recordHash(pc: ProjectContext, url: string, hash: string): Promise<void> {
  await recordDatabaseSnapshot(pc.project.dir, openableUrl(pc, url), hash);
}

export async function databaseExists(pc: ProjectContext, url: string): Promise<boolean> {
  return pc.dialect.databases.exists(openableUrl(pc, url));
}

/** Copy `source` to a new database `target` (data included); SQLite's target folder is created first. */
export async function copyDatabase(pc: ProjectContext, source: string, target: string): Promise<void> {
  await prepareDatabaseLocation(pc, target);
  await pc.dialect.databases.copy(openableUrl(pc, source), openableUrl(pc, target));
}

/** SQLite branch databases live in `.flash/local/db/`, which may not exist yet. */
export async function prepareDatabaseLocation(pc: ProjectContext, target: string): Promise<void> {
  if (providerTraits(pc.provider).fileDatabases) await fs.mkdir(path.dirname(openableUrl(pc, target)), { recursive: true });
}
