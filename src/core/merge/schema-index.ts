import type { Definition } from '../model/definitions.js';
import type { Column, EnumType, Schema, Table, View } from '../model/schema.js';
import { objectPath } from './object-path.js';
import { byName } from './three-way.js';

/** A reference to one object of a schema, resolvable on any of the three sides and on the merge. */
export type ObjectRef =
  | { kind: 'table'; table: string }
  | { kind: 'column'; table: string; name: string }
  | { kind: 'primaryKey'; table: string }
  | { kind: 'unique' | 'index' | 'foreignKey' | 'check'; table: string; name: string }
  | { kind: 'enum' | 'view'; name: string }
  /** A PostgreSQL domain or composite type (a column's type). */
  | { kind: 'domain' | 'compositeType'; name: string }
  | { kind: 'enumValue'; name: string; value: string }
  /** A function, trigger, policy… by its identity key (core/model/definitions.ts). */
  | { kind: 'definition'; name: string }
  /** A PostgreSQL schema other than public (`CREATE SCHEMA`). */
  | { kind: 'namespace'; name: string }
  /** A primary key, unique constraint or unique index over exactly these columns (what a foreign key needs); `via` is the object that provided it in base. */
  | { kind: 'key'; table: string; columns: string[]; via: ObjectRef };

export function refPath(ref: ObjectRef): string {
  switch (ref.kind) {
    case 'table':
      return objectPath.table(ref.table);
    case 'primaryKey':
      return objectPath.primaryKey(ref.table);
    case 'column':
    case 'unique':
    case 'index':
    case 'foreignKey':
    case 'check':
      return objectPath[ref.kind](ref.table, ref.name);
    case 'enum':
    case 'enumValue':
      return objectPath.enum(ref.name);
    case 'view':
      return objectPath.view(ref.name);
    case 'definition':
      return objectPath.definition(ref.name);
    case 'namespace':
      return objectPath.namespace(ref.name);
    case 'domain':
    case 'compositeType':
      return objectPath[ref.kind](ref.name);
    case 'key':
      return refPath(ref.via);
  }
}

/** The object of `table` that makes `columns` a key a foreign key may reference, if any. */
export function keyOver(table: Table | undefined, columns: readonly string[]): ObjectRef | undefined {
  if (!table) return undefined;
  const same = (k: readonly string[]) => k.length === columns.length && k.every((c) => columns.includes(c));
  if (table.primaryKey && same(table.primaryKey.columns)) return { kind: 'primaryKey', table: table.name };
  const unique = table.uniques.find((u) => same(u.columns));
  if (unique) return { kind: 'unique', table: table.name, name: unique.name };
  const index = table.indexes.find(
    (i) => i.unique && i.where === undefined && i.elements.every((e) => e.column !== undefined) && same(i.elements.map((e) => e.column!)),
  );
  return index ? { kind: 'index', table: table.name, name: index.name } : undefined;
}

const memberLists = { unique: 'uniques', index: 'indexes', foreignKey: 'foreignKeys', check: 'checks' } as const;

/** Name lookups over one schema, built once, member maps built on first use (merges touch few tables here). */
export class SchemaIndex {
  readonly tables: Map<string, Table>;
  readonly enums: Map<string, EnumType>;
  readonly views: Map<string, View>;
  readonly definitions: Map<string, Definition>;
  private readonly memberMaps = new Map<string, Map<string, { name: string }>>();

  constructor(readonly schema: Schema) {
    this.tables = byName(schema.tables);
    this.enums = byName(schema.enums);
    this.views = byName(schema.views);
    this.definitions = byName(schema.definitions ?? []);
  }

  column(table: string, name: string): Column | undefined {
    return this.members(table, 'columns')?.get(name) as Column | undefined;
  }

  columnNames(table: string): string[] {
    return this.tables.get(table)?.columns.map((c) => c.name) ?? [];
  }

  get(ref: ObjectRef): unknown {
    switch (ref.kind) {
      case 'table':
        return this.tables.get(ref.table);
      case 'column':
        return this.column(ref.table, ref.name);
      case 'primaryKey':
        return this.tables.get(ref.table)?.primaryKey;
      case 'unique':
      case 'index':
      case 'foreignKey':
      case 'check':
        return this.members(ref.table, memberLists[ref.kind])?.get(ref.name);
      case 'enum':
        return this.enums.get(ref.name);
      case 'view':
        return this.views.get(ref.name);
      case 'definition':
        return this.definitions.get(ref.name);
      case 'namespace':
        return this.schema.namespaces?.find((n) => n.name === ref.name);
      case 'domain':
        return this.schema.domains?.find((d) => d.name === ref.name);
      case 'compositeType':
        return this.schema.compositeTypes?.find((t) => t.name === ref.name);
      case 'enumValue':
        return this.enums.get(ref.name)?.values.includes(ref.value) ? ref.value : undefined;
      case 'key': {
        const key = keyOver(this.tables.get(ref.table), ref.columns);
        return key && this.get(key);
      }
    }
  }

  has(ref: ObjectRef): boolean {
    return this.get(ref) !== undefined;
  }

  private members(table: string, list: 'columns' | 'uniques' | 'indexes' | 'foreignKeys' | 'checks') {
    const key = `${table}\u0000${list}`;
    let map = this.memberMaps.get(key);
    if (!map) {
      const t = this.tables.get(table);
      if (!t) return undefined;
      map = byName<{ name: string }>(t[list]);
      this.memberMaps.set(key, map);
    }
    return map;
  }
}
