import type { TypeFamily } from '../../core/model/schema.js';
import { normalizeSqlText, tokenize } from './tokenizer.js';

/**
 * SQLite keeps the declared type as written and derives the column affinity from it, and
 * `INTEGER PRIMARY KEY` (exactly that spelling) makes a rowid alias while `INT PRIMARY KEY` does not —
 * so the declared type is the identity, only its case and spacing are normalized.
 */
export function normalizeType(declared: string): string {
  return normalizeSqlText(declared)
    .toLowerCase()
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*\)/g, ')')
    .replace(/\s*,\s*/g, ',');
}

/** Coarse family following SQLite's affinity rules, refined by common type names. */
export function typeFamily(type: string): TypeFamily {
  const t = type.toLowerCase();
  if (t === '') return 'other';
  if (/^bool/.test(t)) return 'boolean';
  if (/^uuid/.test(t)) return 'uuid';
  if (/^jsonb?$/.test(t)) return 'json';
  if (/^(datetime|timestamp)/.test(t)) return 'timestamp';
  if (/^date$/.test(t)) return 'date';
  if (/^time/.test(t)) return 'time';
  if (t.includes('int')) return 'integer';
  if (/char|clob|text/.test(t)) return 'text';
  if (t.includes('blob')) return 'binary';
  if (/real|floa|doub/.test(t)) return 'float';
  if (/decimal|numeric/.test(t)) return 'decimal';
  return 'other';
}

/**
 * `pragma_table_xinfo.dflt_value` is the default's source text without the outer parentheses of
 * `DEFAULT (expr)`. Whitespace and comments are collapsed; everything else is kept as written.
 */
export function normalizeDefault(text: string | null): string | undefined {
  if (text === null) return undefined;
  const normalized = normalizeSqlText(text);
  return normalized === '' ? undefined : normalized;
}

/** Literal defaults render bare; any other expression needs `DEFAULT (expr)`. */
export function isLiteralDefault(expr: string): boolean {
  const tokens = tokenize(expr);
  const [first, second] = tokens;
  if (!first) return false;
  if (tokens.length === 1) {
    if (first.kind === 'string' || first.kind === 'number' || first.kind === 'blob') return true;
    return (
      first.kind === 'word' &&
      ['NULL', 'TRUE', 'FALSE', 'CURRENT_TIME', 'CURRENT_DATE', 'CURRENT_TIMESTAMP'].includes(first.text.toUpperCase())
    );
  }
  return tokens.length === 2 && first.kind === 'punct' && (first.text === '-' || first.text === '+') && second.kind === 'number';
}

/** `ALTER TABLE … ADD COLUMN` refuses defaults that are not constants. */
export function isConstantDefault(expr: string): boolean {
  return isLiteralDefault(expr) && !/^CURRENT_/i.test(expr);
}
