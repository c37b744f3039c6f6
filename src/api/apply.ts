import { providerTraits } from '../config/provider-traits.js';
import { FlashError } from '../errors.js';
import type { Connection } from '../dialects/dialect.js';
import { loadChain, type Chain, type ChainMigration } from './project/chain.js';
import { recordDatabaseSnapshot } from './project/local-state.js';
import { recordAfterFailure, recordVerified } from './project/apply-record.js';
import { liveIsAt } from './project/recorded-match.js';
import { closeQuietly, connectLive, liveUrl, type ProjectContext } from './project/project-context.js';
import { applyMigration, upStatements } from './project/runner.js';
import { ranNames, recordSatisfied, satisfiedBy } from './project/convergence.js';
import { assertNoMergeInProgress } from './project/merge-state.js';
import {
  appliedByName,
  ensureTrackingTable,
  flashOrmTableError,
  partialAttempts,
  readTracking,
  type TrackingRow,
} from './project/tracking.js';
import { trackingFormat } from './project/flash-orm-tracking.js';

export interface ApplyOptions {
  dryRun?: boolean;
  /** apply even though an applied migration's file changed */
  allowChanged?: boolean;
  /** called once when another `flash apply` holds the lock */
  onWait?: () => void;
  onProgress?: (event: { migration: string; phase: 'start' | 'done' | 'resume' }) => void;
}

export interface ApplyResult {
  applied: string[];
  /** dry run: what would run */
  planned: Array<{ migration: string; statements: string[] }>;
  /** hash the database is at afterwards (the `to` of the last applied migration) */
  snapshot: string;
  notes: string[];
}

export async function applyPending(pc: ProjectContext, options: ApplyOptions = {}): Promise<ApplyResult> {
  await assertNoMergeInProgress(pc.store.root, { anyGitMerge: true });
  const created = options.dryRun ? undefined : await createDatabaseIfMissing(pc);
  const { url, conn } = await connectLive(pc);
  try {
    // Before sealing writes anything: a Flash ORM table is refused with nothing changed (flash adopt).
    if ((await trackingFormat(conn, pc.dialect)) === 'flash-orm') throw flashOrmTableError();
    const chain = await loadChain(pc, { seal: true, allowChanged: options.allowChanged });
    if (created) chain.notes.push(created);
    if (options.dryRun) {
      const rows = await readTracking(conn, { tableMayBeMissing: true });
      checkChecksums(chain, rows, options.allowChanged);
      const ran = ranNames(appliedByName(rows).values());
      const pending = plan(chain, rows).pending.filter((m) => {
        const by = satisfiedBy(m.lock, ran);
        if (!by) ran.add(m.name);
        if (by) chain.notes.push(`${m.name}: satisfied by ${by} (merge convergence); would not run`);
        return !by;
      });
      return {
        applied: [],
        planned: pending.map((m) => ({ migration: m.name, statements: upStatements(pc, m).map((s) => s.sql) })),
        snapshot: headOf(chain, rows),
        notes: chain.notes,
      };
    }
    // Lock first: concurrent CREATE TABLE IF NOT EXISTS races on some engines (PG's catalog unique index).
    const release = await pc.dialect.acquireLock(conn, options.onWait);
    let run: { result: ApplyResult; verify: boolean };
    try {
      await ensureTrackingTable(conn, pc.dialect);
      run = await applyLocked(pc, conn, chain, options);
    } catch (err) {
      await recordAfterFailure(pc, conn, url, chain, headOf);
      throw err;
    } finally {
      await release();
    }
    if (run.verify) await recordVerified(pc, conn, url, chain, run.result.snapshot);
    else await recordDatabaseSnapshot(pc.project.dir, url, run.result.snapshot);
    return run.result;
  } finally {
    await closeQuietly(conn);
  }
}

/** `verify`: migrations ran (or were recorded as satisfied) on a database that was at its chain's snapshot. */
async function applyLocked(
  pc: ProjectContext,
  conn: Connection,
  chain: Chain,
  options: ApplyOptions,
): Promise<{ result: ApplyResult; verify: boolean }> {
  // Read the tracking table only once the lock is held: a concurrent run may just have applied everything.
  let rows = await readTracking(conn);
  checkChecksums(chain, rows, options.allowChanged);
  const { pending, partial } = plan(chain, rows);
  // Only a run that starts where its chain says can be held to the hash it ends on: for a database that
  // already differs (drift, a half-applied migration) the chain's hash is recorded as before, and
  // status shows the drift.
  const verify = pending.length > 0 && (await liveIsAt(pc, chain, await pc.dialect.introspect(conn), headOf(chain, rows)));
  // Before anything runs: a grant to a role the server lacks is refused with nothing applied.
  await pc.dialect.checkPrerequisites?.(
    conn,
    pending.flatMap((m) => upStatements(pc, m).map((s) => s.sql)),
  );
  const applied: string[] = [];
  const ran = ranNames(appliedByName(rows).values());
  for (const m of pending) {
    const by = partial?.migration_name === m.name ? undefined : satisfiedBy(m.lock, ran);
    if (by) {
      await recordSatisfied(conn, m, by);
      chain.notes.push(`${m.name}: satisfied by ${by} (its change is already there, merged from the other branch); not run`);
      continue;
    }
    const resume = partial?.migration_name === m.name ? partial : undefined;
    options.onProgress?.({ migration: m.name, phase: resume ? 'resume' : 'start' });
    await applyMigration(pc, conn, m, resume);
    applied.push(m.name);
    ran.add(m.name);
    options.onProgress?.({ migration: m.name, phase: 'done' });
  }
  rows = await readTracking(conn);
  return { result: { applied, planned: [], snapshot: headOf(chain, rows), notes: chain.notes }, verify };
}

/** Pending = chain migrations without an applied attempt, in chain order; a half-applied one comes first. */
export function plan(chain: Chain, rows: TrackingRow[]): { pending: ChainMigration[]; partial?: TrackingRow } {
  const applied = appliedByName(rows);
  const partials = partialAttempts(rows).filter((r) => !applied.has(r.migration_name));
  const partial = partials.at(-1);
  if (partial && !chain.migrations.some((m) => m.name === partial.migration_name)) {
    throw new FlashError(
      'E_MIGRATION_PARTIAL',
      `Migration ${partial.migration_name} was partly applied (${partial.applied_steps_count} statements) and its file is not in this chain.`,
      `Restore db/migrations/${partial.migration_name}.sql and run \`flash apply\` to finish it, or undo its statements by hand and delete row id=${partial.id} from _flash_migrations.`,
      { data: { migration: partial.migration_name, appliedSteps: partial.applied_steps_count } },
    );
  }
  const pending = chain.migrations.filter((m) => !applied.has(m.name));
  if (partial) {
    const i = pending.findIndex((m) => m.name === partial.migration_name);
    pending.unshift(...pending.splice(i, 1));
  }
  return { pending, partial };
}

/** Refuse when a migration that already ran in this database has changed on disk. */
export function checkChecksums(chain: Chain, rows: TrackingRow[], allowChanged = false): void {
  const applied = appliedByName(rows);
  const changed = chain.migrations.filter((m) => {
    const row = applied.get(m.name);
    return row !== undefined && row.checksum !== m.checksum;
  });
  if (changed.length === 0 || allowChanged) return;
  const names = changed.map((m) => m.name);
  throw new FlashError(
    'E_CHECKSUM_MISMATCH',
    `${names.length === 1 ? 'Migration' : 'Migrations'} ${names.join(', ')} changed on disk after being applied to this database.`,
    'Restore the file(s) from git (applied migrations are history), write a new migration for further changes, or pass --allow-changed if the edit is harmless.',
    { data: { migrations: names } },
  );
}

/** The snapshot the database should be at: `to` of the last chain migration applied to it. */
export function headOf(chain: Chain, rows: TrackingRow[]): string {
  const applied = appliedByName(rows);
  let head = chain.emptyHash;
  for (const m of chain.migrations) if (applied.has(m.name)) head = m.lock.to;
  return head;
}

/**
 * Like `prisma migrate dev`: a development database that does not exist yet is created on the first
 * `apply` (the server must be reachable; SQLite creates its file on open anyway).
 */
async function createDatabaseIfMissing(pc: ProjectContext): Promise<string | undefined> {
  if (providerTraits(pc.provider).fileDatabases) return undefined;
  const url = await liveUrl(pc);
  let exists: boolean;
  try {
    exists = await pc.dialect.databases.exists(url);
  } catch {
    return undefined; // unreachable server: the connect below reports it with its own coded error
  }
  if (exists || !(await pc.dialect.databases.createIfMissing(url))) return undefined;
  return `created database ${pc.dialect.databases.databaseName(url)}`;
}
