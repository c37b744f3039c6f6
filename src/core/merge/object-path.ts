import type { ObjectKind } from './merge-conflict.js';

/**
 * Paths name every mergeable object; they key the three-way maps, the conflicts and the resolutions
 * (`flash resolve users.email --ours`).
 */
export const objectPath = {
  table: (table: string) => table,
  column: (table: string, column: string) => `${table}.${column}`,
  primaryKey: (table: string) => `${table}#pk`,
  unique: (table: string, name: string) => `${table}#unique:${name}`,
  index: (table: string, name: string) => `${table}#index:${name}`,
  foreignKey: (table: string, name: string) => `${table}#fk:${name}`,
  check: (table: string, name: string) => `${table}#check:${name}`,
  enum: (name: string) => `enum:${name}`,
  view: (name: string) => `view:${name}`,
  collection: (name: string) => `collection:${name}`,
  extension: (name: string) => `extension:${name}`,
  namespace: (name: string) => `schema:${name}`,
  /** A definition's name is already its path: `function:public.f(integer)`, `trigger:users.audit`. */
  definition: (name: string) => name,
  domain: (name: string) => `domain:${name}`,
  compositeType: (name: string) => `type:${name}`,
  sequence: (name: string) => `sequence:${name}`,
  schemaComment: 'comment:schema public',
};

const labels: Record<ObjectKind, string> = {
  table: 'table',
  column: 'column',
  primaryKey: 'primary key',
  unique: 'unique constraint',
  index: 'index',
  foreignKey: 'foreign key',
  check: 'check constraint',
  enum: 'enum',
  view: 'view',
  collection: 'collection',
  extension: 'extension',
  namespace: 'schema',
  definition: 'object',
  domain: 'domain',
  compositeType: 'composite type',
  sequence: 'sequence',
  schemaComment: 'comment on',
  name: 'name',
};

export function kindLabel(kind: ObjectKind): string {
  return labels[kind];
}

/**
 * Tables whose members are named in `paths`: a table taken whole from one side must still be merged
 * member by member when a resolution targets one of its members. Table names may contain `.` or `#`,
 * so every prefix ending before one of them is a candidate.
 */
export function owningTableCandidates(paths: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const path of paths) {
    for (let i = 0; i < path.length; i++) {
      const ch = path[i];
      if (ch === '.' || ch === '#') out.add(path.slice(0, i));
    }
  }
  return out;
}
