import type { Index, Schema, Table } from '../model/schema.js';

/**
 * Canonical form of a schema: every unordered collection sorted by name, order-significant lists
 * (columns, index elements, key columns, enum values) kept, `undefined` fields dropped, object keys
 * sorted at serialization. Two schemas that mean the same thing produce byte-identical JSON.
 */
export function canonicalizeSchema(schema: Schema): Schema {
  return {
    formatVersion: schema.formatVersion,
    provider: schema.provider,
    tables: sortByName(schema.tables.map(canonicalizeTable)),
    enums: sortByName(schema.enums.map((e) => ({ ...e, values: [...e.values] }))),
    views: sortByName(schema.views.map((v) => (v.indexes ? { ...v, indexes: sortByName(v.indexes.map(canonicalizeIndex)) } : { ...v }))),
    collections: sortByName(schema.collections.map((c) => ({ ...c, indexes: sortByName(c.indexes.map((i) => ({ ...i }))) }))),
    ...(schema.extensions?.length ? { extensions: sortByName(schema.extensions.map((e) => ({ ...e }))) } : {}),
    ...(schema.definitions?.length ? { definitions: sortByName(schema.definitions.map((d) => ({ ...d }))) } : {}),
    ...canonicalUserTypes(schema),
    ...(schema.publicComment !== undefined ? { publicComment: schema.publicComment } : {}),
    ...(schema.namespaces?.length ? { namespaces: sortByName(schema.namespaces.map((n) => ({ ...n }))) } : {}),
  };
}

/** Domains, composite types and sequences, each list present only when non-empty (schemas without them keep their hash). */
function canonicalUserTypes(schema: Schema): Pick<Schema, 'domains' | 'compositeTypes' | 'sequences'> {
  const out: Pick<Schema, 'domains' | 'compositeTypes' | 'sequences'> = {};
  if (schema.sequences?.length)
    out.sequences = sortByName(schema.sequences.map((s) => (s.ownedBy ? { ...s, ownedBy: { ...s.ownedBy } } : { ...s })));
  if (schema.domains?.length)
    out.domains = sortByName(
      schema.domains.map((d) => (d.checks ? { ...d, checks: sortByName(d.checks.map((c) => ({ ...c }))) } : { ...d })),
    );
  if (schema.compositeTypes?.length)
    out.compositeTypes = sortByName(schema.compositeTypes.map((t) => ({ ...t, attributes: t.attributes.map((a) => ({ ...a })) })));
  return out;
}

function canonicalizeTable(table: Table): Table {
  return {
    ...table,
    columns: table.columns.map((c) => ({ ...c })),
    uniques: sortByName(table.uniques.map((u) => ({ ...u }))),
    indexes: sortByName(table.indexes.map(canonicalizeIndex)),
    foreignKeys: sortByName(table.foreignKeys.map((f) => ({ ...f }))),
    checks: sortByName(table.checks.map((c) => ({ ...c }))),
    ...(table.partitionOf ? { partitionOf: { ...table.partitionOf } } : {}),
    ...(table.inherits ? { inherits: [...table.inherits] } : {}),
  };
}

function canonicalizeIndex(i: Index): Index {
  return { ...i, elements: i.elements.map((e) => ({ ...e })), ...(i.include ? { include: [...i.include] } : {}) };
}

function sortByName<T extends { name: string }>(items: T[]): T[] {
  return items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** JSON with object keys sorted recursively and `undefined` members omitted; arrays keep their order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
