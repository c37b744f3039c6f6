import type { Collection, CollectionIndex, Schema } from '../model/schema.js';
import { canonicalJson } from '../snapshot/canonical.js';
import type { CollectionValidation, Operation } from './operations.js';

/**
 * MongoDB part of the diff: collections, validators and indexes. Indexes are compared by their full
 * definition (keys in order, options); a changed index is dropped and recreated, since MongoDB cannot
 * alter one in place (except TTL via collMod, which is rare enough to keep the simple rule).
 */
export function diffCollections(from: Schema, to: Schema): Operation[] {
  const before = new Map(from.collections.map((c) => [c.name, c]));
  const after = new Map(to.collections.map((c) => [c.name, c]));
  const drops: Operation[] = [];
  const creates: Operation[] = [];
  const changes: Operation[] = [];

  for (const name of [...before.keys()].sort()) {
    if (!after.has(name)) drops.push({ kind: 'dropCollection', collection: before.get(name)! });
  }
  for (const name of [...after.keys()].sort()) {
    const next = after.get(name)!;
    const prev = before.get(name);
    if (!prev) {
      creates.push({ kind: 'createCollection', collection: next });
      for (const index of sortedIndexes(next)) creates.push({ kind: 'createCollectionIndex', collection: name, index });
      continue;
    }
    if (canonicalJson(validationOf(prev)) !== canonicalJson(validationOf(next))) {
      changes.push({ kind: 'setValidator', collection: name, from: validationOf(prev), to: validationOf(next) });
    }
    const prevIdx = new Map(prev.indexes.map((i) => [i.name, i]));
    const nextIdx = new Map(next.indexes.map((i) => [i.name, i]));
    for (const index of sortedIndexes(prev)) {
      const target = nextIdx.get(index.name);
      if (!target || canonicalJson(target) !== canonicalJson(index)) changes.push({ kind: 'dropCollectionIndex', collection: name, index });
    }
    for (const index of sortedIndexes(next)) {
      const source = prevIdx.get(index.name);
      if (!source || canonicalJson(source) !== canonicalJson(index))
        changes.push({ kind: 'createCollectionIndex', collection: name, index });
    }
  }
  // Index drops before creates within a collection keeps a renamed-key index from colliding.
  changes.sort((a, b) => rank(a) - rank(b));
  return [...drops, ...creates, ...changes];
}

function rank(op: Operation): number {
  return op.kind === 'dropCollectionIndex' ? 0 : op.kind === 'setValidator' ? 1 : 2;
}

export function validationOf(c: Collection): CollectionValidation {
  const v: CollectionValidation = {};
  if (c.validator !== undefined) v.validator = c.validator;
  if (c.validationLevel !== undefined) v.validationLevel = c.validationLevel;
  if (c.validationAction !== undefined) v.validationAction = c.validationAction;
  return v;
}

function sortedIndexes(c: Collection): CollectionIndex[] {
  return [...c.indexes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
