import type { Schema } from '../model/schema.js';
import { byName } from './compare.js';
import type { Operation } from './operations.js';

/**
 * PostgreSQL schemas to create (before everything: extensions, types and tables may live in them) and
 * to drop (after everything, so whatever lived in them is gone by then). A schema is only a name; its
 * comment is a `setComment` like any other object's (comments.ts).
 */
export function diffNamespaces(from: Schema, to: Schema): { creates: Operation[]; drops: Operation[] } {
  const before = new Set((from.namespaces ?? []).map((n) => n.name));
  const after = new Set((to.namespaces ?? []).map((n) => n.name));
  return {
    creates: [...(to.namespaces ?? [])]
      .filter((n) => !before.has(n.name))
      .sort(byName)
      .map((namespace): Operation => ({ kind: 'createSchema', namespace: { name: namespace.name } })),
    drops: [...(from.namespaces ?? [])]
      .filter((n) => !after.has(n.name))
      .sort(byName)
      .reverse()
      .map((namespace): Operation => ({ kind: 'dropSchema', namespace: { name: namespace.name } })),
  };
}
