import pg from 'pg';
import { floatValue, type DataValue } from '../../core/data/values.js';

/**
 * PostgreSQL text output → DataValue. Flash reads every column as text (no pg type parsers: they
 * turn `timestamp` into a local-time Date and `point` into an object) and converts here by the
 * column's canonical type, in a session with TimeZone UTC and DateStyle ISO (see data.ts).
 */
export function pgValue(text: string | null, type: string): DataValue {
  if (text === null) return null;
  if (type.endsWith('[]')) {
    const element = type.slice(0, -2);
    return parseArray(text).map(function convert(e: unknown): DataValue {
      return Array.isArray(e) ? e.map(convert) : pgValue(e as string | null, element);
    });
  }
  const base = type.replace(/\(.*\)$/, '');
  switch (base) {
    case 'boolean':
      return text === 't';
    case 'smallint':
    case 'integer':
    case 'oid':
      return Number(text);
    case 'real':
    case 'double precision':
      return floatValue(Number(text));
    case 'bytea':
      return Buffer.from(text.slice(2), 'hex');
    case 'date':
      return text;
    case 'timestamp':
      return isoTimestamp(text);
    case 'timestamptz':
      return isoTimestamp(text).replace(/\+00$/, 'Z');
    default:
      // bigint and numeric stay exact as text; json is its own text; enums, uuid, intervals, … are text.
      return text;
  }
}

/** `2024-05-01 10:00:00.5` → `2024-05-01T10:00:00.5`; infinity and BC dates keep the server's spelling. */
function isoTimestamp(text: string): string {
  return /^\d{4,}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?([+-]\d\d(:\d\d){0,2})?$/.test(text) ? text.replace(' ', 'T') : text;
}

/** pg's own array-literal parser (the one it registers for text[]), elements left as text. */
const textArrayParser = pg.types.getTypeParser(1009 as never, 'text') as (text: string) => unknown[];
function parseArray(text: string): unknown[] {
  // Array literals with explicit bounds (`[0:1]={a,b}`) keep only the elements.
  return textArrayParser(text.replace(/^\[[^\]]*\](\[[^\]]*\])*=/, ''));
}

/** Canonical type names of the built-in OIDs a raw query may return (anything else is text). */
const oidTypes: Record<number, string> = {
  16: 'boolean',
  17: 'bytea',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  26: 'oid',
  700: 'real',
  701: 'double precision',
  1082: 'date',
  1114: 'timestamp',
  1184: 'timestamptz',
  1000: 'boolean[]',
  1001: 'bytea[]',
  1005: 'smallint[]',
  1007: 'integer[]',
  1016: 'bigint[]',
  1021: 'real[]',
  1022: 'double precision[]',
  1182: 'date[]',
  1115: 'timestamp[]',
  1185: 'timestamptz[]',
  // arrays whose elements stay text: text, varchar, char, uuid, numeric, json, jsonb
  1009: 'text[]',
  1015: 'text[]',
  1014: 'text[]',
  2951: 'text[]',
  1231: 'text[]',
  199: 'text[]',
  3807: 'text[]',
};

/** The type pgValue converts a raw query's column by; other types (enums, arrays of them, …) stay the server's text. */
export function typeOfOid(oid: number): string {
  return oidTypes[oid] ?? 'text';
}

/** pg type parsers that return every value as the server's text (the conversion is pgValue's job). */
export const textTypes = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;
