import type { Column, Table } from '../src/core/model/schema.js';

/**
 * One side of a conflict as short text lines: absent objects say so, descriptions pass through,
 * columns and tables get a DDL-like summary, anything else pretty JSON.
 */
export function describeSide(value: unknown): string[] {
  if (value === null || value === undefined) return ['(absent)'];
  if (typeof value === 'string') return value.split('\n');
  if (typeof value !== 'object') return [String(value)];
  const v = value as Record<string, unknown>;
  if (typeof v.name === 'string' && typeof v.type === 'string' && typeof v.nullable === 'boolean') {
    return [`${v.name} ${describeColumn(v as unknown as Column)}`];
  }
  if (typeof v.name === 'string' && Array.isArray(v.columns) && Array.isArray(v.indexes)) {
    const t = v as unknown as Table;
    return [
      `${t.options?.unlogged ? 'unlogged ' : ''}table ${t.name}${madeFrom(t)}${storageWords(t.options?.storage)}`,
      ...t.columns.map((c) => `  ${c.name} ${describeColumn(c)}`),
      ...(t.primaryKey
        ? [
            `  primary key (${t.primaryKey.columns.join(', ')})${t.primaryKey.deferrable ? ` deferrable initially ${t.primaryKey.deferrable}` : ''}`,
          ]
        : []),
      ...t.indexes.map((i) => `  index ${i.name}`),
      ...t.foreignKeys.map((f) => `  fk ${f.name} → ${f.referencedTable}`),
    ];
  }
  if (Array.isArray(v.values) && typeof v.name === 'string') return [`enum ${v.name}`, ...(v.values as string[]).map((x) => `  '${x}'`)];
  return JSON.stringify(value, null, 2).split('\n');
}

/** ` with (fillfactor=70, …)` of a table's storage parameters, empty when none. */
function storageWords(storage: Record<string, string> | undefined): string {
  const names = Object.keys(storage ?? {}).sort();
  return names.length ? ` with (${names.map((k) => `${k}=${storage?.[k] ?? ''}`).join(', ')})` : '';
}

/** ` partition of p for values …`, ` inherits (a, b)`, ` partition by range (at)` of a PostgreSQL table. */
function madeFrom(t: Table): string {
  const of = t.partitionOf ? ` partition of ${t.partitionOf.parent} ${t.partitionOf.bound}` : '';
  const inherits = t.inherits?.length ? ` inherits (${t.inherits.join(', ')})` : '';
  return `${of}${inherits}${t.partitionBy !== undefined ? ` partition by ${t.partitionBy}` : ''}`;
}

/** A column as DDL-like words: `varchar(320) not null default 'x' always`. */
export function describeColumn(c: Column): string {
  return [c.type, c.nullable ? '' : 'not null', c.default !== undefined ? `default ${c.default}` : '', c.identity ? c.identity : '']
    .filter(Boolean)
    .join(' ');
}
