import { promises as fs } from 'node:fs';
import path from 'node:path';
import { atomicWrite } from '../../store/atomic-write.js';
import { ensureLocalDirIgnored } from './gitignore.js';
import { withFileLock } from '../../store/locked-update.js';

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
  let text: string;
  try {
    text = await fs.readFile(localStatePath(projectDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { databases: {} };
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LocalState>;
    return { ...parsed, databases: parsed.databases ?? {} };
  } catch {
    // Unparseable local state (a hand edit) means "hash unknown": a slow path, never a wrong answer.
    return { databases: {} };
  }
}

/**
 * Read, change and write the state under a cross-process lock, so two hooks (two quick checkouts) or
 * concurrent commands never lose each other's update; the write itself is a rename, so a reader never
 * sees half a file.
 */
export async function updateLocalState(projectDir: string, change: (state: LocalState) => void): Promise<void> {
  await ensureLocalDirIgnored(projectDir);
  const file = localStatePath(projectDir);
  await withFileLock(file, async () => {
    const state = await readLocalState(projectDir);
    change(state);
    await atomicWrite(file, JSON.stringify(state, null, 2) + '\n');
  });
}

export async function recordDatabaseSnapshot(projectDir: string, url: string, snapshot: string): Promise<void> {
  await updateLocalState(projectDir, (state) => {
    state.databases[databaseKey(url)] = { snapshot, updatedAt: new Date().toISOString() };
  });
}

export async function forgetDatabase(projectDir: string, url: string): Promise<void> {
  await updateLocalState(projectDir, (state) => {
    delete state.databases[databaseKey(url)];
  });
}

/** The key of a database in the state file: its URL without the password. */
export function databaseKey(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1@');
}
