import path from 'node:path';
import { FlashError } from '../../src/errors.js';
import type { Schema } from '../../src/core/model/schema.js';
import { sha256 } from '../../src/core/snapshot/hash.js';
import { readFileAtRef } from '../../src/git/read-at-ref.js';
import { findRepo } from '../../src/git/repo.js';
import type { ProjectContext } from '../../src/api/project/project-context.js';

/**
 * A snapshot object from the store, looked up in the work tree first and then in a branch's commit:
 * another branch's newest snapshots are committed there but not checked out here. The content must
 * hash to its name either way.
 */
export async function snapshotOnBranch(pc: ProjectContext, branch: string, id: string): Promise<Schema> {
  if (await pc.store.has(id)) return pc.store.get(id);
  const repo = await findRepo(pc.project.dir);
  const rel = path.relative(repo.root, pc.store.objectPath(id));
  const content = await readFileAtRef(repo, `refs/heads/${branch}`, rel);
  if (content === undefined) {
    throw new FlashError(
      'E_STORE_MISSING',
      `Snapshot ${id.slice(0, 12)} of branch ${branch} is neither in the work tree nor in the branch's commit.`,
      'Run `flash fsck` on that branch.',
    );
  }
  if (sha256(content) !== id)
    throw new FlashError(
      'E_STORE_CORRUPT',
      `Snapshot ${id.slice(0, 12)} in branch ${branch} does not match its hash.`,
      'Run `flash fsck` on that branch.',
    );
  return JSON.parse(content) as Schema;
}
