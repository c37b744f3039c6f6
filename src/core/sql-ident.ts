import type { Provider } from './model/schema.js';

/**
 * Always-quoted identifiers and string literals for SQL that Flash generates outside the dialect
 * renderers (lint data checks). Quoting every name is always correct, so no keyword list is needed.
 */
export function quoteIdent(provider: Provider, name: string): string {
  if (provider === 'mysql') return `\`${name.replace(/`/g, '``')}\``;
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(provider: Provider, value: string): string {
  // MySQL treats backslash as an escape inside literals unless NO_BACKSLASH_ESCAPES is set.
  const escaped = provider === 'mysql' ? value.replace(/\\/g, '\\\\') : value;
  return `'${escaped.replace(/'/g, "''")}'`;
}
