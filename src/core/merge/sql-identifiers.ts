/**
 * Identifiers an SQL expression or view definition mentions, lower-cased, with string literals
 * skipped. Used to find text dependencies (checks, views, generated columns, expression indexes)
 * on dropped objects; a mention is a conservative signal, not a parse.
 */
export function mentionedIdentifiers(sql: string): Set<string> {
  const out = new Set<string>();
  const token = /'(?:[^']|'')*'|"((?:[^"]|"")*)"|`((?:[^`]|``)*)`|\[([^\]]*)\]|([A-Za-z_][A-Za-z0-9_$]*)/g;
  for (const m of sql.matchAll(token)) {
    const name = m[1]?.replace(/""/g, '"') ?? m[2]?.replace(/``/g, '`') ?? m[3] ?? m[4];
    if (name !== undefined) out.add(name.toLowerCase());
  }
  return out;
}

export function mentions(ids: ReadonlySet<string>, name: string): boolean {
  return ids.has(name.toLowerCase());
}

/** The string literal a default starts with (`'happy'::mood` → `happy`), for enum value usage. */
export function leadingStringLiteral(expression: string | undefined): string | undefined {
  if (expression === undefined) return undefined;
  const m = /^\(*'((?:[^']|'')*)'/.exec(expression.trim());
  return m ? m[1].replace(/''/g, "'") : undefined;
}
