import type { Provider, Schema } from '../model/schema.js';
import { base64, type DataValue } from './values.js';

/**
 * `flash backup` file: gzipped JSON lines, one stream, read twice by restore (verify, then load).
 *
 *   {"header": BackupHeader}
 *   {"table": "users", "columns": ["id", "email"]}     a table section begins
 *   [1, "a@example.com"]                                one line per row, cells in `columns` order
 *   {"end": "users", "rows": 1}
 *   … every table, then `_flash_migrations` (so `flash status` is clean after a restore) …
 *   {"trailer": {"lines": N, "rows": R, "sha256": "…"}}
 *
 * `sha256` covers the uncompressed bytes of every line before the trailer, newlines included;
 * `lines` counts them. Cells are DataValues; binary ones are `{"$b64": "…"}`, the only object a
 * row line can hold. docs/backup-format.md describes the format for other tools.
 */
export const BACKUP_FORMAT = 'flash-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  provider: Provider;
  flashVersion: string;
  createdAt: string;
  /** the source, without password */
  database: string;
  /** snapshot id of `schema`: what the restored database must introspect to */
  schemaHash: string;
  schema: Schema;
}

export interface BackupTrailer {
  lines: number;
  rows: number;
  sha256: string;
}

export type BackupLine =
  { header: BackupHeader } | { table: string; columns: string[] } | { end: string; rows: number } | { trailer: BackupTrailer } | unknown[];

type EncodedCell = null | boolean | number | string | { $b64: string } | EncodedCell[];

export function encodeCell(value: DataValue): EncodedCell {
  if (value instanceof Uint8Array) return { $b64: base64(value) };
  if (Array.isArray(value)) return value.map(encodeCell);
  return value;
}

export function decodeCell(cell: unknown): DataValue {
  if (cell === null || typeof cell !== 'object') return cell as DataValue;
  if (Array.isArray(cell)) return cell.map(decodeCell);
  const b64 = (cell as { $b64?: unknown }).$b64;
  if (typeof b64 === 'string') return Buffer.from(b64, 'base64');
  throw new Error('unexpected object in a row');
}
