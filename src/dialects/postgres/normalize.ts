import type { TypeFamily } from '../../core/model/schema.js';

/**
 * Canonical spellings of PostgreSQL types and expressions, so that the same schema written in different
 * ways (`int4` / `INT` / `integer`, `'x'::text` / `'x'`) and read back from different server versions
 * (PGlite shadow vs the real server) produces the same IR.
 */

const typeRewrites: Array<[RegExp, string]> = [
  [/^character varying(\(\d+\))?$/, 'varchar$1'],
  [/^character(\(\d+\))$/, 'char$1'],
  [/^timestamp(\(\d\))? without time zone$/, 'timestamp$1'],
  [/^timestamp(\(\d\))? with time zone$/, 'timestamptz$1'],
  [/^time(\(\d\))? without time zone$/, 'time$1'],
  [/^time(\(\d\))? with time zone$/, 'timetz$1'],
  [/^bit varying(\(\d+\))?$/, 'varbit$1'],
];

/** `format_type()` output → canonical spelling (arrays keep their `[]` suffix). */
export function normalizeType(formatted: string): string {
  const m = /^(.*?)((?:\[\])*)$/.exec(formatted.trim())!;
  let base = m[1];
  if (!base.startsWith('"')) base = base.toLowerCase();
  for (const [re, to] of typeRewrites) {
    if (re.test(base)) {
      base = base.replace(re, to);
      break;
    }
  }
  return base + m[2];
}

const families: Array<[RegExp, TypeFamily]> = [
  [/^(smallint|integer|bigint|smallserial|serial|bigserial|int[248]?)$/, 'integer'],
  [/^(numeric|decimal|money)(\(.*\))?$/, 'decimal'],
  [/^(real|double precision|float[48]?)$/, 'float'],
  [/^boolean$/, 'boolean'],
  [/^(text|varchar|char|bpchar|citext|name)(\(.*\))?$/, 'text'],
  [/^bytea$/, 'binary'],
  [/^date$/, 'date'],
  [/^(time|timetz)(\(\d\))?$/, 'time'],
  [/^(timestamp|timestamptz)(\(\d\))?$/, 'timestamp'],
  [/^interval/, 'interval'],
  [/^uuid$/, 'uuid'],
  [/^jsonb?$/, 'json'],
];

export function typeFamily(type: string, isEnum: boolean): TypeFamily {
  if (type.endsWith('[]')) return 'array';
  if (isEnum) return 'enum';
  for (const [re, family] of families) if (re.test(type)) return family;
  return 'other';
}

const castTarget = /^[a-z_"][a-z0-9_" ]*(\(\d+(,\d+)?\))?( with(out)? time zone)?(\[\])*$/;
const numeric = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/**
 * `pg_get_expr()` of a column default → canonical text: literal casts the column type implies are
 * dropped (`'x'::text` → `'x'`, `'-1'::integer` → `-1`) and an explicit `NULL` default means no default
 * (returns undefined). `CURRENT_TIMESTAMP` stays as written: the server keeps it apart from `now()`, and
 * the database Flash builds must dump like the one the files build (snapshots from before recorded it
 * as `now()`: recorded-spelling.ts).
 */
export function normalizeDefault(expr: string, family: TypeFamily): string | undefined {
  let text = expr.trim();
  if (/^NULL(::.*)?$/i.test(text)) return undefined;
  const cast = /^('(?:[^']|'')*')::(.+)$/.exec(text);
  if (cast && castTarget.test(cast[2])) {
    text = cast[1];
    const inner = text.slice(1, -1);
    if ((family === 'integer' || family === 'decimal' || family === 'float') && numeric.test(inner)) text = inner;
  }
  if (/^\(?-?\d+(\.\d+)?\)?$/.test(text)) text = text.replace(/^\((.*)\)$/, '$1');
  return text;
}

/** `pg_get_constraintdef()` of a CHECK → the expression inside `CHECK (…)`, without NOT VALID / NO INHERIT. */
export function normalizeCheck(def: string): string {
  let text = def.trim().replace(/(\s+NO INHERIT|\s+NOT VALID)+$/g, '');
  const m = /^CHECK\s*\(([\s\S]*)\)$/.exec(text);
  if (m) text = m[1];
  return text.trim();
}

/**
 * `pg_get_viewdef()` → trimmed, without the trailing semicolon. PostgreSQL 16 stopped qualifying column
 * names in single-relation queries (`SELECT users.id FROM users` became `SELECT id FROM users`); older
 * servers' output is brought to the newer spelling so a PGlite shadow and a PG15 server agree.
 */
export function normalizeViewDefinition(def: string, serverVersion: number): string {
  const text = def.trim().replace(/;\s*$/, '').trim();
  return serverVersion >= 160000 ? text : unqualifySingleRelation(text);
}

const ident = '(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")';
// the relation may be schema-qualified (`billing.invoices`); its columns are then prefixed with its own name
const singleFrom = new RegExp(`\\bFROM\\s+(?:${ident}\\.)?(${ident})(?:\\s+(?:AS\\s+)?(${ident}))?\\s*(?:\\n|$)`, 'g');

function unqualifySingleRelation(text: string): string {
  if (/\b(JOIN|UNION|INTERSECT|EXCEPT)\b/.test(text)) return text;
  const froms = [...text.matchAll(singleFrom)];
  if (froms.length !== 1 || (text.match(/\bFROM\b/g) ?? []).length !== 1 || (text.match(/\bSELECT\b/g) ?? []).length !== 1) return text;
  const from = froms[0];
  const qualifier = from[2] ?? from[1];
  // rewrite only outside string literals
  const escaped = qualifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const prefix = new RegExp(`(^|[^a-z0-9_$."])${escaped}\\.(?=[a-z_"])`, 'g');
  return text
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(prefix, '$1')))
    .join('');
}
