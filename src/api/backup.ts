import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { BACKUP_FORMAT, BACKUP_VERSION, encodeCell, type BackupHeader } from '../core/data/backup-format.js';
import type { Column, Table } from '../core/model/schema.js';
import { snapshotOf } from '../core/snapshot/hash.js';
import { rowTables } from '../core/model/row-tables.js';
import { FlashError } from '../errors.js';
import { packageVersion } from '../version.js';
import { BackupWriter } from './project/data/backup-file.js';
import { closeQuietly, connectLive, type ProjectContext } from './project/project-context.js';
import { trackingTableExists } from './project/tracking.js';

const BATCH_ROWS = 1000;

export interface BackupOptions {
  /** the file to write (default: db/backups/<database>-<UTC timestamp>.flash-backup.gz) */
  out?: string;
  /** replace `out` if it exists (the CLI's --yes) */
  overwrite?: boolean;
  onProgress?: (p: { table: string; rows: number }) => void;
}

export interface BackupResult {
  file: string;
  bytes: number;
  database: string;
  schemaHash: string;
  tables: number;
  rows: number;
  /** rows of `_flash_migrations` carried along (0 when the database has none) */
  trackingRows: number;
  sha256: string;
  durationMs: number;
}

/** Rows a backup stores: generated columns are recomputed by the database on restore. */
export function storedColumns(table: Table): Column[] {
  return table.columns.filter((c) => !c.generated);
}

/** `flash backup`: schema snapshot, every table's rows and the tracking table in one verified file (core/data/backup-format.ts). */
export async function backup(pc: ProjectContext, options: BackupOptions = {}): Promise<BackupResult> {
  const started = Date.now();
  const { url, conn } = await connectLive(pc);
  try {
    const file = path.resolve(pc.project.dir, options.out ?? defaultBackupFile(pc, url));
    if (existsSync(file) && !options.overwrite) {
      throw new FlashError(
        'E_NEEDS_YES',
        `${file} already exists; refusing to overwrite it.`,
        'Pass --yes to replace it, or --out <file> to write elsewhere.',
        { data: { file } },
      );
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Before the read transaction: a failing probe would abort a PostgreSQL transaction.
    const hasTracking = await trackingTableExists(conn);
    const endRead = await pc.dialect.data.beginRead(conn);
    const writer = new BackupWriter(file);
    let rows = 0;
    let trackingRows = 0;
    try {
      const schema = await pc.dialect.introspect(conn);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        provider: pc.provider,
        flashVersion: packageVersion(),
        createdAt: new Date().toISOString(),
        database: conn.description,
        schemaHash: snapshotOf(structuredClone(schema)).id,
        schema,
      };
      await writer.line({ header });
      const sections: Array<{ table: Table; columns: Column[] }> = rowTables(schema).map((t) => ({
        table: t,
        columns: storedColumns(t),
      }));
      // The tracking table's ids are not kept: its rows are re-inserted in id order and numbered afresh.
      const tracking = pc.dialect.data.trackingTable;
      if (hasTracking) sections.push({ table: tracking, columns: tracking.columns.filter((c) => c.name !== 'id') });
      for (const { table, columns } of sections) {
        await writer.line({ table: table.name, columns: columns.map((c) => c.name) });
        let count = 0;
        for await (const batch of pc.dialect.data.streamRows(conn, table, columns, BATCH_ROWS)) {
          await writer.writeLines(batch.map((row) => row.map(encodeCell)));
          count += batch.length;
          options.onProgress?.({ table: table.name, rows: rows + count });
        }
        await writer.line({ end: table.name, rows: count });
        if (table === tracking) trackingRows = count;
        else rows += count;
      }
      await endRead();
      const done = await writer.finish(rows + trackingRows);
      return {
        file: done.file,
        bytes: done.bytes,
        database: conn.description,
        schemaHash: header.schemaHash,
        tables: schema.tables.length,
        rows,
        trackingRows,
        sha256: done.trailer.sha256,
        durationMs: Date.now() - started,
      };
    } catch (err) {
      await writer.abandon();
      throw err;
    }
  } finally {
    await closeQuietly(conn);
  }
}

function defaultBackupFile(pc: ProjectContext, url: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const name = path.basename(pc.dialect.databases.databaseName(url)).replace(/[^A-Za-z0-9_.-]/g, '_');
  return path.join('db', 'backups', `${name}-${stamp}.flash-backup.gz`);
}
