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

/** A table's (view's) IR name: `"billing"."invoices"` where names are schema-qualified, one identifier elsewhere. */
export function quoteObjectName(sql: Pick<SqlTraits, 'identifierQuote' | 'schemaQualifiedNames'>, name: string): string {
  const dot = sql.schemaQualifiedNames ? name.indexOf('.') : -1;
  return dot < 0 ? quoteIdent(sql, name) : `${quoteIdent(sql, name.slice(0, dot))}.${quoteIdent(sql, name.slice(dot + 1))}`;
}

export function quoteLiteral(sql: Pick<SqlTraits, 'backslashEscapes'>, value: string): string {
  const escaped = sql.backslashEscapes ? value.replace(/\\/g, '\\\\') : value;
  return `'${escaped.replace(/'/g, "''")}'`;
}
