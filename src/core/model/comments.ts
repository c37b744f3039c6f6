import type { Definition } from './definitions.js';
import { inSchemaOf, localName, type Index, type Schema, type Table } from './schema.js';

/**
 * PostgreSQL `COMMENT ON` objects other than tables and columns (whose comments are `Table.comment`
 * and `Column.comment`, diffed as `setTableComment` / `alterColumn`). Each commentable object carries
 * an optional `comment` in the IR: views and materialized views, indexes, enums, domains, composite
 * types, standalone sequences, primary keys, unique, foreign-key and CHECK constraints, extensions,
 * schema `public` (`Schema.publicComment`), the other schemas (`Namespace.comment`) and the definition-compared routines, triggers, policies,
 * collations and EXCLUDE constraints.
 *
 * A comment never takes part in how an object is compared for re-creation: the diff compares the
 * schemas without their comments (`withoutComments`), then adds one `setComment` operation per
 * comment that changed on a kept object, and per comment of an object the migration creates (or drops
 * and creates again), after every object exists. `COMMENT ON … IS NULL` removes one.
 */

export type CommentOn =
  | 'extension'
  | 'schema'
  | 'type'
  | 'domain'
  | 'sequence'
  | 'constraint'
  | 'index'
  | 'view'
  | 'materialized view'
  | 'function'
  | 'procedure'
  | 'trigger'
  | 'policy'
  | 'collation';

export interface CommentTarget {
  /** Unique in a schema: `view:v`, `index:i`, `constraint:t.c`, `def:<definition key>`, … */
  key: string;
  on: CommentOn;
  /** The object's own name, unquoted. */
  name: string;
  /** The table a constraint, trigger or policy belongs to. */
  table?: string;
  /** The schema of a routine or collation. */
  schema?: string;
  /** A routine's argument types. */
  signature?: string;
}

export interface CommentedObject {
  target: CommentTarget;
  comment?: string;
}

export const constraintKey = (table: string, name: string): string => `constraint:${table}.${name}`;
/** An index lives in its table's (view's) schema: `owner` is that table's IR name. */
export const indexKey = (owner: string, name: string): string => `index:${inSchemaOf(owner, name)}`;
export const viewKey = (name: string): string => `view:${name}`;
export const typeKey = (name: string): string => `type:${name}`;
export const domainKey = (name: string): string => `domain:${name}`;
export const sequenceKey = (name: string): string => `sequence:${name}`;
export const extensionKey = (name: string): string => `extension:${name}`;
export const definitionCommentKey = (d: Pick<Definition, 'name'>): string => `def:${d.name}`;
export const publicSchemaKey = 'schema:public';
export const namespaceKey = (name: string): string => `schema:${name}`;

const commentable = new Set<Definition['kind']>(['function', 'procedure', 'trigger', 'policy', 'collation', 'exclusion']);

/** The comment target of a definition, or undefined for kinds that take no comment (row security, privileges, events). */
export function definitionTarget(d: Definition): CommentTarget | undefined {
  if (!commentable.has(d.kind)) return undefined;
  const key = definitionCommentKey(d);
  switch (d.kind) {
    case 'function':
    case 'procedure':
      return { key, on: d.kind, name: d.object, schema: d.schema ?? 'public', signature: d.signature ?? '' };
    case 'collation':
      return { key, on: 'collation', name: d.object, schema: d.schema ?? 'public' };
    case 'exclusion':
      return { key, on: 'constraint', name: d.object, table: d.table ?? '' };
    default:
      return { key, on: d.kind as 'trigger' | 'policy', name: d.object, table: d.table ?? '' };
  }
}

/** A table's key constraints and checks, each with its target (a primary key's default name is `<table>_pkey`). */
export function tableConstraintTargets(table: Table): CommentedObject[] {
  const out: CommentedObject[] = [];
  const add = (name: string, comment: string | undefined) =>
    out.push({ target: { key: constraintKey(table.name, name), on: 'constraint', name, table: table.name }, comment });
  if (table.primaryKey) add(table.primaryKey.name ?? `${localName(table.name)}_pkey`, table.primaryKey.comment);
  for (const u of table.uniques) add(u.name, u.comment);
  for (const fk of table.foreignKeys) add(fk.name, fk.comment);
  for (const c of table.checks) add(c.name, c.comment);
  return out;
}

export function indexTarget(owner: string, index: Index): CommentTarget {
  return { key: indexKey(owner, index.name), on: 'index', name: inSchemaOf(owner, index.name) };
}

/**
 * Every commentable object of `schema` with its comment (undefined when none), in the order their
 * `COMMENT ON` statements are emitted: extensions, schema public, enums, domains, composite types,
 * sequences, per table its constraints then its indexes, views (each with its indexes), definitions.
 */
export function commentedObjects(schema: Schema): CommentedObject[] {
  const out: CommentedObject[] = [];
  const sorted = <T extends { name: string }>(list: readonly T[]): T[] =>
    [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const x of sorted(schema.extensions ?? []))
    out.push({ target: { key: extensionKey(x.name), on: 'extension', name: x.name }, comment: x.comment });
  // only a PostgreSQL IR ever holds one; elsewhere it is undefined on both sides of a diff, so nothing is emitted
  out.push({ target: { key: publicSchemaKey, on: 'schema', name: 'public' }, comment: schema.publicComment });
  for (const n of sorted(schema.namespaces ?? []))
    out.push({ target: { key: namespaceKey(n.name), on: 'schema', name: n.name }, comment: n.comment });
  for (const e of sorted(schema.enums)) out.push({ target: { key: typeKey(e.name), on: 'type', name: e.name }, comment: e.comment });
  for (const d of sorted(schema.domains ?? []))
    out.push({ target: { key: domainKey(d.name), on: 'domain', name: d.name }, comment: d.comment });
  for (const t of sorted(schema.compositeTypes ?? []))
    out.push({ target: { key: typeKey(t.name), on: 'type', name: t.name }, comment: t.comment });
  for (const s of sorted(schema.sequences ?? []))
    out.push({ target: { key: sequenceKey(s.name), on: 'sequence', name: s.name }, comment: s.comment });
  for (const t of sorted(schema.tables)) {
    out.push(...tableConstraintTargets(t));
    for (const i of sorted(t.indexes)) out.push({ target: indexTarget(t.name, i), comment: i.comment });
  }
  for (const v of sorted(schema.views)) {
    out.push({ target: { key: viewKey(v.name), on: v.materialized ? 'materialized view' : 'view', name: v.name }, comment: v.comment });
    for (const i of sorted(v.indexes ?? [])) out.push({ target: indexTarget(v.name, i), comment: i.comment });
  }
  for (const d of sorted(schema.definitions ?? [])) {
    const target = definitionTarget(d);
    if (target) out.push({ target, comment: d.comment });
  }
  return out;
}

/**
 * True when some object other than a table or column has a comment. Asked of both sides of every
 * diff, so it looks at the objects in place instead of listing them (commentedObjects sorts and builds
 * a target per object).
 */
export function hasObjectComments(schema: Schema): boolean {
  const commented = (o: { comment?: string }) => o.comment !== undefined;
  const definitionCommented = (d: Definition) => d.comment !== undefined && definitionTarget(d) !== undefined;
  return (
    schema.publicComment !== undefined ||
    (schema.namespaces ?? []).some(commented) ||
    (schema.extensions ?? []).some(commented) ||
    schema.enums.some(commented) ||
    (schema.domains ?? []).some(commented) ||
    (schema.compositeTypes ?? []).some(commented) ||
    (schema.sequences ?? []).some(commented) ||
    schema.tables.some(
      (t) =>
        (t.primaryKey !== undefined && commented(t.primaryKey)) ||
        t.uniques.some(commented) ||
        t.foreignKeys.some(commented) ||
        t.checks.some(commented) ||
        t.indexes.some(commented),
    ) ||
    schema.views.some((v) => commented(v) || (v.indexes ?? []).some(commented)) ||
    (schema.definitions ?? []).some(definitionCommented)
  );
}

function strip<T extends { comment?: string }>(o: T): T {
  if (o.comment === undefined) return o;
  const { comment: _, ...rest } = o;
  return rest as T;
}

/** `schema` without the comments listed above (table and column comments stay). */
export function withoutComments(schema: Schema): Schema {
  if (!hasObjectComments(schema)) return schema;
  const out: Schema = {
    ...schema,
    enums: schema.enums.map(strip),
    views: schema.views.map((v) => {
      const view = strip(v);
      return view.indexes ? { ...view, indexes: view.indexes.map(strip) } : view;
    }),
    tables: schema.tables.map((t) => ({
      ...t,
      ...(t.primaryKey ? { primaryKey: strip(t.primaryKey) } : {}),
      uniques: t.uniques.map(strip),
      foreignKeys: t.foreignKeys.map(strip),
      checks: t.checks.map(strip),
      indexes: t.indexes.map(strip),
    })),
  };
  delete out.publicComment;
  if (schema.extensions) out.extensions = schema.extensions.map(strip);
  if (schema.namespaces) out.namespaces = schema.namespaces.map(strip);
  if (schema.domains) out.domains = schema.domains.map(strip);
  if (schema.compositeTypes) out.compositeTypes = schema.compositeTypes.map(strip);
  if (schema.sequences) out.sequences = schema.sequences.map(strip);
  if (schema.definitions) out.definitions = schema.definitions.map(strip);
  return out;
}

/** Sets (or, with `comment` undefined, removes) the comment of the object `key` names; false when there is none. */
export function setObjectComment(schema: Schema, key: string, comment: string | undefined): boolean {
  const put = <T extends { comment?: string }>(o: T | undefined): boolean => {
    if (!o) return false;
    if (comment === undefined) delete o.comment;
    else o.comment = comment;
    return true;
  };
  if (key === publicSchemaKey) {
    if (comment === undefined) delete schema.publicComment;
    else schema.publicComment = comment;
    return true;
  }
  const [kind, rest] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  switch (kind) {
    case 'extension':
      return put(schema.extensions?.find((x) => x.name === rest));
    case 'schema':
      return put(schema.namespaces?.find((n) => n.name === rest));
    case 'type':
      return put(schema.enums.find((e) => e.name === rest)) || put(schema.compositeTypes?.find((t) => t.name === rest));
    case 'domain':
      return put(schema.domains?.find((d) => d.name === rest));
    case 'sequence':
      return put(schema.sequences?.find((s) => s.name === rest));
    case 'view':
      return put(schema.views.find((v) => v.name === rest));
    case 'index':
      return (
        put(schema.tables.flatMap((t) => t.indexes.filter((i) => inSchemaOf(t.name, i.name) === rest))[0]) ||
        put(schema.views.flatMap((v) => (v.indexes ?? []).filter((i) => inSchemaOf(v.name, i.name) === rest))[0])
      );
    case 'def':
      return put(schema.definitions?.find((d) => d.name === rest));
    case 'constraint':
      for (const t of schema.tables) {
        if (!rest.startsWith(`${t.name}.`)) continue;
        const name = rest.slice(t.name.length + 1);
        if (t.primaryKey && (t.primaryKey.name ?? `${localName(t.name)}_pkey`) === name) return put(t.primaryKey);
        const found = [...t.uniques, ...t.foreignKeys, ...t.checks].find((c) => c.name === name);
        if (found) return put(found);
      }
      return false;
    default:
      return false;
  }
}
