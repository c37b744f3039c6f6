import { FlashError } from '../../errors.js';
import { emptySchema } from '../../core/model/schema.js';
import { columnOrderInsensitiveId, snapshotId } from '../../core/snapshot/hash.js';
import { asRecorded } from './recorded-match.js';
import type { Connection } from '../../dialects/dialect.js';
import type { Chain } from './chain.js';
import { forgetDatabase, recordDatabaseSnapshot } from './local-state.js';
import type { ProjectContext } from './project-context.js';
import { appliedByName, partialAttempts, readTracking, type TrackingRow } from './tracking.js';

/**
 * `.flash/local/state.json` must say the snapshot a database is really at: the branch switch plans
 * from it (apply or reconcile), the hook's fast path trusts it, and a new branch's database copied
 * from this one inherits it. These two functions keep it true when a migration run does not go as
 * flash.lock says.
 */

/**
 * A run that failed part-way: the migrations before the failing one did run. Record the chain's
 * position they reached; when a migration is half-applied (no transactional DDL) no snapshot
 * describes the database, so the hash is forgotten and the next switch or apply looks at the live
 * schema and the tracking table instead.
 */
export async function recordAfterFailure(
  pc: ProjectContext,
  conn: Connection,
  url: string,
  chain: Chain,
  headOf: (chain: Chain, rows: TrackingRow[]) => string,
): Promise<void> {
  let rows: TrackingRow[];
  try {
    rows = await readTracking(conn, { tableMayBeMissing: true });
  } catch {
    // The connection that just failed may be gone: where the database stopped is unknown.
    await forgetDatabase(pc.project.dir, url);
    return;
  }
  const applied = appliedByName(rows);
  if (partialAttempts(rows).some((r) => !applied.has(r.migration_name))) await forgetDatabase(pc.project.dir, url);
  else await recordDatabaseSnapshot(pc.project.dir, url, headOf(chain, rows));
}

/**
 * After migrations ran (Up, or Down for `flash down`): record `claimed` only if the database really is
 * there. A chain whose migrations do not produce the hashes flash.lock gives them — a merged lock
 * Flash did not verify (plain `git merge`, or a merge stopped on C007, carried or committed) — would otherwise
 * leave a database on a schema nobody recorded. Then the real snapshot is recorded (so the next
 * switch reconciles from the truth) and the run is refused by name. Column order alone is not a
 * difference (a merged branch's columns keep the order they were added in: docs/MERGE.md).
 */
export async function recordVerified(pc: ProjectContext, conn: Connection, url: string, chain: Chain, claimed: string): Promise<void> {
  const { matches, liveId } = await liveSnapshotIs(pc, conn, chain, claimed);
  if (!matches) {
    await recordDatabaseSnapshot(pc.project.dir, url, liveId);
    throw new FlashError(
      'E_SCHEMA_MISMATCH',
      `The migrations ran (Up, or Down for \`flash down\`), but the database is not at the snapshot flash.lock says they reach (${claimed.slice(0, 12)}; it is at ${liveId.slice(0, 12)}): the migration chain does not hold together, as when a merged history Flash did not verify (a plain \`git merge\`, or a \`flash merge\` stopped on C007) is committed or carried to another branch.`,
      'Run `flash status` to see the differences. On a branch database, `flash checkout <branch>` brings it to the branch schema from where it really is; `flash check` says where the chain goes wrong.',
      { data: { claimed, live: liveId } },
    );
  }
  await recordDatabaseSnapshot(pc.project.dir, url, claimed);
}

/** Whether the live schema is the snapshot `claimed`, column order aside (docs/MERGE.md, column order). */
export async function liveSnapshotIs(
  pc: ProjectContext,
  conn: Connection,
  chain: Chain,
  claimed: string,
): Promise<{ matches: boolean; liveId: string }> {
  const live = await pc.dialect.introspect(conn);
  const liveId = snapshotId(live);
  if (liveId === claimed) return { matches: true, liveId };
  const expected =
    claimed === chain.emptyHash ? emptySchema(pc.provider) : (await pc.store.has(claimed)) ? await pc.store.get(claimed) : undefined;
  return {
    matches: expected !== undefined && columnOrderInsensitiveId(expected) === columnOrderInsensitiveId(asRecorded(pc, expected, live)),
    liveId,
  };
}
