import type { SqlTraits } from './engine-traits.js';

/**
 * Always-quoted identifiers and string literals for SQL that Flash generates outside the dialect
 * renderers (lint data checks, export counts). Quoting every name is always correct, so no keyword
 * list is needed.
 */
export function quoteIdent(sql: Pick<SqlTraits, 'identifierQuote'>, name: string): string {
  const quote = sql.identifierQuote;
  return `${quote}${name.split(quote).join(quote + quote)}${quote}`;
}

export function quoteLiteral(sql: Pick<SqlTraits, 'backslashEscapes'>, value: string): string {
  const escaped = sql.backslashEscapes ? value.replace(/\\/g, '\\\\') : value;
  return `'${escaped.replace(/'/g, "''")}'`;
}
