import { createHash } from 'node:crypto';
import type { Schema } from '../model/schema.js';
import { canonicalizeSchema, canonicalJson } from './canonical.js';

/** sha256 hex of the given bytes/string. Pure (node:crypto does no I/O). */
export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export interface Snapshot {
  id: string;
  /** canonical JSON text, exactly what is stored and hashed */
  content: string;
  schema: Schema;
}

export function snapshotOf(schema: Schema): Snapshot {
  const canonical = canonicalizeSchema(schema);
  const content = canonicalJson(canonical);
  return { id: sha256(content), content, schema: canonical };
}

export function snapshotId(schema: Schema): string {
  return snapshotOf(schema).id;
}

/** A full 64-hex sha256 id. */
export function isHash(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

/**
 * Id of the schema with each table's columns sorted by name. Two databases that reached the same
 * schema along different migration orders (after a merge) can differ only in column positions, which
 * engines append to; comparisons across such histories use this id.
 */
export function columnOrderInsensitiveId(schema: Schema): string {
  return snapshotId({
    ...schema,
    tables: schema.tables.map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) })),
  });
}
