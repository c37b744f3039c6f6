import { FlashError } from '../errors.js';
import type { Connection } from '../dialects/dialect.js';
import { headOf, checkChecksums } from './apply.js';
import { loadChain, type Chain, type ChainMigration } from './project/chain.js';
import { formatDownLoss, measureDownLoss, type DownLoss } from './project/down-data-loss.js';
import { recordDatabaseSnapshot } from './project/local-state.js';
import { liveSnapshotIs, recordAfterFailure, recordVerified } from './project/apply-record.js';
import { liveIsAt } from './project/recorded-match.js';
import { closeQuietly, connectLive, type ProjectContext } from './project/project-context.js';
import { downStatements, revertMigration } from './project/runner.js';
import { assertNoMergeInProgress } from './project/merge-state.js';
import { appliedByName, readTracking, trackingTableExists, type TrackingRow } from './project/tracking.js';

export interface DownOptions {
  steps: number;
  allowChanged?: boolean;
  /** Accept a Down that loses data without asking. */
  yes?: boolean;
  /** Ask the user (TTY only); absent → a Down that loses data is refused with E_DATA_LOSS. */
  confirm?: (question: string) => Promise<boolean>;
  onWait?: () => void;
  onProgress?: (event: { migration: string; phase: 'start' | 'done' }) => void;
}

export interface DownResult {
  reverted: string[];
  snapshot: string;
  /** what the reverted Down sections destroyed (accepted with --yes or a confirmation) */
  losses: DownLoss[];
}

/**
 * `flash down -s N`: revert the N most recently applied migrations, newest first, with their Down
 * sections. A Down that would destroy data the database holds (a dropped table with rows, a dropped
 * column with values, a narrowing type change) needs `yes` or a confirmation, like a branch switch;
 * otherwise nothing is reverted.
 */
export async function down(pc: ProjectContext, options: DownOptions): Promise<DownResult> {
  if (!Number.isInteger(options.steps) || options.steps < 1) {
    throw new FlashError('E_USAGE', `--steps must be a positive whole number, not ${options.steps}.`, 'For example `flash down -s 2`.');
  }
  await assertNoMergeInProgress(pc.store.root, { anyGitMerge: true });
  const chain = await loadChain(pc);
  const { url, conn } = await connectLive(pc);
  try {
    if (!(await trackingTableExists(conn))) return { reverted: [], snapshot: chain.emptyHash, losses: [] };
    // Measure and ask before taking the lock: a question may wait on a person, and the lock blocks every apply.
    const asked = revertTargets(chain, await readTracking(conn), options);
    const losses = await measureDownLoss(pc, conn, chain, asked.migrations);
    if (losses.length && !options.yes) await confirmLoss(losses, options);
    const release = await pc.dialect.acquireLock(conn, options.onWait);
    const reverted: string[] = [];
    let verify = false;
    /** each Down was checked inside its transaction: the end state needs no second introspection */
    let checkedEach = false;
    try {
      const rows = await readTracking(conn);
      // As for apply (apply-record.ts): a run that starts on the chain's snapshot must end on the one it records.
      verify = await liveIsAt(pc, chain, await pc.dialect.introspect(conn), headOf(chain, rows));
      const targets = revertTargets(chain, rows, options);
      if (targets.migrations.map((m) => m.name).join() !== asked.migrations.map((m) => m.name).join()) {
        throw new FlashError(
          'E_LOCKED',
          'Another flash command changed the applied migrations while this `flash down` was checking them; nothing was reverted.',
          'Run `flash down` again.',
        );
      }
      // Where DDL is transactional, a Down that does not reach the state the chain gives it is rolled back
      // inside its own transaction, so a refused down leaves the database where it was.
      const check =
        verify && pc.dialect.capabilities.transactionalDdl ? (m: ChainMigration) => () => assertDownReached(pc, conn, chain, m) : undefined;
      checkedEach = check !== undefined;
      await revertAll(pc, conn, targets, reverted, options, check);
    } catch (err) {
      await recordAfterFailure(pc, conn, url, chain, headOf);
      throw err;
    } finally {
      await release();
    }
    const snapshot = headOf(chain, await readTracking(conn));
    if (verify && reverted.length && !checkedEach) await recordVerified(pc, conn, url, chain, snapshot);
    else await recordDatabaseSnapshot(pc.project.dir, url, snapshot);
    return { reverted, snapshot, losses };
  } finally {
    await closeQuietly(conn);
  }
}

/** The `steps` most recently applied migrations, newest first, each with its tracking row; checks files and checksums. */
function revertTargets(chain: Chain, rows: TrackingRow[], options: DownOptions): { migrations: ChainMigration[]; rows: TrackingRow[] } {
  const byName = new Map(chain.migrations.map((m) => [m.name, m]));
  const targets = [...appliedByName(rows).values()].sort((a, b) => b.id - a.id).slice(0, options.steps);
  const missing = targets.filter((r) => !byName.has(r.migration_name));
  if (missing.length) {
    throw new FlashError(
      'E_CHAIN',
      `Cannot revert ${missing[0].migration_name}: its file is not in this project's chain.`,
      'Check out the branch that has it, or restore db/migrations/<name>.sql from git.',
      { data: { migrations: missing.map((r) => r.migration_name) } },
    );
  }
  const migrations = targets.map((r) => byName.get(r.migration_name)!);
  checkChecksums({ ...chain, migrations }, rows, options.allowChanged);
  for (const m of migrations) {
    if (!m.parsed.down.trim() && m.parsed.up.trim()) {
      throw new FlashError(
        'E_NO_DOWN',
        `Migration ${m.name} has no Down section, so it cannot be reverted.`,
        `Write the Down section of ${m.name}.sql (it is applied, so pass --allow-changed), or restore the database with \`flash reset\`.`,
      );
    }
  }
  return { migrations, rows: targets };
}

async function confirmLoss(losses: DownLoss[], options: DownOptions): Promise<void> {
  const what = losses.map((l) => `${l.migration} ${formatDownLoss(l)}`).join('; ');
  if (options.confirm && (await options.confirm(`Reverting would lose data: ${what}. Continue?`))) return;
  throw new FlashError(
    'E_DATA_LOSS',
    `Reverting would lose data: ${what}. Nothing was reverted.`,
    `Run \`flash down${options.steps === 1 ? '' : ` -s ${options.steps}`} --yes\` to accept the loss, or back the data up first.`,
    {
      data: { losses },
    },
  );
}

async function revertAll(
  pc: ProjectContext,
  conn: Connection,
  targets: { migrations: ChainMigration[]; rows: TrackingRow[] },
  reverted: string[],
  options: DownOptions,
  check?: (m: ChainMigration) => () => Promise<void>,
): Promise<void> {
  // Before anything runs: a Down that grants to a role the server lacks is refused with nothing reverted.
  await pc.dialect.checkPrerequisites?.(
    conn,
    targets.migrations.flatMap((m) => downStatements(pc, m).map((s) => s.sql)),
  );
  for (const [i, m] of targets.migrations.entries()) {
    options.onProgress?.({ migration: m.name, phase: 'start' });
    await revertMigration(pc, conn, m, targets.rows[i], check?.(m));
    reverted.push(m.name);
    options.onProgress?.({ migration: m.name, phase: 'done' });
  }
}

/** Inside the Down's transaction: the database is at the chain's state for the rows that stay applied. */
async function assertDownReached(pc: ProjectContext, conn: Connection, chain: Chain, m: ChainMigration): Promise<void> {
  const claimed = headOf(chain, await readTracking(conn));
  const { matches, liveId } = await liveSnapshotIs(pc, conn, chain, claimed);
  if (matches) return;
  throw new FlashError(
    'E_SCHEMA_MISMATCH',
    `The Down section of ${m.name} does not bring the database to the snapshot flash.lock gives the migrations before it (${claimed.slice(0, 12)}; it would be at ${liveId.slice(0, 12)}). It was rolled back; the database is unchanged.`,
    `Fix the Down section of ${m.name}.sql (it is applied, so pass --allow-changed) so it undoes its Up, or restore the database with \`flash reset\`; \`flash check\` says where the chain goes wrong.`,
    { data: { migration: m.name, claimed, live: liveId } },
  );
}
