import type { Faker } from '@faker-js/faker';
import type { Column } from '../model/schema.js';
import type { ColumnBounds } from './check-bounds.js';
import type { TypeLimits } from './column-type.js';
import { integerRangeForName, isBirthDateName, isFutureDateName, numberRangeForName, textForName } from './name-heuristics.js';

/** A value as the drivers bind it: text, numbers, booleans, bytes (Buffer), arrays (PG), or null. */
export type SeedValue = string | number | boolean | Buffer | SeedValue[] | null;

export type ValueMaker = (f: Faker) => SeedValue;

/**
 * The generator for one column: a CHECK value list or enum wins, then the name heuristic, then the
 * type family; the result is always clamped to the type's limits and the CHECK's range. Returns
 * undefined for a type Flash cannot produce values for (the plan refuses or leaves it out by name).
 */
export function valueMaker(column: Column, table: string, limits: TypeLimits, bounds: ColumnBounds = {}): ValueMaker | undefined {
  const list = bounds.oneOf ?? limits.enumValues;
  if (list && list.length > 0) {
    const numeric = column.family === 'integer' || column.family === 'decimal' || column.family === 'float';
    const values: SeedValue[] = list.map((v) => (numeric ? Number(v) : String(v)));
    return (f) => f.helpers.arrayElement(values);
  }
  switch (column.family) {
    case 'integer':
      return integerMaker(column, limits, bounds);
    case 'decimal':
    case 'float':
      return numberMaker(column, limits, bounds);
    case 'boolean':
      return (f) => f.datatype.boolean();
    case 'text':
      return textMaker(column, table, limits, bounds);
    case 'uuid':
      return (f) => f.string.uuid();
    case 'binary':
      return (f) => Buffer.from(f.string.hexadecimal({ length: 32, prefix: '' }), 'hex');
    case 'json':
      return (f) => JSON.stringify({ [f.lorem.word()]: f.lorem.words(3), id: f.number.int({ max: 1000 }) });
    case 'date':
      if (/^year/.test(column.type)) return (f) => f.number.int({ min: 1970, max: 2025 });
      return (f) => formatDate(dateFor(column.name, f)).slice(0, 10);
    case 'timestamp':
      return (f) => formatDate(dateFor(column.name, f));
    case 'time':
      return (f) => formatDate(f.date.anytime()).slice(11);
    case 'interval':
      return (f) => `${f.number.int({ min: 1, max: 90 })} days`;
    case 'array':
      return arrayMaker(limits);
    default:
      return undefined;
  }
}

function integerMaker(column: Column, limits: TypeLimits, bounds: ColumnBounds): ValueMaker {
  const [nameMin, nameMax] = integerRangeForName(column.name) ?? [1, 1000];
  const [min, max] = clampRange(nameMin, nameMax, limits.min, limits.max, bounds, 1);
  return (f) => f.number.int({ min, max });
}

function numberMaker(column: Column, limits: TypeLimits, bounds: ColumnBounds): ValueMaker {
  const scale = limits.scale ?? (column.family === 'float' ? 2 : 2);
  const step = 10 ** -scale;
  // decimal(p,s) holds at most p-s integer digits
  const typeMax = limits.precision !== undefined ? 10 ** (limits.precision - (limits.scale ?? 0)) - step : undefined;
  const [nameMin, nameMax] = numberRangeForName(column.name) ?? [0, 1000];
  const [min, max] = clampRange(nameMin, nameMax, typeMax === undefined ? undefined : -typeMax, typeMax, bounds, step);
  if (column.family === 'float') return (f) => f.number.float({ min, max, fractionDigits: scale });
  return (f) => f.number.float({ min, max, fractionDigits: scale }).toFixed(scale);
}

/**
 * Intersect the realistic range with the type's and the CHECK's; strict bounds move by `step`.
 * If the realistic range falls outside the allowed one, the allowed one is used.
 */
function clampRange(
  lo: number,
  hi: number,
  typeMin: number | undefined,
  typeMax: number | undefined,
  bounds: ColumnBounds,
  step: number,
): [number, number] {
  let allowedMin = typeMin ?? -Infinity;
  let allowedMax = typeMax ?? Infinity;
  if (bounds.min !== undefined) allowedMin = Math.max(allowedMin, bounds.min + (bounds.minExclusive ? step : 0));
  if (bounds.max !== undefined) allowedMax = Math.min(allowedMax, bounds.max - (bounds.maxExclusive ? step : 0));
  let min = Math.max(lo, allowedMin);
  let max = Math.min(hi, allowedMax);
  if (min > max) {
    // the realistic range is outside what is allowed: take a window of the allowed range
    min = Number.isFinite(allowedMin) ? allowedMin : allowedMax - (hi - lo);
    max = Number.isFinite(allowedMax) ? Math.min(allowedMax, min + (hi - lo)) : min + (hi - lo);
  }
  if (step === 1) return [Math.ceil(min), Math.floor(max)];
  return [min, max];
}

function textMaker(column: Column, table: string, limits: TypeLimits, bounds: ColumnBounds): ValueMaker {
  const base = textForName(column.name, table) ?? ((f: Faker) => f.lorem.words({ min: 1, max: 4 }));
  const maxLength = Math.min(limits.maxLength ?? Infinity, bounds.maxLength ?? Infinity);
  const minLength = bounds.minLength ?? 0;
  return (f) => {
    let s = base(f);
    while (s.length < minLength) s += ` ${f.lorem.word()}`;
    return Number.isFinite(maxLength) ? s.slice(0, maxLength) : s;
  };
}

function arrayMaker(limits: TypeLimits): ValueMaker {
  const element = limits.elementType ?? 'text';
  if (/int|serial/.test(element))
    return (f) => f.helpers.multiple(() => f.number.int({ min: 1, max: 1000 }), { count: { min: 0, max: 4 } });
  if (/numeric|decimal|real|double|float/.test(element))
    return (f) => f.helpers.multiple(() => f.number.float({ min: 0, max: 100, fractionDigits: 2 }), { count: { min: 0, max: 4 } });
  if (/bool/.test(element)) return (f) => f.helpers.multiple(() => f.datatype.boolean(), { count: { min: 0, max: 4 } });
  return (f) => f.helpers.multiple(() => f.lorem.word(), { count: { min: 0, max: 4 } });
}

function dateFor(name: string, f: Faker): Date {
  if (isBirthDateName(name)) return f.date.birthdate({ mode: 'age', min: 18, max: 80 });
  if (isFutureDateName(name)) return f.date.soon({ days: 365 });
  return f.date.past({ years: 2 });
}

/** `YYYY-MM-DD HH:MM:SS` in UTC: accepted by every engine's date/time types, unlike ISO's `T…Z`. */
function formatDate(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}
