import { promises as fs } from 'node:fs';
import path from 'node:path';
import { atomicWrite } from '../store/atomic-write.js';
import { ensureLocalDirIgnored } from './gitignore.js';

/**
 * `.flash/local/state.json` (git-ignored): per-developer facts. `databases` maps a database URL
 * (password removed) to the snapshot hash Flash last left it at; the branch/hook code reads it to
 * skip work when the hash is already right. Other modules may add their own top-level keys.
 */
export interface LocalState {
  databases: Record<string, DatabaseState>;
  [key: string]: unknown;
}

export interface DatabaseState {
  snapshot: string;
  updatedAt: string;
}

export function localStatePath(projectDir: string): string {
  return path.join(projectDir, '.flash', 'local', 'state.json');
}

export async function readLocalState(projectDir: string): Promise<LocalState> {
  try {
    const parsed = JSON.parse(await fs.readFile(localStatePath(projectDir), 'utf8')) as Partial<LocalState>;
    return { ...parsed, databases: parsed.databases ?? {} };
  } catch {
    // Missing or unreadable local state only costs a slow path; it is never an error.
    return { databases: {} };
  }
}

export async function writeLocalState(projectDir: string, state: LocalState): Promise<void> {
  await ensureLocalDirIgnored(projectDir);
  await atomicWrite(localStatePath(projectDir), JSON.stringify(state, null, 2) + '\n');
}

export async function recordDatabaseSnapshot(projectDir: string, url: string, snapshot: string): Promise<void> {
  const state = await readLocalState(projectDir);
  state.databases[databaseKey(url)] = { snapshot, updatedAt: new Date().toISOString() };
  await writeLocalState(projectDir, state);
}

export async function forgetDatabase(projectDir: string, url: string): Promise<void> {
  const state = await readLocalState(projectDir);
  delete state.databases[databaseKey(url)];
  await writeLocalState(projectDir, state);
}

/** The key of a database in the state file: its URL without the password. */
export function databaseKey(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1@');
}
