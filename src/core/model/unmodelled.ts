/**
 * An object present in a database (or declared in db/schema) that the IR does not model. Flash never
 * drops such an object silently: commands that would lose it refuse (E_UNSUPPORTED_OBJECT) or, where
 * the user asked to go on without it, list it.
 */
export interface UnmodelledObject {
  /** What it is, in the engine's words: `trigger`, `function`, `partitioned table`, `deferrable unique constraint`… */
  kind: string;
  /** Its name as the user would write it (schema-qualified outside the default schema; `name on table` for per-table objects). */
  name: string;
  /** The table the object belongs to, when it belongs to one (used to find its statement in db/schema). */
  table?: string;
}

export function describeUnmodelled(o: UnmodelledObject): string {
  return `${o.kind} ${o.name}`;
}

/** A stable order for reports and tests. */
export function sortUnmodelled(list: UnmodelledObject[]): UnmodelledObject[] {
  return [...list].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind.localeCompare(b.kind)));
}

/** A statement's text without the comments and blank space before its first keyword, on one line. */
export function statementHead(sql: string): string {
  let s = sql;
  for (;;) {
    const t = s.replace(/^\s+/, '');
    if (t.startsWith('--')) s = t.slice(t.indexOf('\n') === -1 ? t.length : t.indexOf('\n') + 1);
    else if (t.startsWith('/*')) s = t.slice(t.indexOf('*/') === -1 ? t.length : t.indexOf('*/') + 2);
    else return t.replace(/\s+/g, ' ');
  }
}

/** Identifier as written (quoted or bare, possibly schema-qualified) at the start of `text`, unquoted. */
export function leadingName(text: string): string {
  const m = /^((?:"(?:[^"]|"")+"|`(?:[^`]|``)+`|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")+"|`(?:[^`]|``)+`|[\w$]+))*)/.exec(text);
  if (!m) return text.split(/[\s(;]/)[0] ?? '';
  return m[1]
    .replace(/\s*\.\s*/g, '.')
    .replace(/"((?:[^"]|"")+)"/g, (_, n: string) => n.replace(/""/g, '"'))
    .replace(/`((?:[^`]|``)+)`/g, (_, n: string) => n.replace(/``/g, '`'));
}

/** Leading keywords → the kind of object a statement declares (a dialect's list). */
export type Declarations = Array<[RegExp, string]>;

/** Declarations that name no single object (GRANT, CREATE CAST, …): the statement itself is reported. */
const unnamedKinds = new Set(['privileges', 'default privileges', 'cast', 'user mapping', 'security label', 'operator']);

/** The first of `declarations` whose keywords start `sql`, as the object it declares. */
export function classifyDeclaration(sql: string, declarations: Declarations): UnmodelledObject | undefined {
  const head = statementHead(sql);
  for (const [pattern, kind] of declarations) {
    const m = pattern.exec(head);
    if (m) return declaredObject(head, m[0], kind, !unnamedKinds.has(kind));
  }
  return undefined;
}

/**
 * The object a declaration names: the identifier after its leading keywords, or for statements that
 * declare no named object the statement itself, shortened.
 */
function declaredObject(head: string, keywords: string, kind: string, named: boolean): UnmodelledObject {
  if (named) {
    const name = leadingName(head.slice(keywords.length));
    if (name) return { kind, name };
  }
  const text = head.replace(/;\s*$/, '');
  return { kind, name: text.length > 80 ? `${text.slice(0, 77)}...` : text };
}
