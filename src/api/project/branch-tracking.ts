import type { Connection } from '../../dialects/dialect.js';
import type { Chain } from './chain.js';
import { ranNames, recordSatisfied, satisfiedBy, wasSatisfied } from './convergence.js';
import { appliedByName, parseLog, readTracking, recordApplied, recordReverted, type TrackingRow } from './tracking.js';

/**
 * After a reconciliation the database is at the branch's expected snapshot, so its tracking table must
 * say so: rows of migrations that are not in this branch's chain (or whose file differs) are marked
 * rolled back, and every migration of the chain gets an applied row. `apply`/`status` then agree.
 */
export async function reconcileTracking(conn: Connection, chain: Chain, note: string): Promise<void> {
  const rows = await readTracking(conn);
  const applied = appliedByName(rows);
  const keep = rowsTrueToChain(applied, chain);
  for (const row of applied.values()) {
    if (keep.has(row.migration_name)) continue;
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

/**
 * The applied rows this chain can keep: the migration is in the chain with the same file, and a row
 * recorded as satisfied (nothing of it ran) is satisfied in this chain too — the lock marks it
 * satisfied by the same twin, whose row is kept as run. A copy from another branch can carry a row
 * satisfied by a migration this chain does not have; kept, `flash down` of it would undo nothing while
 * its change stays.
 */
function rowsTrueToChain(applied: Map<string, TrackingRow>, chain: Chain): Set<string> {
  const inChain = new Map(chain.migrations.map((m) => [m.name, m]));
  const same = [...applied.values()].filter((row) => inChain.get(row.migration_name)?.checksum === row.checksum);
  const ran = new Set(same.filter((row) => !wasSatisfied(row)).map((row) => row.migration_name));
  const kept = same.filter((row) => {
    if (!wasSatisfied(row)) return true;
    const twin = parseLog(row).satisfiedBy;
    return twin !== undefined && inChain.get(row.migration_name)?.lock.satisfiedBy === twin && ran.has(twin);
  });
  return new Set(kept.map((row) => row.migration_name));
}

/** The applied rows are exactly the chain's migrations, with the same files (and convergence marks). */
export function trackingMatchesChain(rows: TrackingRow[], chain: Chain): boolean {
  const applied = appliedByName(rows);
  const kept = rowsTrueToChain(applied, chain);
  return applied.size === chain.migrations.length && kept.size === applied.size && chain.migrations.every((m) => kept.has(m.name));
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
  const kept = rowsTrueToChain(applied, chain);
  if (!prefix.every((m) => kept.has(m.name))) return false;
  if (n > 0) return prefix[n - 1].lock.to === hash;
  return hash === chain.emptyHash || chain.migrations[0]?.lock.from === hash;
}
