import { FlashError } from '../../errors.js';
import type { Connection, Dialect } from '../../dialects/dialect.js';

/**
 * The `_flash_migrations` table (SPEC). One row per attempt to apply a migration:
 *  - applied:     finished_at set, rolled_back_at null
 *  - partial:     neither set — a non-transactional engine stopped after `applied_steps_count` statements
 *  - failed:      rolled_back_at set, finished_at null — the transaction was rolled back, nothing remains
 *  - reverted:    both set — applied, then undone by `flash down`
 * `logs` holds JSON (`TrackingLog`) describing the last failure and the statements that ran.
 * Only portable SQL is used here (CURRENT_TIMESTAMP, `?` placeholders); the DDL comes from the dialect.
 */
export const TRACKING_TABLE = '_flash_migrations';

export interface TrackingRow {
  id: number;
  migration_name: string;
  checksum: string;
  from_hash: string | null;
  to_hash: string | null;
  started_at: unknown;
  finished_at: unknown;
  rolled_back_at: unknown;
  applied_steps_count: number;
  logs: string | null;
}

export type AttemptState = 'applied' | 'partial' | 'failed' | 'reverted';

export interface TrackingLog {
  /** SQL of the statements that ran, in order (non-transactional engines, so a resume can check them) */
  applied?: string[];
  failed?: { step: number; sql: string; error: string };
  note?: string;
  /** recorded as applied without running: the named migration already brought its effect (merge convergence) */
  satisfiedBy?: string;
}

export function attemptState(row: TrackingRow): AttemptState {
  const finished = row.finished_at !== null && row.finished_at !== undefined;
  const rolledBack = row.rolled_back_at !== null && row.rolled_back_at !== undefined;
  if (finished) return rolledBack ? 'reverted' : 'applied';
  return rolledBack ? 'failed' : 'partial';
}

export function parseLog(row: TrackingRow): TrackingLog {
  if (!row.logs) return {};
  try {
    return JSON.parse(row.logs) as TrackingLog;
  } catch {
    return { note: row.logs };
  }
}

export async function ensureTrackingTable(conn: Connection, dialect: Dialect): Promise<void> {
  await conn.exec(dialect.trackingTableDdl());
  // CREATE … IF NOT EXISTS keeps a Flash ORM table (even an empty one) that Flash's INSERTs would fail on.
  if (isFlashOrmFormat(await dialect.tableColumns(conn, TRACKING_TABLE))) throw flashOrmTableError();
}

/** Flash ORM's table has the same name and columns minus the hash chain (from_hash, to_hash). */
export function isFlashOrmFormat(columns: string[]): boolean {
  const names = new Set(columns.map((c) => c.toLowerCase()));
  return names.has('migration_name') && !(names.has('from_hash') && names.has('to_hash'));
}

export function flashOrmTableError(): FlashError {
  return new FlashError(
    'E_TRACKING_FORMAT',
    `${TRACKING_TABLE} in this database was written by Flash ORM (no from_hash/to_hash columns); Flash does not write to it as it is.`,
    'Run `flash adopt` to check the database against db/migrations and convert the table, keeping its history.',
  );
}

/** All attempts in order, or [] when the table does not exist (never creates it: used by read-only commands). */
export async function readTracking(conn: Connection, options: { tableMayBeMissing?: boolean } = {}): Promise<TrackingRow[]> {
  let rows: TrackingRow[];
  try {
    rows = conn.tracking
      ? ((await conn.tracking.read()) as unknown as TrackingRow[])
      : await conn.query<TrackingRow>(`SELECT * FROM ${TRACKING_TABLE} ORDER BY id`);
  } catch (err) {
    if (options.tableMayBeMissing && isMissingTrackingTable(err)) return [];
    throw err;
  }
  if (rows.length > 0 && isFlashOrmFormat(Object.keys(rows[0]))) throw flashOrmTableError();
  return rows.map((r) => ({ ...r, id: Number(r.id), applied_steps_count: Number(r.applied_steps_count ?? 0) }));
}

export async function trackingTableExists(conn: Connection): Promise<boolean> {
  // A tracking collection exists once it holds a record.
  if (conn.tracking) return (await conn.tracking.read()).length > 0;
  try {
    await conn.query(`SELECT COUNT(*) AS n FROM ${TRACKING_TABLE}`);
    return true;
  } catch (err) {
    if (isMissingTrackingTable(err)) return false;
    throw err;
  }
}

/**
 * Only "the table does not exist" means "nothing applied yet". A lost connection or a permission
 * error read as "no table" would show every migration as pending (and `down` as having nothing to
 * revert). The engines all name the table in that message: PostgreSQL `relation "…" does not
 * exist`, MySQL `Table '…' doesn't exist`, SQLite `no such table: …`.
 */
function isMissingTrackingTable(err: unknown): boolean {
  if (err instanceof FlashError && err.code !== 'E_SQL') return false;
  const message = err instanceof Error ? err.message : String(err);
  return message.includes(TRACKING_TABLE) && /does not exist|doesn't exist|no such table/i.test(message);
}

/** Latest applied attempt per migration name (a revert marks that same row, so it drops out). */
export function appliedByName(rows: TrackingRow[]): Map<string, TrackingRow> {
  const map = new Map<string, TrackingRow>();
  for (const row of rows) if (attemptState(row) === 'applied') map.set(row.migration_name, row);
  return map;
}

/** Attempts that stopped half-way on a non-transactional engine and were never finished. */
export function partialAttempts(rows: TrackingRow[]): TrackingRow[] {
  return rows.filter((r) => attemptState(r) === 'partial');
}

export interface AttemptInfo {
  name: string;
  checksum: string;
  from: string;
  to: string;
}

export async function insertAttempt(conn: Connection, m: AttemptInfo): Promise<number> {
  if (conn.tracking) {
    const started_at = new Date();
    return conn.tracking.insert({
      migration_name: m.name,
      checksum: m.checksum,
      from_hash: m.from,
      to_hash: m.to,
      started_at,
      applied_steps_count: 0,
    });
  }
  await conn.query(
    `INSERT INTO ${TRACKING_TABLE} (migration_name, checksum, from_hash, to_hash, started_at, applied_steps_count) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP, 0)`,
    [m.name, m.checksum, m.from, m.to],
  );
  // Callers hold the apply lock, so the newest row for this name is ours.
  const rows = await conn.query<{ id: unknown }>(`SELECT MAX(id) AS id FROM ${TRACKING_TABLE} WHERE migration_name = ?`, [m.name]);
  return Number(rows[0]?.id);
}

export async function recordStep(conn: Connection, id: number, steps: number, log: TrackingLog): Promise<void> {
  if (conn.tracking) return conn.tracking.update(id, { applied_steps_count: steps, logs: JSON.stringify(log) });
  await conn.query(`UPDATE ${TRACKING_TABLE} SET applied_steps_count = ?, logs = ? WHERE id = ?`, [steps, JSON.stringify(log), id]);
}

export async function recordFinished(
  conn: Connection,
  id: number,
  steps: number,
  checksum: string,
  log: TrackingLog | null,
): Promise<void> {
  if (conn.tracking) {
    const logs = log ? JSON.stringify(log) : null;
    return conn.tracking.update(id, { finished_at: new Date(), applied_steps_count: steps, checksum, logs });
  }
  await conn.query(
    `UPDATE ${TRACKING_TABLE} SET finished_at = CURRENT_TIMESTAMP, applied_steps_count = ?, checksum = ?, logs = ? WHERE id = ?`,
    [steps, checksum, log ? JSON.stringify(log) : null, id],
  );
}

/** A transactional attempt that failed and was rolled back: written after the rollback, as its own row. */
export async function recordRolledBackFailure(conn: Connection, m: AttemptInfo, log: TrackingLog): Promise<void> {
  if (conn.tracking) {
    const now = new Date();
    const fields = { migration_name: m.name, checksum: m.checksum, from_hash: m.from, to_hash: m.to, logs: JSON.stringify(log) };
    await conn.tracking.insert({ ...fields, started_at: now, rolled_back_at: now, applied_steps_count: 0 });
    return;
  }
  await conn.query(
    `INSERT INTO ${TRACKING_TABLE} (migration_name, checksum, from_hash, to_hash, started_at, rolled_back_at, applied_steps_count, logs) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0, ?)`,
    [m.name, m.checksum, m.from, m.to, JSON.stringify(log)],
  );
}

export async function recordReverted(conn: Connection, id: number, note: string): Promise<void> {
  if (conn.tracking) return conn.tracking.update(id, { rolled_back_at: new Date(), logs: JSON.stringify({ note } satisfies TrackingLog) });
  await conn.query(`UPDATE ${TRACKING_TABLE} SET rolled_back_at = CURRENT_TIMESTAMP, logs = ? WHERE id = ?`, [
    JSON.stringify({ note } satisfies TrackingLog),
    id,
  ]);
}

/** Record a migration as applied without running it (pull's baseline: the database already has it). */
export async function recordApplied(conn: Connection, m: AttemptInfo, note: string): Promise<void> {
  const id = await insertAttempt(conn, m);
  await recordFinished(conn, id, 0, m.checksum, { note });
}
