import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Table } from '../core/model/schema.js';
import { csvHeader, csvRecord } from '../core/data/csv.js';
import { toJsonValue, type DataValue } from '../core/data/values.js';
import { quoteObjectName } from '../core/sql-ident.js';
import { snapshotOf } from '../core/snapshot/hash.js';
import { rowTables } from '../core/model/row-tables.js';
import { FlashError } from '../errors.js';
import { packageVersion } from '../version.js';
import { closeQuietly, connectLive, type ProjectContext } from './project/project-context.js';
import { HashedFileWriter, hashFile, type WrittenFile } from './project/data/hashed-file.js';
import { selectTables } from './project/data/select-tables.js';

export type ExportFormat = 'json' | 'csv' | 'sqlite';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv', 'sqlite'];
export const MANIFEST_FILE = 'manifest.json';
export const SQLITE_EXPORT_FILE = 'export.sqlite';

/** Rows fetched per round trip; one batch is what an export holds in memory. */
const BATCH_ROWS = 1000;

export interface ExportOptions {
  format: ExportFormat;
  /** only these tables (default: every table Flash models) */
  tables?: string[];
  /** directory (default: `export_path` of the config, relative to the project) */
  out?: string;
  /** replace export files that already exist (the CLI's --yes) */
  overwrite?: boolean;
  onProgress?: (progress: ExportProgress) => void;
}

export interface ExportProgress {
  table: string;
  rows: number;
  totalRows: number;
}

export interface ExportedTable {
  table: string;
  file: string;
  rows: number;
}

export interface ExportResult {
  format: ExportFormat;
  dir: string;
  tables: ExportedTable[];
  files: Array<{ file: string; bytes: number; sha256: string }>;
  manifest: string;
  rows: number;
  /** what the SQLite file could not carry over (source-engine SQL): listed, never dropped silently */
  omitted: string[];
  durationMs: number;
}

export function exportDir(pc: ProjectContext, out: string | undefined): string {
  return path.resolve(pc.project.dir, out ?? pc.project.config.export_path);
}

/** File names an export writes, relative to its directory. */
export function exportFileNames(format: ExportFormat, tables: string[]): string[] {
  const data = format === 'sqlite' ? [SQLITE_EXPORT_FILE] : tables.map((t) => `${t}.${format}`);
  return [...data, MANIFEST_FILE];
}

/** The export files that already exist in `dir` (what --yes would replace). */
export function existingExportFiles(dir: string, format: ExportFormat, tables: string[]): string[] {
  return exportFileNames(format, tables)
    .map((f) => path.join(dir, f))
    .filter((f) => existsSync(f));
}

/** `flash export`: every selected table streamed to files, then a manifest with row counts and sha256 per file. */
export async function exportData(pc: ProjectContext, options: ExportOptions): Promise<ExportResult> {
  const started = Date.now();
  const dir = exportDir(pc, options.out);
  const { conn } = await connectLive(pc);
  try {
    const schema = await pc.dialect.introspect(conn);
    const tables = selectTables({ ...schema, tables: rowTables(schema) }, options.tables);
    const existing = existingExportFiles(
      dir,
      options.format,
      tables.map((t) => t.name),
    );
    if (existing.length && !options.overwrite) {
      throw new FlashError(
        'E_NEEDS_YES',
        `${existing.length} export file(s) already exist in ${dir} (${existing.map((f) => path.basename(f)).join(', ')}); refusing to overwrite.`,
        'Pass --yes to replace them, or --out <dir> to export elsewhere.',
        {
          data: { files: existing },
        },
      );
    }
    await fs.mkdir(dir, { recursive: true });
    const endRead = await pc.dialect.data.beginRead(conn);
    const counts = new Map<string, number>();
    let exportedTables: ExportedTable[] = [];
    let files: WrittenFile[] = [];
    let omitted: string[] = [];
    try {
      // beginRead refused an engine without SQL (MongoDB) by name; this only tells the type so.
      const sql = pc.dialect.traits.sql;
      if (!sql) throw new FlashError('E_UNSUPPORTED', `Export needs a SQL provider, not ${pc.provider}.`);
      for (const t of tables)
        counts.set(
          t.name,
          Number((await conn.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${quoteObjectName(sql, t.name)}`))[0]?.n ?? 0),
        );
      const totalRows = [...counts.values()].reduce((a, b) => a + b, 0);
      let done = 0;
      const batches = async function* (table: Table) {
        for await (const batch of pc.dialect.data.streamRows(conn, table, table.columns, BATCH_ROWS)) {
          yield batch;
          done += batch.length;
          options.onProgress?.({ table: table.name, rows: done, totalRows });
        }
      };
      if (options.format === 'sqlite') {
        ({ tables: exportedTables, files, omitted } = await writeSqlite(dir, tables, batches));
      } else {
        for (const table of tables) {
          const file = path.join(dir, `${table.name}.${options.format}`);
          const written = await writeTextFile(file, options.format, table, batches(table));
          exportedTables.push({ table: table.name, file: path.basename(file), rows: written.rows });
          files.push(written);
        }
      }
    } finally {
      await endRead();
    }
    const rows = exportedTables.reduce((a, t) => a + t.rows, 0);
    const fileEntries = files.map((f) => ({ file: path.basename(f.file), bytes: f.bytes, sha256: f.sha256 }));
    const manifest = {
      flashExport: 1,
      format: options.format,
      createdAt: new Date().toISOString(),
      flashVersion: packageVersion(),
      provider: pc.provider,
      database: conn.description,
      schema: snapshotOf(schema).id,
      tables: exportedTables,
      files: fileEntries,
      ...(omitted.length ? { omitted } : {}),
    };
    const manifestWriter = new HashedFileWriter(path.join(dir, MANIFEST_FILE));
    await manifestWriter.write(JSON.stringify(manifest, null, 2) + '\n');
    await manifestWriter.finish();
    return {
      format: options.format,
      dir,
      tables: exportedTables,
      files: fileEntries,
      manifest: path.join(dir, MANIFEST_FILE),
      rows,
      omitted,
      durationMs: Date.now() - started,
    };
  } finally {
    await closeQuietly(conn);
  }
}

/** One table as a JSON array of objects or as CSV with a header row. */
async function writeTextFile(
  file: string,
  format: 'json' | 'csv',
  table: Table,
  batches: AsyncIterable<DataValue[][]>,
): Promise<WrittenFile & { rows: number }> {
  const writer = new HashedFileWriter(file);
  const names = table.columns.map((c) => c.name);
  let rows = 0;
  try {
    await writer.write(format === 'csv' ? csvHeader(names) : '[');
    for await (const batch of batches) {
      let chunk = '';
      for (const row of batch) {
        if (format === 'csv') chunk += csvRecord(row);
        else {
          const obj: Record<string, unknown> = {};
          row.forEach((v, i) => (obj[names[i]] = toJsonValue(v, table.columns[i])));
          chunk += (rows === 0 ? '\n' : ',\n') + JSON.stringify(obj);
        }
        rows++;
      }
      await writer.write(chunk);
    }
    if (format === 'json') await writer.write(rows === 0 ? ']\n' : '\n]\n');
    return { ...(await writer.finish()), rows };
  } catch (err) {
    await writer.abandon();
    throw err;
  }
}

/** Every table into one SQLite file, built under a temp name and renamed when complete. */
async function writeSqlite(
  dir: string,
  tables: Table[],
  batches: (table: Table) => AsyncIterable<DataValue[][]>,
): Promise<{ tables: ExportedTable[]; files: WrittenFile[]; omitted: string[] }> {
  const { SqliteExportFile } = await import('../dialects/sqlite/export-file.js');
  const target = path.join(dir, SQLITE_EXPORT_FILE);
  const tmp = path.join(dir, `.tmp-${SQLITE_EXPORT_FILE}-${process.pid}`);
  await fs.rm(tmp, { force: true });
  const out = new SqliteExportFile(tmp, tables);
  const exported: ExportedTable[] = [];
  try {
    for (const table of tables) {
      let rows = 0;
      for await (const batch of batches(table)) {
        out.insert(table, batch);
        rows += batch.length;
      }
      exported.push({ table: table.name, file: SQLITE_EXPORT_FILE, rows });
    }
    out.close();
    await fs.rename(tmp, target);
  } catch (err) {
    out.abandon();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  return { tables: exported, files: [await hashFile(target)], omitted: out.omitted };
}
