import path from 'node:path';
import { FlashError } from '../errors.js';
import { emptySchema } from '../core/model/schema.js';
import { snapshotId } from '../core/snapshot/hash.js';
import { LOCK_FILE } from '../core/plan/lock-file.js';
import { branchExists } from '../git/branches.js';
import { findRepo } from '../git/repo.js';
import type { DiffResult } from './diff.js';
import { planChange } from './project/plan-change.js';
import type { ProjectContext } from './project/project-context.js';
import { SnapshotSource, lockAtRef } from './project/snapshot-source.js';
import { describeOperation } from '../core/diff/describe-operation.js';

/**
 * `flash branch diff <a> <b>`: the schema change from branch a's expected snapshot (the last `to` of
 * its committed flash.lock) to branch b's. Read from git objects and the store only — no database,
 * no shadow — so it works for branches whose databases do not exist.
 */
export async function diffBranches(pc: ProjectContext, a: string, b: string): Promise<DiffResult> {
  const repo = await findRepo(pc.project.dir);
  for (const name of [a, b]) {
    if (!(await branchExists(repo, name)))
      throw new FlashError('E_UNKNOWN_BRANCH', `There is no git branch named "${name}".`, 'See `flash branch list`.');
  }
  const lockRel = path.relative(repo.root, path.join(pc.project.migrationsDir, LOCK_FILE)).split(path.sep).join('/');
  const emptyHash = snapshotId(emptySchema(pc.provider));
  const refs = [`refs/heads/${a}`, `refs/heads/${b}`];
  const source = new SnapshotSource(pc.store, pc.provider, repo, refs);
  const [from, to] = await Promise.all(
    refs.map(async (ref) => {
      const id = (await lockAtRef(repo, ref, lockRel)).at(-1)?.to ?? emptyHash;
      return { id, schema: await source.load(id) };
    }),
  );
  const change = planChange(pc, from.schema, to.schema);
  return {
    from: { ref: a, snapshot: from.id },
    to: { ref: b, snapshot: to.id },
    changes: change.ops.map(describeOperation),
    up: change.up.map((s) => s.sql),
    // two stored snapshots: no live database, so nothing outside the model to report
    unmodelled: [],
  };
}
