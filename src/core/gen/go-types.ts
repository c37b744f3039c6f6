/**
 * Go spelling of generator types for `database/sql` (standard library only). Nullable columns use
 * `sql.Null*`; bigint is int64, numeric a string (never float64); PostgreSQL arrays are slices read
 * and written through their text form by helpers in db.go, so no driver-specific type is needed.
 */
import type { GenType } from './model.js';
import type { TsDriver } from './ts-types.js';
import { pascalCase } from './names.js';

export type GoDriver = TsDriver;

export interface GoType {
  /** The Go type of a field or argument. */
  type: string;
  /** Packages the type needs (`database/sql`, `time`, `encoding/json`). */
  imports: string[];
  /** How to scan into `dest` (an addressable expression) when `&dest` is not enough. */
  scan?: (dest: string) => string;
  /** How to pass `value` when the driver cannot take it as is. */
  value?: (value: string) => string;
}

/** PostgreSQL enums become `type UserRole string`; MySQL's anonymous `enum(…)` columns stay strings. */
export function goEnumName(t: GenType): string | undefined {
  return t.base === 'enum' && t.enumName ? pascalCase(t.enumName) : undefined;
}

const NULLABLE: Record<string, { type: string; imports: string[] }> = {
  int32: { type: 'sql.NullInt32', imports: ['database/sql'] },
  int64: { type: 'sql.NullInt64', imports: ['database/sql'] },
  float64: { type: 'sql.NullFloat64', imports: ['database/sql'] },
  bool: { type: 'sql.NullBool', imports: ['database/sql'] },
  string: { type: 'sql.NullString', imports: ['database/sql'] },
  'time.Time': { type: 'sql.NullTime', imports: ['database/sql'] },
  '[]byte': { type: '[]byte', imports: [] },
};

function scalar(t: GenType, driver: GoDriver): { type: string; imports: string[] } {
  const unsigned = /unsigned/i.test(t.dbType);
  switch (t.base) {
    case 'int':
      // SQLite's INTEGER is 64-bit; an unsigned MySQL INT does not fit int32
      return { type: driver === 'better-sqlite3' || unsigned ? 'int64' : 'int32', imports: [] };
    case 'bigint':
      // BIGINT UNSIGNED exceeds int64: kept exact as its decimal text
      return { type: unsigned ? 'string' : 'int64', imports: [] };
    case 'float':
      return { type: 'float64', imports: [] };
    case 'bool':
      return { type: 'bool', imports: [] };
    case 'bytes':
      return { type: '[]byte', imports: [] };
    case 'date':
    case 'timestamp':
      return { type: 'time.Time', imports: ['time'] };
    case 'json':
      return { type: 'json.RawMessage', imports: ['encoding/json'] };
    case 'enum':
      return { type: goEnumName(t) ?? 'string', imports: [] };
    case 'unknown':
      return { type: 'interface{}', imports: [] };
    default:
      // decimal (exact text), text, uuid, time of day, interval
      return { type: 'string', imports: [] };
  }
}

/** Element parse/format helpers in db.go for a PostgreSQL array of this element type. */
export function goArrayHelpers(elem: string): { parse: string; format: string } {
  if (elem === 'int32' || elem === 'int64') return { parse: `pgParseInt[${elem}]`, format: `pgFormatInt[${elem}]` };
  if (elem === 'float64') return { parse: 'pgParseFloat', format: 'pgFormatFloat' };
  if (elem === 'bool') return { parse: 'pgParseBool', format: 'pgFormatBool' };
  return { parse: `pgParseText[${elem}]`, format: `pgFormatText[${elem}]` };
}

export function goType(t: GenType, driver: GoDriver, nullable: boolean): GoType {
  const s = scalar(t, driver);
  if (t.array) {
    // a nil slice is SQL NULL; elements are never NULL (refused when read)
    const elem = ['int32', 'int64', 'float64', 'bool'].includes(s.type) || goEnumName(t) ? s.type : 'string';
    const h = goArrayHelpers(elem);
    return {
      type: `[]${elem}`,
      imports: [],
      scan: (dest) => `pgArrayScanner[${elem}]{&${dest}, ${h.parse}}`,
      value: (value) => `pgArrayValuer[${elem}]{${value}, ${h.format}}`,
    };
  }
  if (t.base === 'json') {
    if (nullable) return { type: 'NullJSON', imports: [] };
    return { type: 'json.RawMessage', imports: ['encoding/json'], scan: (dest) => `jsonScanner{&${dest}}` };
  }
  const enumName = goEnumName(t);
  if (enumName) return { type: nullable ? `Null${enumName}` : enumName, imports: [] };
  if (!nullable || s.type === 'interface{}') return { type: s.type, imports: s.imports };
  const n = NULLABLE[s.type];
  return { type: n.type, imports: n.imports };
}
