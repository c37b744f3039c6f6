import type { EngineTraits } from '../engine-traits.js';
import type { Column } from '../model/schema.js';

/** What a type change's risk depends on besides the two types. */
export type TypeTraits = Pick<EngineTraits, 'enforcesDeclaredTypes' | 'boundedTextTypes'>;

/** A column type split into base name, numeric arguments and the MySQL `unsigned` flag. */
export interface ParsedType {
  base: string;
  args: number[];
  unsigned: boolean;
}

export function parseType(type: string): ParsedType {
  const lower = type.toLowerCase();
  const unsigned = /\bunsigned\b/.test(lower);
  const cleaned = lower
    .replace(/\b(unsigned|zerofill)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const open = cleaned.indexOf('(');
  const base = (open >= 0 ? cleaned.slice(0, open) : cleaned).replace(/ with(out)? time zone$/, '').trim();
  const close = cleaned.indexOf(')', open);
  const args =
    open >= 0 && close > open
      ? cleaned
          .slice(open + 1, close)
          .split(',')
          .map((a) => a.trim())
          .filter((a) => /^\d+$/.test(a))
          .map(Number)
      : [];
  return { base, args, unsigned };
}

/** Storage size in bytes of integer types by the name each engine reports. */
const integerBytes: Record<string, number> = {
  tinyint: 1,
  smallint: 2,
  int2: 2,
  mediumint: 3,
  int: 4,
  integer: 4,
  int4: 4,
  bigint: 8,
  int8: 8,
};

/** Character limits of unparameterized text types (MySQL in bytes; close enough for a warning). */
const textLimits: Record<string, number> = { tinytext: 255, text: 65_535, mediumtext: 16_777_215, longtext: 4_294_967_295 };
const boundedText = new Set([
  'varchar',
  'character varying',
  'char',
  'character',
  'nvarchar',
  'nchar',
  'varbinary',
  'binary',
  'bit varying',
  'varbit',
]);

export interface IntegerRange {
  min: bigint;
  max: bigint;
}

export function integerRange(type: ParsedType): IntegerRange | undefined {
  const bytes = integerBytes[type.base];
  if (bytes === undefined) return undefined;
  const bits = BigInt(bytes * 8);
  return type.unsigned ? { min: 0n, max: 2n ** bits - 1n } : { min: -(2n ** (bits - 1n)), max: 2n ** (bits - 1n) - 1n };
}

/** Maximum length in characters, or Infinity when unbounded. */
export function textLength(traits: TypeTraits, type: ParsedType): number {
  if (boundedText.has(type.base)) return type.args[0] ?? (['char', 'character', 'nchar', 'binary'].includes(type.base) ? 1 : Infinity);
  if (traits.boundedTextTypes && textLimits[type.base] !== undefined) return textLimits[type.base];
  return Infinity;
}

/** What may happen to existing values when a column's type changes. */
export type TypeChangeRisk =
  { kind: 'narrowing'; reason: string; maxLength?: number; range?: IntegerRange } | { kind: 'conversion'; reason: string };

/**
 * Whether a type change can fail or lose data: a smaller integer or string, fewer numeric digits, a
 * time part dropped, or a conversion between families (text → integer, text → enum…). Widening and
 * anything → text of unbounded length are safe. An engine that does not enforce declared types (SQLite)
 * loses nothing to a narrowing; a change of family only changes the affinity.
 */
export function typeChangeRisk(traits: TypeTraits, from: Column, to: Column): TypeChangeRisk | null {
  if (from.type === to.type && from.family === to.family) return null;
  const a = parseType(from.type);
  const b = parseType(to.type);
  if (from.family === to.family) return sameFamilyRisk(traits, from, a, b);
  if (to.family === 'text') {
    const max = textLength(traits, b);
    if (!traits.enforcesDeclaredTypes || max === Infinity || max >= 40) return null;
    return { kind: 'narrowing', reason: `${from.type} values longer than ${max} characters do not fit ${to.type}`, maxLength: max };
  }
  if (!traits.enforcesDeclaredTypes) return { kind: 'conversion', reason: `values change affinity from ${from.type} to ${to.type}` };
  if (from.family === 'integer' && (to.family === 'decimal' || to.family === 'float')) return null;
  if ((from.family === 'decimal' || from.family === 'float') && to.family === 'integer') {
    return { kind: 'narrowing', reason: `the fractional part of ${from.type} values is lost in ${to.type}` };
  }
  if (from.family === 'date' && to.family === 'timestamp') return null;
  if (from.family === 'timestamp' && to.family === 'date')
    return { kind: 'narrowing', reason: `the time of day is lost converting ${from.type} to ${to.type}` };
  return { kind: 'conversion', reason: `existing ${from.type} values must convert to ${to.type}, or the migration fails` };
}

function sameFamilyRisk(traits: TypeTraits, from: Column, a: ParsedType, b: ParsedType): TypeChangeRisk | null {
  if (!traits.enforcesDeclaredTypes) return null;
  switch (from.family) {
    case 'integer': {
      const ra = integerRange(a);
      const rb = integerRange(b);
      if (!ra || !rb || (rb.min <= ra.min && rb.max >= ra.max)) return null;
      return {
        kind: 'narrowing',
        reason: `${a.base}${a.unsigned ? ' unsigned' : ''} values outside ${rb.min}..${rb.max} do not fit`,
        range: rb,
      };
    }
    case 'text':
    case 'binary': {
      const la = textLength(traits, a);
      const lb = textLength(traits, b);
      if (lb >= la) return null;
      return { kind: 'narrowing', reason: `values longer than ${lb} characters do not fit`, maxLength: lb };
    }
    case 'decimal': {
      const [pa, sa] = [a.args[0] ?? Infinity, a.args[1] ?? 0];
      const [pb, sb] = [b.args[0] ?? Infinity, b.args[1] ?? 0];
      if (pb - sb >= pa - sa && sb >= sa) return null;
      return {
        kind: 'narrowing',
        reason: sb < sa ? `values are rounded to ${sb} decimal places` : `values with more than ${pb - sb} integer digits do not fit`,
      };
    }
    case 'float':
      return /double|float8/.test(a.base) && !/double|float8/.test(b.base)
        ? { kind: 'narrowing', reason: 'double precision values lose precision' }
        : null;
    case 'timestamp':
    case 'time':
    case 'interval': {
      const pa = a.args[0] ?? 6;
      const pb = b.args[0] ?? 6;
      return pb < pa ? { kind: 'narrowing', reason: `fractional seconds are rounded to ${pb} digits` } : null;
    }
    case 'enum':
      // Inline MySQL enums losing values are L008; a PostgreSQL column moving to another enum type must convert.
      return a.base === 'enum' && b.base === 'enum'
        ? null
        : { kind: 'conversion', reason: `existing ${from.type} values must exist in ${b.base}` };
    default:
      return a.base === b.base
        ? null
        : { kind: 'conversion', reason: `existing ${from.type} values must convert to ${b.base}, or the migration fails` };
  }
}

/** MySQL `enum('a','b')` values; empty when `type` is not an inline enum. */
export function inlineEnumValues(type: string): string[] {
  const m = /^\s*enum\s*\((.*)\)\s*$/is.exec(type);
  if (!m) return [];
  const values: string[] = [];
  const re = /'((?:[^']|'')*)'/g;
  for (let hit = re.exec(m[1]); hit; hit = re.exec(m[1])) values.push(hit[1].replace(/''/g, "'"));
  return values;
}

export function enumValuesRemoved(fromType: string, toType: string): string[] {
  const kept = new Set(inlineEnumValues(toType));
  return inlineEnumValues(fromType).filter((v) => !kept.has(v));
}

/**
 * PostgreSQL rewrites the whole table (ACCESS EXCLUSIVE lock for the duration) on a type change,
 * except the binary-compatible widenings it special-cases: longer varchar/varbit, varchar → text,
 * more numeric precision at the same scale, more fractional-second precision.
 */
export function pgTypeChangeRewrites(fromType: string, toType: string): boolean {
  const a = parseType(fromType);
  const b = parseType(toType);
  const varchar = (t: ParsedType): boolean => t.base === 'varchar' || t.base === 'character varying';
  if (varchar(a) && (b.base === 'text' || (varchar(b) && (b.args.length === 0 || (a.args.length > 0 && b.args[0] >= a.args[0])))))
    return false;
  if (a.base === b.base && (a.base === 'varbit' || a.base === 'bit varying'))
    return !(b.args.length === 0 || (a.args.length > 0 && b.args[0] >= a.args[0]));
  if (a.base === b.base && (a.base === 'numeric' || a.base === 'decimal')) {
    if (b.args.length === 0) return false;
    return !(a.args.length > 0 && b.args[0] >= a.args[0] && (b.args[1] ?? 0) === (a.args[1] ?? 0));
  }
  if (a.base === b.base && /^(timestamp|time|interval)/.test(a.base)) return (b.args[0] ?? 6) < (a.args[0] ?? 6);
  if (a.base === 'cidr' && b.base === 'inet') return false;
  return true;
}

/** Defaults PostgreSQL must evaluate per row when a column is added, which rewrites the table. */
export function pgVolatileDefault(expression: string | undefined): boolean {
  return (
    expression !== undefined && /\b(random|gen_random_uuid|uuid_generate_v[14]|clock_timestamp|timeofday|nextval)\s*\(/i.test(expression)
  );
}
