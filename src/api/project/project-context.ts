import { isFlashError } from '../../errors.js';
import { loadProject, loadProjects, type Project } from '../../config/load-config.js';
import { loadDialect } from '../../dialects/registry.js';
import type { Connection, Dialect } from '../../dialects/dialect.js';
import type { Provider } from '../../core/model/schema.js';
import { SnapshotStore } from '../../store/store.js';
import { resolveLiveUrl } from './branch-databases.js';
import { absolutizeSqliteUrl } from './sqlite-path.js';

export { absolutizeSqliteUrl };

/** Everything a lifecycle command needs before it touches a database: config, dialect, store. */
export interface ProjectContext {
  project: Project;
  provider: Provider;
  dialect: Dialect;
  store: SnapshotStore;
  env: NodeJS.ProcessEnv;
  /** Set by the branch switch: the database to work on, already resolved (openable). */
  databaseUrl?: string;
}

/** Open the project in `dir`: the caller does this once and passes the context to every api entry point. */
export async function openProject(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<ProjectContext> {
  return contextFor(await loadProject(dir), env);
}

/**
 * Every database of the project in `dir` (one context per `[[databases]]` entry, or the single
 * database; `--db` narrows it to one): for the commands that span databases — a git branch, a
 * checkout, a merge, a check.
 */
export async function openProjects(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<ProjectContext[]> {
  return Promise.all((await loadProjects(dir)).map((p) => contextFor(p, env)));
}

/** The context of a project whose config is already loaded (the git hook reads it before deciding to load a dialect). */
export async function contextFor(project: Project, env: NodeJS.ProcessEnv = process.env): Promise<ProjectContext> {
  const provider = project.config.database.provider;
  const dialect = await loadDialect(provider);
  return { project, provider, dialect, store: new SnapshotStore(project.storeDir), env };
}

/**
 * The live database URL (openable: SQLite paths absolute against the project, because `--cwd` means
 * the process's working directory is not the project's). With branch databases it is the checked-out
 * branch's, and a branch database a failed switch left behind is refused (E_BRANCH_DB_STALE).
 */
export async function liveUrl(pc: ProjectContext): Promise<string> {
  return resolveLiveUrl(pc, true);
}

/** The live URL if one is configured, otherwise undefined (for commands where the DB is optional). */
export async function optionalLiveUrl(pc: ProjectContext): Promise<string | undefined> {
  return unlessNoUrl(resolveLiveUrl(pc, false));
}

/** `undefined` where no database URL is configured (E_NO_URL); every other failure still surfaces. */
export async function unlessNoUrl<T>(pending: Promise<T>): Promise<T | undefined> {
  try {
    return await pending;
  } catch (err) {
    if (isFlashError(err) && err.code === 'E_NO_URL') return undefined;
    throw err;
  }
}

export async function connectLive(pc: ProjectContext): Promise<{ url: string; conn: Connection }> {
  const url = await liveUrl(pc);
  return { url, conn: await pc.dialect.connect(url) };
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
