import type { NameScopes } from '../engine-traits.js';
import type { Schema } from '../model/schema.js';
import type { CrossConflict, MergeSides } from './cross-conflict.js';
import type { MergeContext } from './merge-context.js';
import { conflictKinds, type ObjectKind } from './merge-conflict.js';
import { kindLabel } from './object-path.js';
import { refPath, type ObjectRef } from './schema-index.js';

/**
 * C005: two different objects, one new on each side, end up with the same name in a namespace the
 * engine shares (`traits.names`): tables and views always share one; index names join it or are per
 * table; unique and primary key constraints own an index of their name on some engines; constraint
 * names are per table on some. Same-kind same-path objects are C001, not this.
 */
export function nameCollisionConflicts(ctx: MergeContext, sides: MergeSides): CrossConflict[] {
  const spaces = namespaces(sides.merged.schema, ctx.traits.names);
  const out: CrossConflict[] = [];
  for (const [key, refs] of spaces) {
    if (refs.length < 2) continue;
    const addedBy = (side: 'ours' | 'theirs') =>
      refs.filter((r) => !sides.base.has(r) && sides[side].has(r) && !sides[side === 'ours' ? 'theirs' : 'ours'].has(r));
    const oursNew = addedBy('ours');
    const theirsNew = addedBy('theirs');
    if (oursNew.length === 0 || theirsNew.length === 0) continue;
    const involved = [...oursNew, ...theirsNew];
    if (involved.some((r) => ctx.conflictPaths.has(refPath(r)))) continue;
    const [, name, table] = key.split('\u0000');
    const path = table ? `${table}#name:${name}` : `name:${name}`;
    const show = (rs: ObjectRef[]) => rs.map((r) => `${kindLabel(r.kind as ObjectKind)} ${refPath(r)}`).join(', ');
    out.push({
      conflict: {
        code: 'C005',
        kind: conflictKinds.C005,
        path,
        message: `both sides use the name "${name}": ours for ${show(oursNew)}, theirs for ${show(theirsNew)}`,
        objectKind: 'name',
        ours: `adds ${show(oursNew)}`,
        theirs: `adds ${show(theirsNew)}`,
        related: involved.map(refPath),
        resolutions: ['ours', 'theirs'],
      },
      forces: {
        ours: theirsNew.map((r) => ({ path: refPath(r), side: 'ours' as const })),
        theirs: oursNew.map((r) => ({ path: refPath(r), side: 'theirs' as const })),
      },
    });
  }
  return out;
}

function namespaces(schema: Schema, scopes: NameScopes): Map<string, ObjectRef[]> {
  const spaces = new Map<string, ObjectRef[]>();
  const add = (space: string, name: string, ref: ObjectRef, table = '') => {
    const key = `${space}\u0000${name}\u0000${table}`;
    const list = spaces.get(key);
    if (list) list.push(ref);
    else spaces.set(key, [ref]);
  };
  // An index name goes with the relations (schema-wide) or into its table's index namespace.
  const addIndexName = (name: string, ref: ObjectRef, table: string) =>
    scopes.schemaWideIndexNames ? add('relation', name, ref) : add('index', name, ref, table);
  const tableConstraints = scopes.tableScopedConstraintNames;
  for (const view of schema.views) {
    add('relation', view.name, { kind: 'view', name: view.name });
    // A materialized view's indexes are part of the view leaf: a clash names the view.
    for (const i of view.indexes ?? []) addIndexName(i.name, { kind: 'view', name: view.name }, view.name);
  }
  for (const t of schema.tables) {
    add('relation', t.name, { kind: 'table', table: t.name });
    for (const i of t.indexes) {
      const ref: ObjectRef = { kind: 'index', table: t.name, name: i.name };
      addIndexName(i.name, ref, t.name);
    }
    for (const u of t.uniques) {
      const ref: ObjectRef = { kind: 'unique', table: t.name, name: u.name };
      if (scopes.keyConstraintsOwnIndexes) addIndexName(u.name, ref, t.name);
      if (tableConstraints) add('constraint', u.name, ref, t.name);
    }
    // Only named primary keys take part (MySQL's is always PRIMARY, unnamed in the IR).
    if (scopes.keyConstraintsOwnIndexes && t.primaryKey?.name) {
      const ref: ObjectRef = { kind: 'primaryKey', table: t.name };
      addIndexName(t.primaryKey.name, ref, t.name);
      if (tableConstraints) add('constraint', t.primaryKey.name, ref, t.name);
    }
    if (!tableConstraints) continue;
    for (const fk of t.foreignKeys) add('constraint', fk.name, { kind: 'foreignKey', table: t.name, name: fk.name }, t.name);
    for (const c of t.checks) add('constraint', c.name, { kind: 'check', table: t.name, name: c.name }, t.name);
  }
  return spaces;
}
