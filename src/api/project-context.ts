import path from 'node:path';
import { loadProject, resolveDatabaseUrl, type Project } from '../config/load-config.js';
import { loadDialect } from '../dialects/registry.js';
import type { Connection, Dialect } from '../dialects/dialect.js';
import type { Provider } from '../core/model/schema.js';
import { SnapshotStore } from '../store/store.js';

/** Everything a lifecycle command needs before it touches a database: config, dialect, store. */
export interface ProjectContext {
  project: Project;
  provider: Provider;
  dialect: Dialect;
  store: SnapshotStore;
  env: NodeJS.ProcessEnv;
}

export async function openProject(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<ProjectContext> {
  const project = await loadProject(dir);
  const provider = project.config.database.provider;
  const dialect = await loadDialect(provider);
  return { project, provider, dialect, store: new SnapshotStore(project.storeDir), env };
}

/**
 * The live database URL. SQLite paths are made absolute against the project directory, because
 * `--cwd` means the process's working directory is not the project's.
 */
export async function liveUrl(pc: ProjectContext): Promise<string> {
  return absolutizeSqliteUrl(pc.provider, await resolveDatabaseUrl(pc.project, pc.env), pc.project.dir);
}

/** The live URL if one is configured, otherwise undefined (for commands where the DB is optional). */
export async function optionalLiveUrl(pc: ProjectContext): Promise<string | undefined> {
  try {
    return await liveUrl(pc);
  } catch {
    return undefined;
  }
}

export async function connectLive(pc: ProjectContext): Promise<{ url: string; conn: Connection }> {
  const url = await liveUrl(pc);
  return { url, conn: await pc.dialect.connect(url) };
}

export function absolutizeSqliteUrl(provider: Provider, url: string, baseDir: string): string {
  if (provider !== 'sqlite' || url === ':memory:' || url === 'file::memory:') return url;
  const scheme = /^(file|sqlite):(\/\/)?/.exec(url);
  const file = scheme ? url.slice(scheme[0].length) : url;
  const bare = file.split('?')[0]!;
  return path.isAbsolute(bare) ? bare : path.resolve(baseDir, bare);
}

/** Close a connection without letting a close error hide the real one. */
export async function closeQuietly(conn: Connection | undefined): Promise<void> {
  if (!conn) return;
  try {
    await conn.close();
  } catch {
    /* the connection is being discarded */
  }
}
