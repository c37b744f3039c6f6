import { qualifiedName, type Schema } from '../model/schema.js';

/**
 * Which schema file defines which object, read from the files' CREATE statements, so a pull can put
 * each object back in the file the user keeps it in. Objects are tables (with their columns, keys,
 * indexes, triggers and policies), enum types, views and routines (functions, procedures, MySQL events,
 * by name: overloads share their file); keys are `kind:name` lowercased (unquoted identifiers
 * fold case on PostgreSQL, and two objects differing only by case are not worth a second layout).
 */
export type ObjectKey =
  `${'table' | 'enum' | 'view' | 'collection' | 'extension' | 'routine' | 'domain' | 'type' | 'sequence' | 'schema'}:${string}`;

const ident = String.raw`(?:"((?:[^"]|"")+)"|\x60((?:[^\x60]|\x60\x60)+)\x60|\[([^\]]+)\]|([A-Za-z_][\w$]*))`;
const qualified = String.raw`(?:${ident}\s*\.\s*)?${ident}`;
const patterns: Array<{
  kind: 'table' | 'enum' | 'view' | 'extension' | 'routine' | 'domain' | 'type' | 'sequence' | 'schema';
  re: RegExp;
}> = [
  { kind: 'schema', re: new RegExp(String.raw`^CREATE\s+SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?${qualified}`, 'i') },
  {
    kind: 'routine',
    re: new RegExp(
      String.raw`^CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:FUNCTION|PROCEDURE|EVENT)\s+(?:IF\s+NOT\s+EXISTS\s+)?${qualified}`,
      'i',
    ),
  },
  { kind: 'extension', re: new RegExp(String.raw`^CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?${qualified}`, 'i') },
  {
    kind: 'table',
    re: new RegExp(
      String.raw`^CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${qualified}`,
      'i',
    ),
  },
  { kind: 'enum', re: new RegExp(String.raw`^CREATE\s+TYPE\s+${qualified}\s+AS\s+ENUM\b`, 'i') },
  { kind: 'sequence', re: new RegExp(String.raw`^CREATE\s+SEQUENCE\s+(?:IF\s+NOT\s+EXISTS\s+)?${qualified}`, 'i') },
  { kind: 'domain', re: new RegExp(String.raw`^CREATE\s+DOMAIN\s+${qualified}`, 'i') },
  { kind: 'type', re: new RegExp(String.raw`^CREATE\s+TYPE\s+${qualified}\s+AS\s*\(`, 'i') },
  {
    kind: 'view',
    re: new RegExp(
      String.raw`^CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:TEMP|TEMPORARY)\s+)?(?:(?:MATERIALIZED|ALGORITHM\s*=\s*\w+|DEFINER\s*=\s*\S+|SQL\s+SECURITY\s+\w+)\s+)*VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?${qualified}`,
      'i',
    ),
  },
];

/**
 * Objects a file's statements create, in order. `statements` as the dialect splits them. With
 * `schemaQualifiedNames` (PostgreSQL: the IR names an object outside `public` `schema.name`), the key
 * of `billing.invoices` is `table:billing.invoices`; elsewhere the qualifier is the database and the
 * key is the bare name.
 */
export function objectsDefinedBy(statements: readonly string[], schemaQualifiedNames = false): ObjectKey[] {
  const out: ObjectKey[] = [];
  for (const raw of statements) {
    const sql = stripLeadingComments(raw);
    for (const { kind, re } of patterns) {
      const m = re.exec(sql);
      if (!m) continue;
      // The last four groups are the object's own name (the first four, the optional schema).
      const own = m[5] ?? m[6] ?? m[7] ?? m[8];
      const qualifier = m[1] ?? m[2] ?? m[3] ?? m[4];
      const name = schemaQualifiedNames && qualifier !== undefined && qualifier.toLowerCase() !== 'public' ? `${qualifier}.${own}` : own;
      if (own !== undefined) out.push(`${kind}:${name.toLowerCase()}`);
      break;
    }
  }
  return out;
}

/**
 * Split `schema` into one schema per file: each object goes to the file that defines it now (the
 * first such file, in apply order), anything new to `fallback`. A table's indexes, keys and triggers
 * stay with the table.
 */
export function partitionByFile(schema: Schema, owners: ReadonlyMap<ObjectKey, string>, fallback: string): Map<string, Schema> {
  const parts = new Map<string, Schema>();
  const partOf = (key: ObjectKey | undefined): Schema => {
    const file = (key !== undefined ? owners.get(key) : undefined) ?? fallback;
    let part = parts.get(file);
    if (!part) {
      part = { ...schema, tables: [], enums: [], views: [], collections: [] };
      delete part.extensions;
      delete part.definitions;
      delete part.domains;
      delete part.compositeTypes;
      delete part.sequences;
      delete part.publicComment;
      delete part.namespaces;
      parts.set(file, part);
    }
    return part;
  };
  for (const n of schema.namespaces ?? []) (partOf(`schema:${n.name.toLowerCase()}`).namespaces ??= []).push(n);
  for (const x of schema.extensions ?? []) (partOf(`extension:${x.name.toLowerCase()}`).extensions ??= []).push(x);
  for (const d of schema.domains ?? []) (partOf(`domain:${d.name.toLowerCase()}`).domains ??= []).push(d);
  for (const c of schema.compositeTypes ?? []) (partOf(`type:${c.name.toLowerCase()}`).compositeTypes ??= []).push(c);
  for (const s of schema.sequences ?? []) (partOf(`sequence:${s.name.toLowerCase()}`).sequences ??= []).push(s);
  for (const t of schema.tables) partOf(`table:${t.name.toLowerCase()}`).tables.push(t);
  for (const e of schema.enums) partOf(`enum:${e.name.toLowerCase()}`).enums.push(e);
  for (const v of schema.views) partOf(`view:${v.name.toLowerCase()}`).views.push(v);
  for (const c of schema.collections) partOf(`collection:${c.name.toLowerCase()}`).collections.push(c);
  // Triggers, policies, row security and privileges stay with their table, view, sequence or routine;
  // routines go where they are defined; privileges on schema public and default privileges to `fallback`.
  for (const d of schema.definitions ?? []) (partOf(definitionOwner(schema, d)).definitions ??= []).push(d);
  // The comment on schema public belongs to no object of a file.
  if (schema.publicComment !== undefined) partOf(undefined).publicComment = schema.publicComment;
  return parts;
}

function stripLeadingComments(sql: string): string {
  let s = sql.trimStart();
  for (;;) {
    if (s.startsWith('--')) s = s.slice(s.indexOf('\n') < 0 ? s.length : s.indexOf('\n') + 1).trimStart();
    else if (s.startsWith('/*') && s.indexOf('*/') >= 0) s = s.slice(s.indexOf('*/') + 2).trimStart();
    else return s;
  }
}

/** The objects of `schema` named by `keys` (absent ones are simply not there), as a schema of their own. */
export function objectSubset(schema: Schema, keys: Iterable<ObjectKey>): Schema {
  const wanted = new Set(keys);
  const { publicComment: _, namespaces, ...rest } = schema;
  const ownNamespaces = (namespaces ?? []).filter((n) => wanted.has(`schema:${n.name.toLowerCase()}`));
  return {
    ...rest,
    ...(ownNamespaces.length ? { namespaces: ownNamespaces } : {}),
    tables: schema.tables.filter((t) => wanted.has(`table:${t.name.toLowerCase()}`)),
    enums: schema.enums.filter((e) => wanted.has(`enum:${e.name.toLowerCase()}`)),
    views: schema.views.filter((v) => wanted.has(`view:${v.name.toLowerCase()}`)),
    collections: schema.collections.filter((c) => wanted.has(`collection:${c.name.toLowerCase()}`)),
    definitions: (schema.definitions ?? []).filter((d) => {
      const owner = definitionOwner(schema, d);
      return owner !== undefined && wanted.has(owner);
    }),
  };
}

/** The key of the object whose file a definition belongs in; undefined for a privilege on no object of a file (schema public, default privileges). */
function definitionOwner(schema: Schema, d: NonNullable<Schema['definitions']>[number]): ObjectKey | undefined {
  if (d.table !== undefined) return `${schema.views.some((v) => v.name === d.table) ? 'view' : 'table'}:${d.table.toLowerCase()}`;
  const on = d.privilege?.on;
  if (on === 'sequence') return `sequence:${d.object.toLowerCase()}`;
  if (on === 'schema' && d.object !== 'public') return `schema:${d.object.toLowerCase()}`;
  if (on !== undefined && on !== 'function' && on !== 'procedure') return undefined;
  return routineOwner(d);
}

/** A routine's key: schema-qualified outside `public` (PostgreSQL; other engines have no schema on it). */
function routineOwner(d: NonNullable<Schema['definitions']>[number]): ObjectKey {
  return `routine:${qualifiedName(d.schema ?? 'public', d.object).toLowerCase()}`;
}

/** Keys of every object of a schema. */
export function objectKeys(schema: Schema): ObjectKey[] {
  return [
    ...(schema.namespaces ?? []).map((n): ObjectKey => `schema:${n.name.toLowerCase()}`),
    ...schema.tables.map((t): ObjectKey => `table:${t.name.toLowerCase()}`),
    ...schema.enums.map((e): ObjectKey => `enum:${e.name.toLowerCase()}`),
    ...schema.views.map((v): ObjectKey => `view:${v.name.toLowerCase()}`),
    ...schema.collections.map((c): ObjectKey => `collection:${c.name.toLowerCase()}`),
    ...(schema.definitions ?? []).flatMap((d): ObjectKey[] => (d.table === undefined && !d.privilege ? [routineOwner(d)] : [])),
  ];
}
