import type { CheckConstraint } from '../model/schema.js';

/**
 * What a CHECK constraint says about single columns, when that can be decided from its text:
 * ranges (`>`, `>=`, `<`, `<=`, `BETWEEN`) and value lists (`IN (…)`, PostgreSQL's
 * `= ANY (ARRAY[…])`), joined with AND. Anything else (two columns compared, functions, OR) is
 * reported as undecidable so the caller can say so by name instead of pretending it holds.
 */
export interface ColumnBounds {
  min?: number;
  max?: number;
  /** strict bounds: value must differ from min/max */
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** allowed values (IN list) */
  oneOf?: Array<string | number>;
  /** length(col) bounds */
  minLength?: number;
  maxLength?: number;
}

export interface CheckAnalysis {
  bounds: Map<string, ColumnBounds>;
  undecidable: CheckConstraint[];
}

export function analyzeChecks(checks: CheckConstraint[], columnNames: string[]): CheckAnalysis {
  const bounds = new Map<string, ColumnBounds>();
  const undecidable: CheckConstraint[] = [];
  const columns = new Map(columnNames.map((c) => [c.toLowerCase(), c]));
  for (const check of checks) {
    const parsed = parseConjunction(stripCasts(check.expression), columns);
    if (!parsed) {
      undecidable.push(check);
      continue;
    }
    for (const [col, b] of parsed) bounds.set(col, merge(bounds.get(col) ?? {}, b));
  }
  return { bounds, undecidable };
}

/** `x::numeric`, `'-5'::integer`, `(0)::numeric`, `::text[]`, `::character varying` → the bare value. */
function stripCasts(expr: string): string {
  return expr
    .replace(/'(-?\d+(?:\.\d+)?)'\s*::/g, '$1::')
    .replace(/\(\s*(-?\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*)\s*\)\s*::/g, '$1::')
    .replace(
      /::\s*(?:character varying|double precision|time(?:stamp)? with(?:out)? time zone|"[^"]+"|[a-z_][a-z0-9_]*)(\(\d+(,\s*\d+)?\))?(\[\])?/gi,
      '',
    );
}

function unwrapParens(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && t.endsWith(')') && balanced(t.slice(1, -1))) t = t.slice(1, -1).trim();
  return t;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Split on top-level AND (not the AND of BETWEEN … AND …). */
function splitAnd(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let inBetween = false;
  const re = /'(?:[^']|'')*'|\(|\)|\bbetween\b|\band\b/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const tok = m[0].toLowerCase();
    if (tok === '(') depth++;
    else if (tok === ')') depth--;
    else if (depth === 0 && tok === 'between') inBetween = true;
    else if (depth === 0 && tok === 'and') {
      if (inBetween) inBetween = false;
      else {
        parts.push(text.slice(start, m.index));
        start = m.index + m[0].length;
      }
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

const ident = '[`"]?([A-Za-z_][A-Za-z0-9_]*)[`"]?';
const num = '(-?\\d+(?:\\.\\d+)?)';
const literal = "('(?:[^']|'')*'|-?\\d+(?:\\.\\d+)?)";

function parseConjunction(expr: string, columns: Map<string, string>): Map<string, ColumnBounds> | undefined {
  const out = new Map<string, ColumnBounds>();
  for (const raw of splitAnd(unwrapParens(expr))) {
    const part = unwrapParens(raw);
    const one = parseDisjunction(part, columns);
    if (!one) return undefined;
    out.set(one[0], merge(out.get(one[0]) ?? {}, one[1]));
  }
  return out;
}

/** `a = 'x' OR a = 'y' OR a IN (…)`: a value list on one column; any other OR is undecidable. */
function parseDisjunction(part: string, columns: Map<string, string>): [string, ColumnBounds] | undefined {
  const pieces = splitTopLevel(part, 'or');
  if (pieces.length === 1) return parseAtom(part, columns);
  const values: Array<string | number> = [];
  let column: string | undefined;
  for (const piece of pieces) {
    const one = parseAtom(unwrapParens(piece), columns);
    if (!one || !one[1].oneOf || (column !== undefined && column !== one[0])) return undefined;
    column = one[0];
    values.push(...one[1].oneOf);
  }
  return [column!, { oneOf: values }];
}

function splitTopLevel(text: string, word: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  const re = new RegExp(`'(?:[^']|'')*'|\\(|\\)|\\b${word}\\b`, 'gi');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '(') depth++;
    else if (m[0] === ')') depth--;
    else if (depth === 0 && m[0].toLowerCase() === word) {
      parts.push(text.slice(start, m.index));
      start = m.index + m[0].length;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

function parseAtom(part: string, columns: Map<string, string>): [string, ColumnBounds] | undefined {
  const col = (name: string) => columns.get(name.toLowerCase());
  let m = new RegExp(`^${ident}\\s*(>=|<=|>|<)\\s*${num}$`, 'i').exec(part);
  if (m && col(m[1])) return [col(m[1])!, comparison(m[2], Number(m[3]))];
  m = new RegExp(`^${num}\\s*(>=|<=|>|<)\\s*${ident}$`, 'i').exec(part);
  if (m && col(m[3])) return [col(m[3])!, comparison(flip(m[2]), Number(m[1]))];
  m = new RegExp(`^${ident}\\s+between\\s+${num}\\s+and\\s+${num}$`, 'i').exec(part);
  if (m && col(m[1])) return [col(m[1])!, { min: Number(m[2]), max: Number(m[3]) }];
  m = new RegExp(`^(?:char_length|length|character_length)\\s*\\(\\s*${ident}\\s*\\)\\s*(>=|<=|>|<)\\s*${num}$`, 'i').exec(part);
  if (m && col(m[1])) {
    const b = comparison(m[2], Number(m[3]));
    return [
      col(m[1])!,
      {
        minLength: b.min === undefined ? undefined : b.min + (b.minExclusive ? 1 : 0),
        maxLength: b.max === undefined ? undefined : b.max - (b.maxExclusive ? 1 : 0),
      },
    ];
  }
  m = new RegExp(`^${ident}\\s+in\\s*\\((.*)\\)$`, 'is').exec(part);
  if (m && col(m[1])) return listOf(col(m[1])!, m[2]);
  m = new RegExp(`^${ident}\\s*=\\s*any\\s*\\(\\s*\\(?\\s*array\\s*\\[(.*)\\]\\s*\\)?\\s*\\)$`, 'is').exec(part);
  if (m && col(m[1])) return listOf(col(m[1])!, m[2]);
  m = new RegExp(`^${ident}\\s*=\\s*${literal}$`, 'i').exec(part);
  if (m && col(m[1])) return listOf(col(m[1])!, m[2]);
  m = new RegExp(`^${ident}\\s+is\\s+not\\s+null$`, 'i').exec(part);
  if (m && col(m[1])) return [col(m[1])!, {}];
  return undefined;
}

function listOf(column: string, items: string): [string, ColumnBounds] | undefined {
  const values: Array<string | number> = [];
  const re = new RegExp(`\\s*${literal}\\s*(,|$)`, 'gy');
  let consumed = 0;
  for (let m = re.exec(items); m && m[0].length > 0; m = re.exec(items)) {
    const v = m[1];
    values.push(v.startsWith("'") ? v.slice(1, -1).replace(/''/g, "'") : Number(v));
    consumed = re.lastIndex;
  }
  if (values.length === 0 || items.slice(consumed).trim() !== '') return undefined;
  return [column, { oneOf: values }];
}

function flip(op: string): string {
  return ({ '>': '<', '<': '>', '>=': '<=', '<=': '>=' } as Record<string, string>)[op];
}

function comparison(op: string, value: number): ColumnBounds {
  switch (op) {
    case '>':
      return { min: value, minExclusive: true };
    case '>=':
      return { min: value };
    case '<':
      return { max: value, maxExclusive: true };
    default:
      return { max: value };
  }
}

/** Intersection of two sets of bounds (the tighter one wins). */
function merge(a: ColumnBounds, b: ColumnBounds): ColumnBounds {
  const out: ColumnBounds = { ...a };
  if (b.min !== undefined && (out.min === undefined || b.min > out.min || (b.min === out.min && b.minExclusive))) {
    out.min = b.min;
    out.minExclusive = b.minExclusive;
  }
  if (b.max !== undefined && (out.max === undefined || b.max < out.max || (b.max === out.max && b.maxExclusive))) {
    out.max = b.max;
    out.maxExclusive = b.maxExclusive;
  }
  if (b.oneOf) out.oneOf = out.oneOf ? out.oneOf.filter((v) => b.oneOf!.includes(v)) : b.oneOf;
  if (b.minLength !== undefined) out.minLength = Math.max(out.minLength ?? 0, b.minLength);
  if (b.maxLength !== undefined) out.maxLength = Math.min(out.maxLength ?? Infinity, b.maxLength);
  return out;
}
