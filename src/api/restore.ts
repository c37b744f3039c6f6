import type { Column, Table } from '../core/model/schema.js';
import { decodeCell, type BackupHeader } from '../core/data/backup-format.js';
import type { DataValue } from '../core/data/values.js';
import { snapshotOf } from '../core/snapshot/hash.js';
import { rowTables } from '../core/model/row-tables.js';
import { FlashError } from '../errors.js';
import type { Connection } from '../dialects/dialect.js';
import { backupLines, parse, verifyBackup } from './project/data/backup-file.js';
import { forgetDatabase } from './project/local-state.js';
import { closeQuietly, liveUrl, type ProjectContext } from './project/project-context.js';
import { ensureTrackingTable, readTracking } from './project/tracking.js';

/** Rows per INSERT, and a cap on the statement's size (MySQL's max_allowed_packet is 16 MB by default). */
const BATCH_ROWS = 500;
const BATCH_BYTES = 4 * 1024 * 1024;

export interface RestoreOptions {
  /** restore into a database that is not empty: it is dropped and recreated first (the CLI's --yes) */
  replace?: boolean;
  onProgress?: (p: { table: string; rows: number; totalRows: number }) => void;
}

export interface RestoreResult {
  database: string;
  /** the database held tables or migrations and was dropped and recreated */
  replaced: boolean;
  tables: number;
  rows: number;
  trackingRows: number;
  /** schema hash recorded in the backup, and what the restored database introspects to (equal when all went well) */
  schemaHash: string;
  restoredHash: string;
  /** DDL scripts and INSERT batches run */
  statements: number;
  durationMs: number;
}

/** What is in the target database, for the "only into an empty database" rule. */
export async function describeContents(conn: Connection, pc: ProjectContext): Promise<{ objects: number; migrations: number }> {
  const schema = await pc.dialect.introspect(conn);
  const migrations = (await readTracking(conn, { tableMayBeMissing: true })).length;
  return { objects: schema.tables.length + schema.views.length + schema.enums.length, migrations };
}

/**
 * `flash restore <file>`: verify the whole file first (corrupt → E_BACKUP_CORRUPT, nothing touched),
 * then load it into the live database. Only an empty database is restored into unless `replace`.
 * PostgreSQL and SQLite load in one transaction (a failure leaves the database as it was); MySQL
 * cannot roll DDL back, so a failed MySQL restore says so.
 */
export async function restore(pc: ProjectContext, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const started = Date.now();
  const { header, trailer } = await verifyBackup(file);
  if (header.provider !== pc.provider) {
    throw new FlashError(
      'E_UNSUPPORTED',
      `The backup is of a ${header.provider} database; this project uses ${pc.provider}.`,
      'Restore it into a project of the same provider (export --format sqlite/json moves data between engines).',
    );
  }
  const url = await liveUrl(pc);
  const admin = pc.dialect.databases;
  if (!(await admin.exists(url))) await admin.create(url);
  let conn = await pc.dialect.connect(url);
  let replaced = false;
  try {
    const contents = await describeContents(conn, pc);
    if (contents.objects + contents.migrations > 0) {
      if (!options.replace) {
        throw new FlashError(
          'E_NEEDS_YES',
          `${conn.description} is not empty (${contents.objects} table(s)/view(s)/type(s), ${contents.migrations} migration record(s)); restore replaces it entirely.`,
          'Pass --yes to drop and recreate it from the backup, or point DATABASE_URL at an empty database.',
        );
      }
      await closeQuietly(conn);
      await admin.drop(url);
      await admin.create(url);
      await forgetDatabase(pc.project.dir, url);
      conn = await pc.dialect.connect(url);
      replaced = true;
    }
    const loaded = await load(pc, conn, file, header, trailer.rows, options);
    const restoredHash = snapshotOf(await pc.dialect.introspect(conn)).id;
    return {
      database: conn.description,
      replaced,
      tables: header.schema.tables.length,
      ...loaded,
      schemaHash: header.schemaHash,
      restoredHash,
      durationMs: Date.now() - started,
    };
  } finally {
    await closeQuietly(conn);
  }
}

async function load(
  pc: ProjectContext,
  conn: Connection,
  file: string,
  header: BackupHeader,
  totalRows: number,
  options: RestoreOptions,
): Promise<{ rows: number; trackingRows: number; statements: number }> {
  const data = pc.dialect.data;
  const plan = data.loadPlan(header.schema);
  const tables = new Map<string, Table>(rowTables(header.schema).map((t) => [t.name, t]));
  tables.set(data.trackingTable.name, data.trackingTable);
  let statements = 0;
  let rows = 0;
  let trackingRows = 0;
  try {
    for (const sql of plan.before) {
      await conn.exec(sql);
      statements++;
    }
    await ensureTrackingTable(conn, pc.dialect);
    let table: Table | undefined;
    let columns: Column[] = [];
    let batch: DataValue[][] = [];
    let bytes = 0;
    const flush = async () => {
      if (!table || batch.length === 0) return;
      await data.insertRows(conn, table, columns, batch);
      statements++;
      if (table === data.trackingTable) trackingRows += batch.length;
      else rows += batch.length;
      batch = [];
      bytes = 0;
      options.onProgress?.({ table: table.name, rows: rows + trackingRows, totalRows });
    };
    let first = true;
    for await (const line of backupLines(file)) {
      if (first) {
        first = false; // the header, already read by verifyBackup
        continue;
      }
      if (line.startsWith('[')) {
        batch.push(parse<unknown[]>(file, line).map(decodeCell));
        bytes += line.length;
        if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
        continue;
      }
      const marker = parse<{ table?: string; columns?: string[]; end?: string; trailer?: unknown }>(file, line);
      if (marker.table !== undefined) {
        table = tables.get(marker.table);
        if (!table)
          throw new FlashError(
            'E_BACKUP_CORRUPT',
            `The backup ${file} has rows for table ${marker.table}, which its schema does not define.`,
            'Restore from another copy of the backup.',
          );
        const byName = new Map(table.columns.map((c) => [c.name, c]));
        columns = (marker.columns ?? []).map((n) => byName.get(n)!);
      } else if (marker.end !== undefined) {
        await flush();
        table = undefined;
      }
    }
    for (const sql of plan.after) {
      await conn.exec(sql);
      statements++;
    }
  } catch (err) {
    for (const sql of plan.rollback) await conn.exec(sql).catch(() => {});
    if (!pc.dialect.capabilities.transactionalDdl && err instanceof FlashError) {
      throw new FlashError(
        err.code,
        `${err.message} The restore stopped halfway; ${conn.description} holds part of the backup.`,
        'Fix the cause, then run `flash restore <file> --yes` again (it starts from an empty database).',
        { cause: err, data: err.data },
      );
    }
    throw err;
  }
  return { rows, trackingRows, statements };
}
