import { promises as fs } from 'node:fs';
import path from 'node:path';
import { resolveDatabaseUrl } from '../config/load-config.js';
import { branchDatabaseName, sqliteBranchFile } from '../core/branch/database-naming.js';
import { newBranchesFile, readBranches, writeBranches, type BranchesFile } from './branch-state.js';
import { databaseKey, readLocalState, recordDatabaseSnapshot } from './local-state.js';
import { absolutizeSqliteUrl, type ProjectContext } from './project-context.js';

/** The branch → database map, created on first use: the branch checked out then owns the configured URL. */
export async function ensureBranchesFile(pc: ProjectContext, homeBranch: string): Promise<BranchesFile> {
  const existing = await readBranches(pc.project.dir);
  if (existing) return existing;
  const file = newBranchesFile(await resolveDatabaseUrl(pc.project, pc.env), homeBranch);
  await writeBranches(pc.project.dir, file);
  return file;
}

/** Where a branch's database goes: the configured URL for the home branch, `<db>__<slug>` or a file otherwise. */
export function branchUrl(pc: ProjectContext, file: BranchesFile, branch: string): string {
  if (branch === file.homeBranch) return file.configuredUrl;
  if (pc.provider === 'sqlite') return `file:./${sqliteBranchFile(branch)}`;
  const admin = pc.dialect.databases;
  return admin.urlFor(file.configuredUrl, branchDatabaseName(admin.databaseName(file.configuredUrl), branch));
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
  const to = openableUrl(pc, target);
  if (pc.provider === 'sqlite') await fs.mkdir(path.dirname(to), { recursive: true });
  await pc.dialect.databases.copy(openableUrl(pc, source), to);
}
