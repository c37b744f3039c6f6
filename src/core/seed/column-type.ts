import { typeObjectName, type Column, type Schema } from '../model/schema.js';

/**
 * What a column's declared type allows, read from the IR's type spelling: the length of text
 * columns, precision and scale of decimals, the range of integers, enum labels. Everything here is
 * derived from `Column.type`/`family`, so it works the same for every engine's spelling.
 */
export interface TypeLimits {
  /** varchar(n)/char(n): at most n characters */
  maxLength?: number;
  /** decimal(p,s) */
  precision?: number;
  scale?: number;
  /** integer range of the type (smallint, int unsigned, tinyint…) */
  min?: number;
  max?: number;
  /** enum labels (PG named type or MySQL inline `enum('a','b')`) */
  enumValues?: string[];
  /** PG arrays: the element type, e.g. `text` for `text[]` */
  elementType?: string;
}

const intRanges: Array<[RegExp, number, number]> = [
  [/^tinyint\b.*unsigned/, 0, 255],
  [/^tinyint\b/, -128, 127],
  [/^smallint\b.*unsigned/, 0, 65535],
  [/^(smallint|int2|smallserial)\b/, -32768, 32767],
  [/^mediumint\b.*unsigned/, 0, 16777215],
  [/^mediumint\b/, -8388608, 8388607],
  [/^(int|integer|int4|serial)\b.*unsigned/, 0, 4294967295],
  [/^(int|integer|int4|serial|mediumint)\b/, -2147483648, 2147483647],
  [/^(bigint|int8|bigserial)\b.*unsigned/, 0, Number.MAX_SAFE_INTEGER],
  [/^(bigint|int8|bigserial)\b/, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
];

export function typeLimits(column: Column, schema: Schema): TypeLimits {
  const type = column.type.toLowerCase();
  const limits: TypeLimits = {};
  if (type.endsWith('[]')) return { elementType: type.slice(0, -2) };
  const len = /^(?:varchar|character varying|char|character|nvarchar|nchar|varbinary|binary|bit varying)\s*\((\d+)\)/.exec(type);
  if (len) limits.maxLength = Number(len[1]);
  if (column.family === 'decimal') {
    const ps = /\((\d+)\s*(?:,\s*(\d+))?\)/.exec(type);
    if (ps) {
      limits.precision = Number(ps[1]);
      limits.scale = Number(ps[2] ?? 0);
    }
  }
  if (column.family === 'integer') {
    const range = intRanges.find(([re]) => re.test(type));
    if (range) [limits.min, limits.max] = [range[1], range[2]];
  }
  if (column.family === 'enum') limits.enumValues = enumLabels(type, schema);
  return limits;
}

/** `enum('a','b')` inline labels, else the labels of the named enum type (`mood`, `"Mood"`, `lookup."Mood"`). */
function enumLabels(type: string, schema: Schema): string[] | undefined {
  const inline = /^enum\s*\((.*)\)$/s.exec(type);
  if (inline) return [...inline[1].matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));
  const name = typeObjectName(type);
  return (schema.enums.find((e) => e.name === name) ?? schema.enums.find((e) => e.name.toLowerCase() === name.toLowerCase()))?.values;
}
