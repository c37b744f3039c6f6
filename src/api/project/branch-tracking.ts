import type { Connection } from '../../dialects/dialect.js';
import type { Chain } from './chain.js';
import { ranNames, recordSatisfied, satisfiedBy } from './convergence.js';
import { appliedByName, readTracking, recordApplied, recordReverted, type TrackingRow } from './tracking.js';

/**
 * After a reconciliation the database is at the branch's expected snapshot, so its tracking table must
 * say so: rows of migrations that are not in this branch's chain (or whose file differs) are marked
 * rolled back, and every migration of the chain gets an applied row. `apply`/`status` then agree.
 */
export async function reconcileTracking(conn: Connection, chain: Chain, note: string): Promise<void> {
  const rows = await readTracking(conn);
  const applied = appliedByName(rows);
  const inChain = new Map(chain.migrations.map((m) => [m.name, m]));
  for (const row of applied.values()) {
    const m = inChain.get(row.migration_name);
    if (m && m.checksum === row.checksum) continue;
    await recordReverted(conn, row.id, note);
    applied.delete(row.migration_name);
  }
  // Convergence (docs/MERGE.md): a migration the lock marks satisfied by one recorded as run is recorded
  // satisfied too, not run — `flash down` of it must undo nothing, since its twin's change stays.
  const ran = ranNames(applied.values());
  for (const m of chain.migrations) {
    if (applied.has(m.name)) continue;
    const by = satisfiedBy(m.lock, ran);
    if (by) {
      await recordSatisfied(conn, m, by);
      continue;
    }
    await recordApplied(conn, { name: m.name, checksum: m.checksum, from: m.lock.from, to: m.lock.to }, note);
    ran.add(m.name);
  }
}

/** The applied rows are exactly the chain's migrations, with the same files. */
export function trackingMatchesChain(rows: TrackingRow[], chain: Chain): boolean {
  const applied = appliedByName(rows);
  return applied.size === chain.migrations.length && chain.migrations.every((m) => applied.get(m.name)?.checksum === m.checksum);
}

/**
 * The applied rows are exactly the chain's first n migrations for some n whose state is `hash`: a
 * database there runs the rest of the chain and ends at its head.
 */
export function trackingIsChainPrefixAt(rows: TrackingRow[], chain: Chain, hash: string): boolean {
  const applied = appliedByName(rows);
  const n = applied.size;
  if (n > chain.migrations.length) return false;
  const prefix = chain.migrations.slice(0, n);
  if (!prefix.every((m) => applied.get(m.name)?.checksum === m.checksum)) return false;
  if (n > 0) return prefix[n - 1].lock.to === hash;
  return hash === chain.emptyHash || chain.migrations[0]?.lock.from === hash;
}
