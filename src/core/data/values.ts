import type { Column } from '../model/schema.js';

/**
 * A cell as every dialect hands it over (export, backup, raw): engine types reduced to a few
 * portable shapes, so the writers below never ask which engine a value came from.
 *  - integers that always fit a double (int2/int4) are numbers; 64-bit integers and decimals are
 *    strings, so no digit is lost;
 *  - dates and timestamps are ISO 8601 strings (`2024-05-01`, `2024-05-01T10:00:00`, `…Z` when the
 *    column stores an instant);
 *  - binary data is a Uint8Array (a Buffer);
 *  - JSON columns are the JSON text (a string), parsed only by writers that want a value;
 *  - non-finite floats are the strings `NaN`, `Infinity`, `-Infinity` (JSON has no such numbers);
 *  - arrays (PostgreSQL) are arrays of the same shapes.
 */
export type DataValue = null | boolean | number | string | Uint8Array | DataValue[];

/** Minimal column description the writers need; a schema IR Column satisfies it. */
export type ValueColumn = Pick<Column, 'name' | 'family' | 'type'>;

export function base64(value: Uint8Array): string {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
}

/** A finite float as a number, anything else as the spelling every engine accepts back. */
export function floatValue(value: number): number | string {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/** The value as it goes into a JSON export: binary as base64, JSON columns as JSON. */
export function toJsonValue(value: DataValue, column: ValueColumn): unknown {
  if (value === null) return null;
  if (column.family === 'json' && typeof value === 'string') return parseJsonText(value);
  return plainJson(value);
}

function plainJson(value: DataValue): unknown {
  if (value instanceof Uint8Array) return base64(value);
  if (Array.isArray(value)) return value.map(plainJson);
  return value;
}

/** JSON text from a JSON column; text that is not JSON (SQLite does not enforce it) stays a string. */
function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The value as text for formats without types (CSV, the raw table): null is undefined. */
export function toText(value: DataValue): string | undefined {
  if (value === null) return undefined;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return base64(value);
  if (Array.isArray(value)) return JSON.stringify(plainJson(value));
  return String(value);
}

const numericInSqlite = new Set<ValueColumn['family']>(['integer', 'float', 'boolean', 'binary']);

/**
 * The value as better-sqlite3 binds it into an export file: booleans 0/1, arrays as JSON text,
 * 64-bit integers as BigInt (an INTEGER column keeps them exact).
 */
export function toSqliteValue(value: DataValue, column: ValueColumn): null | number | string | bigint | Uint8Array {
  // A number bound into a TEXT column would be stored as SQLite prints a REAL (9 → "9.0").
  if (typeof value === 'number') return numericInSqlite.has(column.family) ? value : String(value);
  if (value === null || value instanceof Uint8Array) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) return JSON.stringify(plainJson(value));
  if (column.family === 'integer' && /^-?\d+$/.test(value)) return BigInt(value);
  return value;
}
