import path from 'node:path';
import { isFlashError } from '../../errors.js';
import { findRepo } from '../../git/repo.js';
import { readFileAtRef } from '../../git/read-at-ref.js';
import { closeQuietly, optionalLiveUrl, type ProjectContext } from './project-context.js';
import { engineMessage } from './shadow.js';
import { appliedByName, partialAttempts, readTracking } from './tracking.js';

/**
 * Whether a migration has left this working copy: committed in git (its file is in HEAD) or applied
 * in the dev database (a finished, not reverted row in its tracking table). Such a migration is
 * history — others may have it — so Flash neither re-seals an edit of it nor deletes it.
 */
export interface MigrationUse {
  committed: boolean;
  /** undefined when the dev database could not be reached (`unreachable` says why) */
  applied: boolean | undefined;
  /** stopped half-way on a non-transactional engine: some statements ran (an edit may still fix the rest) */
  partial?: boolean;
  unreachable?: string;
}

export async function migrationUse(pc: ProjectContext, name: string, file: string): Promise<MigrationUse> {
  const [committed, applied] = await Promise.all([committedInHead(pc, file), appliedInDevDatabase(pc, name)]);
  return { committed, ...applied };
}

async function committedInHead(pc: ProjectContext, file: string): Promise<boolean> {
  let repo;
  try {
    repo = await findRepo(pc.project.dir);
  } catch (err) {
    if (isFlashError(err) && err.code === 'E_NOT_GIT') return false;
    throw err;
  }
  // No commit yet: readFileAtRef answers undefined, like a file HEAD does not have.
  return (await readFileAtRef(repo, 'HEAD', path.relative(repo.root, file))) !== undefined;
}

async function appliedInDevDatabase(
  pc: ProjectContext,
  name: string,
): Promise<{ applied: boolean | undefined; partial?: boolean; unreachable?: string }> {
  const url = await optionalLiveUrl(pc);
  if (!url) return { applied: false };
  let conn;
  try {
    // exists() first: connecting would create a SQLite file, and a database that is not there has applied nothing.
    if (!(await pc.dialect.databases.exists(url))) return { applied: false };
    conn = await pc.dialect.connect(url);
  } catch (err) {
    return { applied: undefined, unreachable: engineMessage(err) };
  }
  try {
    const rows = await readTracking(conn, { tableMayBeMissing: true });
    const applied = appliedByName(rows).has(name);
    return { applied, partial: !applied && partialAttempts(rows).some((r) => r.migration_name === name) };
  } finally {
    await closeQuietly(conn);
  }
}
