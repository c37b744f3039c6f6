import { diffSchemas } from '../core/diff/diff.js';
import type { UnmodelledObject } from '../core/model/unmodelled.js';
import { columnOrderInsensitiveId, snapshotOf } from '../core/snapshot/hash.js';
import { loadChain, schemaAt } from './project/chain.js';
import { asRecorded } from './project/recorded-match.js';
import { headOf } from './apply.js';
import { describeOperation, type ChangeLine } from '../core/diff/describe-operation.js';
import { closeQuietly, connectLive, type ProjectContext } from './project/project-context.js';
import { appliedByName, attemptState, parseLog, readTracking } from './project/tracking.js';

export type MigrationState = 'applied' | 'pending' | 'modified' | 'partial' | 'unsealed';

export interface MigrationStatus {
  name: string;
  state: MigrationState;
  /** the file differs from flash.lock's checksum (edited after it was written) */
  modifiedSinceLock: boolean;
  appliedAt?: string;
  /** partial: statements already run, and the last error */
  appliedSteps?: number;
  error?: string;
}

export interface StatusReport {
  database: string;
  migrations: MigrationStatus[];
  /** applied in the database but not in this chain (another branch's migration, or a deleted file) */
  unknownApplied: string[];
  /** expected snapshot of the applied part of the chain, and what the live database is */
  expected: string;
  live: string;
  /** expected snapshot of the whole chain (this commit) */
  chainHead: string;
  drift: ChangeLine[];
  /**
   * The database has exactly the expected columns, in another order: a merge adds each branch's new
   * columns in the order it meets them, and no engine reorders columns in place, so a database at the
   * merged-in branch's head keeps its own order (docs/MERGE.md, column order). In sync, not drift.
   */
  columnOrderDiffers: boolean;
  /** objects in the database outside Flash's model: not compared, so never reported as in sync */
  unmodelled: UnmodelledObject[];
}

/** `flash status`: read-only; compares files, flash.lock, the tracking table and the live schema. */
export async function status(pc: ProjectContext): Promise<StatusReport> {
  const chain = await loadChain(pc);
  const { conn } = await connectLive(pc);
  try {
    const rows = await readTracking(conn, { tableMayBeMissing: true });
    const applied = appliedByName(rows);
    const lastAttempt = new Map(rows.map((r) => [r.migration_name, r]));
    const migrations: MigrationStatus[] = chain.migrations.map((m) => {
      const row = applied.get(m.name);
      const last = lastAttempt.get(m.name);
      if (row)
        return {
          name: m.name,
          state: row.checksum === m.checksum ? 'applied' : 'modified',
          modifiedSinceLock: m.modified,
          appliedAt: timeText(row.finished_at),
        };
      if (last && attemptState(last) === 'partial') {
        return {
          name: m.name,
          state: 'partial',
          modifiedSinceLock: m.modified,
          appliedSteps: last.applied_steps_count,
          error: parseLog(last).failed?.error,
        };
      }
      const failed = last && attemptState(last) === 'failed' ? parseLog(last).failed?.error : undefined;
      return { name: m.name, state: 'pending', modifiedSinceLock: m.modified, ...(failed ? { error: failed } : {}) };
    });
    for (const name of chain.unsealed) migrations.push({ name, state: 'unsealed', modifiedSinceLock: false });
    const known = new Set(chain.migrations.map((m) => m.name));
    const unknownApplied = [...applied.keys()].filter((n) => !known.has(n));
    const expected = headOf(chain, rows);
    let liveSchema = await pc.dialect.introspect(conn);
    let live = snapshotOf(liveSchema).id;
    const unmodelled = await pc.dialect.unmodelled(conn);
    let drift: ChangeLine[] = [];
    let columnOrderDiffers = false;
    if (live !== expected) {
      const expectedSchema = await schemaAt(pc, chain, expected);
      // in the words the recorded snapshot uses (an earlier Flash may have spelled the same catalog otherwise)
      liveSchema = asRecorded(pc, expectedSchema, liveSchema);
      live = snapshotOf(liveSchema).id;
      if (live !== expected) {
        columnOrderDiffers = columnOrderInsensitiveId(expectedSchema) === columnOrderInsensitiveId(liveSchema);
        if (!columnOrderDiffers) drift = diffSchemas(expectedSchema, liveSchema, { traits: pc.dialect.traits }).map(describeOperation);
      }
    }
    return {
      database: conn.description,
      migrations,
      unknownApplied,
      expected,
      live,
      chainHead: chain.expected,
      drift,
      columnOrderDiffers,
      unmodelled,
    };
  } finally {
    await closeQuietly(conn);
  }
}

function timeText(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString();
  return value === null || value === undefined ? undefined : String(value);
}
