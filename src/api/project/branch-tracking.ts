import type { Connection } from '../../dialects/dialect.js';
import type { Chain } from './chain.js';
import { appliedByName, readTracking, recordApplied, recordReverted } from './tracking.js';

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
  for (const m of chain.migrations) {
    if (applied.has(m.name)) continue;
    await recordApplied(conn, { name: m.name, checksum: m.checksum, from: m.lock.from, to: m.lock.to }, note);
  }
}
