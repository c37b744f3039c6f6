import type { Connection } from '../../dialects/dialect.js';
import type { LockEntry } from '../../core/plan/lock-file.js';
import type { ChainMigration } from './chain.js';
import { insertAttempt, parseLog, recordFinished, type TrackingRow } from './tracking.js';

/**
 * Merge convergence at apply time (docs/MERGE.md): a migration whose lock line says
 * `satisfied-by=<other>` is not run where <other> *ran* — its schema effect is already there — but
 * recorded as applied, with the reason in its tracking row, so `status` and `down` know. Only a
 * migration that ran counts: one that was itself recorded as satisfied did nothing, so what names it
 * (a merge's remainder for a database at the other head) must still run.
 */
export function satisfiedBy(entry: LockEntry, ran: ReadonlySet<string>): string | undefined {
  return entry.satisfiedBy && ran.has(entry.satisfiedBy) ? entry.satisfiedBy : undefined;
}

/** Names of the migrations that really ran in a database (applied, and not recorded as satisfied). */
export function ranNames(applied: Iterable<TrackingRow>): Set<string> {
  return new Set([...applied].filter((r) => !wasSatisfied(r)).map((r) => r.migration_name));
}

export async function recordSatisfied(conn: Connection, m: ChainMigration, by: string): Promise<void> {
  const id = await insertAttempt(conn, { name: m.name, checksum: m.checksum, from: m.lock.from, to: m.lock.to });
  await recordFinished(conn, id, 0, m.checksum, { note: `satisfied by ${by} (merge convergence): not run`, satisfiedBy: by });
}

/** A row recorded by recordSatisfied: nothing of it ran, so reverting it runs nothing either. */
export function wasSatisfied(row: TrackingRow): boolean {
  return parseLog(row).satisfiedBy !== undefined;
}
