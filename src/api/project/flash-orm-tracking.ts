import type { Connection, Dialect } from '../../dialects/dialect.js';
import type { LockEntry } from '../../core/plan/lock-file.js';
import { ensureTrackingTable, isFlashOrmFormat, TRACKING_TABLE, type TrackingLog } from './tracking.js';

/**
 * Flash ORM's `_flash_migrations` (Prisma's layout: id as text, checksum, finished_at, migration_name,
 * logs, rolled_back_at, started_at, applied_steps_count; no hash chain). Converting keeps every row:
 * the original table is copied to `_flash_orm_migrations` (Flash's introspection skips `_flash_*`
 * tables, so the copy never shows up as drift), then `_flash_migrations` is recreated in Flash's format
 * and refilled in the original order. Only portable SQL here, like tracking.ts.
 */
export const FLASH_ORM_BACKUP_TABLE = '_flash_orm_migrations';

export interface FlashOrmRow {
  migration_name: string;
  checksum: string | null;
  started_at: unknown;
  finished_at: unknown;
  rolled_back_at: unknown;
  applied_steps_count: unknown;
  logs: string | null;
}

export type TrackingFormat = 'none' | 'flash' | 'flash-orm';

export async function trackingFormat(conn: Connection, dialect: Dialect): Promise<TrackingFormat> {
  const columns = await dialect.tableColumns(conn, TRACKING_TABLE);
  if (columns.length === 0) return 'none';
  return isFlashOrmFormat(columns) ? 'flash-orm' : 'flash';
}

const isSet = (v: unknown) => v !== null && v !== undefined;

/** Rows in the order they were written (started_at, then name: Flash ORM's ids are random text). */
export async function readFlashOrmRows(conn: Connection): Promise<FlashOrmRow[]> {
  const rows = await conn.query<FlashOrmRow>(`SELECT * FROM ${TRACKING_TABLE}`);
  const time = (v: unknown) => (v instanceof Date ? v.getTime() : isSet(v) ? Date.parse(String(v)) || Number(v) || 0 : 0);
  return rows.sort((a, b) => time(a.started_at) - time(b.started_at) || a.migration_name.localeCompare(b.migration_name));
}

/** Finished and not rolled back: what Flash ORM considers applied. */
export function flashOrmApplied(row: FlashOrmRow): boolean {
  return isSet(row.finished_at) && !isSet(row.rolled_back_at);
}

/**
 * Replace Flash ORM's table by Flash's, keeping every row. Applied rows of the chain get the hashes of
 * their lock line and Flash's checksum of the file (Flash ORM's checksum is kept in the row's log).
 * One transaction where DDL is transactional; the caller holds the apply lock.
 */
export async function convertFlashOrmTable(
  conn: Connection,
  dialect: Dialect,
  rows: FlashOrmRow[],
  chain: Map<string, { lock: LockEntry; checksum: string }>,
): Promise<void> {
  const convert = async (): Promise<void> => {
    await conn.exec(`CREATE TABLE ${FLASH_ORM_BACKUP_TABLE} AS SELECT * FROM ${TRACKING_TABLE}`);
    await conn.exec(`DROP TABLE ${TRACKING_TABLE}`);
    await ensureTrackingTable(conn, dialect);
    for (const row of rows) {
      const m = flashOrmApplied(row) ? chain.get(row.migration_name) : undefined;
      const log: TrackingLog = {
        note: `adopted from Flash ORM (its checksum: ${row.checksum ?? 'none'})${row.logs ? `; its log: ${row.logs}` : ''}`,
      };
      await conn.query(
        `INSERT INTO ${TRACKING_TABLE} (migration_name, checksum, from_hash, to_hash, started_at, finished_at, rolled_back_at, applied_steps_count, logs) VALUES (?, ?, ?, ?, COALESCE(?, CURRENT_TIMESTAMP), ?, ?, ?, ?)`,
        [
          row.migration_name,
          m?.checksum ?? row.checksum ?? '',
          m?.lock.from ?? null,
          m?.lock.to ?? null,
          row.started_at ?? null,
          row.finished_at ?? null,
          row.rolled_back_at ?? null,
          Number(row.applied_steps_count ?? 0),
          JSON.stringify(log),
        ],
      );
    }
  };
  await (dialect.capabilities.transactionalDdl ? conn.transaction(convert) : convert());
}
