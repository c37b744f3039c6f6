import type { Connection } from '../dialects/dialect.js';
import type { LockEntry } from '../core/plan/lock-file.js';
import type { ChainMigration } from './chain.js';
import { insertAttempt, parseLog, recordFinished, type TrackingRow } from './tracking.js';

/**
 * Merge convergence at apply time (docs/MERGE.md): a migration whose lock line says
 * `satisfied-by=<other>` is not run where <other> is applied — its schema effect is already there —
 * but recorded as applied, with the reason in its tracking row, so `status` and `down` know.
 */
export function satisfiedBy(entry: LockEntry, applied: ReadonlySet<string>): string | undefined {
  return entry.satisfiedBy && applied.has(entry.satisfiedBy) ? entry.satisfiedBy : undefined;
}

export async function recordSatisfied(conn: Connection, m: ChainMigration, by: string): Promise<void> {
  const id = await insertAttempt(conn, { name: m.name, checksum: m.checksum, from: m.lock.from, to: m.lock.to });
  await recordFinished(conn, id, 0, m.checksum, { note: `satisfied by ${by} (merge convergence): not run`, satisfiedBy: by });
}

/** A row recorded by recordSatisfied: nothing of it ran, so reverting it runs nothing either. */
export function wasSatisfied(row: TrackingRow): boolean {
  return parseLog(row).satisfiedBy !== undefined;
}
