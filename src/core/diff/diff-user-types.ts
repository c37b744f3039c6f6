import { typeObjectName, type CompositeType, type Schema } from '../model/schema.js';
import { canonicalJson } from '../snapshot/canonical.js';
import type { Operation } from './operations.js';

export interface UserTypeDiff {
  /** Before any table or column uses them: domains, then composite types in dependency order. */
  creates: Operation[];
  /** In place (ALTER DOMAIN / ALTER TYPE), also before tables: a new column may rely on the change. */
  alters: Operation[];
  /** After every table, column and view that used them is gone: composite types (dependents first), then domains. */
  drops: Operation[];
}

/**
 * Domains and composite types are changed in place, never dropped and recreated: columns use them,
 * and PostgreSQL refuses to drop a type in use. What ALTER cannot express (a domain's base type) is
 * refused by the renderer by name.
 */
export function diffUserTypes(from: Schema, to: Schema): UserTypeDiff {
  const domains = diffNamed(from.domains ?? [], to.domains ?? []);
  const composites = diffNamed(from.compositeTypes ?? [], to.compositeTypes ?? []);
  const newComposites = orderComposites(composites.added);
  return {
    creates: [
      ...domains.added.map((domain): Operation => ({ kind: 'createDomain', domain })),
      ...newComposites.map((type): Operation => ({ kind: 'createCompositeType', type })),
    ],
    alters: [
      ...domains.changed.map(([old, next]): Operation => ({ kind: 'alterDomain', from: old, to: next })),
      ...composites.changed.map(([old, next]): Operation => ({ kind: 'alterCompositeType', from: old, to: next })),
    ],
    drops: [
      ...orderComposites(composites.removed)
        .reverse()
        .map((type): Operation => ({ kind: 'dropCompositeType', type })),
      ...domains.removed.map((domain): Operation => ({ kind: 'dropDomain', domain })),
    ],
  };
}

function diffNamed<T extends { name: string }>(before: T[], after: T[]): { added: T[]; removed: T[]; changed: Array<[T, T]> } {
  const old = new Map(before.map((x) => [x.name, x]));
  const next = new Map(after.map((x) => [x.name, x]));
  const byName = (a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const added = after.filter((x) => !old.has(x.name)).sort(byName);
  const removed = before.filter((x) => !next.has(x.name)).sort(byName);
  const changed: Array<[T, T]> = [];
  for (const x of [...after].sort(byName)) {
    const o = old.get(x.name);
    if (o && canonicalJson(o) !== canonicalJson(x)) changed.push([o, x]);
  }
  return { added, removed, changed };
}

/** Composite types whose attributes use another composite of the set come after it (depth first, name order). */
function orderComposites(types: CompositeType[]): CompositeType[] {
  const byName = new Map(types.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: CompositeType[] = [];
  const visit = (t: CompositeType, path: Set<string>): void => {
    if (done.has(t.name) || path.has(t.name)) return;
    path.add(t.name);
    for (const a of t.attributes) {
      const used = byName.get(typeObjectName(a.type));
      if (used) visit(used, path);
    }
    done.add(t.name);
    out.push(t);
  };
  for (const t of types) visit(t, new Set());
  return out;
}

/**
 * Table columns that store values of type `name`, directly or inside a composite type that contains
 * it (for the renderer's refusals: PostgreSQL cannot retype what rows already hold).
 */
export function storedIn(schema: Schema, name: string): string[] {
  const containing = new Set([name]);
  for (let grew = true; grew;) {
    grew = false;
    for (const ct of schema.compositeTypes ?? []) {
      if (!containing.has(ct.name) && ct.attributes.some((a) => containing.has(typeObjectName(a.type)))) {
        containing.add(ct.name);
        grew = true;
      }
    }
  }
  const users: string[] = [];
  for (const t of schema.tables) for (const c of t.columns) if (containing.has(typeObjectName(c.type))) users.push(`${t.name}.${c.name}`);
  return users;
}

/** Table columns that hold values of type `name` only inside a composite type (not as the column's own type). */
export function storedInComposites(schema: Schema, name: string): string[] {
  const direct = new Set(
    schema.tables.flatMap((t) => t.columns.filter((c) => typeObjectName(c.type) === name).map((c) => `${t.name}.${c.name}`)),
  );
  return storedIn(schema, name).filter((c) => !direct.has(c));
}
