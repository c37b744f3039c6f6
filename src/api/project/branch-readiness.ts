import { promises as fs } from 'node:fs';
import path from 'node:path';
import { chainPosition } from '../../core/branch/branch-sync-state.js';
import { emptySchema } from '../../core/model/schema.js';
import { LOCK_FILE, parseLock, type LockEntry } from '../../core/plan/lock-file.js';
import { snapshotId } from '../../core/snapshot/hash.js';
import { isFlashError } from '../../errors.js';
import type { BranchesFile } from './branch-state.js';
import { readPublishedUrl } from './env-file.js';
import { databaseKey, readLocalState } from './local-state.js';
import type { ProjectContext } from './project-context.js';

export interface BranchDatabaseProblem {
  reason: 'no database' | 'switch unfinished' | 'off chain';
  message: string;
  /** The command that repairs it. */
  hint: string;
}

/**
 * Why the checked-out branch's database is not in a state the branch expects, from local files only:
 * the branch has no database yet; `.env` still names the branch a failed switch came from; or the
 * hash Flash last left the database at is not on the branch's chain (another branch's schema — a
 * migration that would run there was written for a different one). A database that is behind on its
 * own chain is fine: `apply` is what brings it forward. `flash checkout <branch>` repairs every case.
 */
export async function branchDatabaseProblem(
  pc: ProjectContext,
  file: BranchesFile,
  branch: string,
  openableUrl: string,
): Promise<BranchDatabaseProblem | undefined> {
  const repair = `flash checkout ${branch}`;
  if (!file.branches[branch]) {
    return {
      reason: 'no database',
      message: `Branch ${branch} has no database yet: the switch to it did not run (git hooks not installed) or did not finish.`,
      hint: `Run \`${repair}\` to create it.`,
    };
  }
  const published = await readPublishedUrl(pc.project.dir, pc.project.config.database.url_env);
  if (published?.branch !== undefined && published.branch !== branch) {
    return {
      reason: 'switch unfinished',
      message: `The switch to ${branch} did not finish: .env still points at ${published.branch}'s database.`,
      hint: `Run \`${repair}\` to finish it (it says what it changes and asks before losing data).`,
    };
  }
  const recorded = (await readLocalState(pc.project.dir)).databases[databaseKey(openableUrl)]?.snapshot;
  const chain = recorded === undefined ? undefined : await readLockChain(pc);
  if (recorded === undefined || chain === undefined) return undefined;
  if (chainPosition(chain, recorded, snapshotId(emptySchema(pc.provider))) >= 0) return undefined;
  return {
    reason: 'off chain',
    message: `${branch}'s database is at snapshot ${recorded.slice(0, 12)}, which is not on ${branch}'s migration chain (another branch's schema, or edited history).`,
    hint: `Run \`${repair}\` to bring it to ${branch}'s schema (it asks before losing data).`,
  };
}

/** flash.lock's entries; undefined when it cannot be read — the command's own chain loading reports why. */
async function readLockChain(pc: ProjectContext): Promise<LockEntry[] | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(pc.project.migrationsDir, LOCK_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  try {
    return parseLock(text);
  } catch (err) {
    if (isFlashError(err)) return undefined;
    throw err;
  }
}
