import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseDotenv } from '../../config/dotenv.js';
import { readManagedLine, writeManagedLine, type ManagedLine } from '../../core/branch/env-managed-line.js';
import { atomicWrite } from '../../store/atomic-write.js';
import { statIfExists } from '../../store/read-if-exists.js';

export function envPath(projectDir: string): string {
  return path.join(projectDir, '.env');
}

export async function readEnvFile(projectDir: string): Promise<string | undefined> {
  try {
    return await fs.readFile(envPath(projectDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function readPublishedUrl(projectDir: string, urlEnv: string): Promise<ManagedLine | undefined> {
  const text = await readEnvFile(projectDir);
  return text === undefined ? undefined : readManagedLine(text, urlEnv);
}

/** The URL the user gave Flash: the environment variable wins over `.env` (docs/BRANCH-DATABASES.md). */
export interface UserUrl {
  url: string;
  source: 'environment' | '.env';
  /** `.env`'s managed line: the branch Flash last published it for. */
  branch?: string;
}

export async function readUserUrl(projectDir: string, urlEnv: string, env: NodeJS.ProcessEnv): Promise<UserUrl | undefined> {
  const fromEnv = env[urlEnv];
  if (fromEnv) return { url: fromEnv, source: 'environment' };
  const text = await readEnvFile(projectDir);
  if (text === undefined) return undefined;
  const managed = readManagedLine(text, urlEnv);
  if (managed) return { url: managed.url, source: '.env', ...(managed.branch !== undefined ? { branch: managed.branch } : {}) };
  const plain = parseDotenv(text)[urlEnv];
  return plain ? { url: plain, source: '.env' } : undefined;
}

/**
 * Point the managed `<urlEnv>=` line of `.env` at `url` (creating `.env` if needed). Returns false when
 * it already did. The file keeps its permissions (a `.env` is often 0600).
 */
export async function publishUrl(projectDir: string, urlEnv: string, url: string, branch: string): Promise<boolean> {
  const file = envPath(projectDir);
  const before = (await readEnvFile(projectDir)) ?? '';
  const after = writeManagedLine(before, urlEnv, url, branch);
  if (after === before) return false;
  const mode = (await statIfExists(file))?.mode;
  await atomicWrite(file, after);
  if (mode !== undefined) await fs.chmod(file, mode & 0o7777);
  return true;
}
