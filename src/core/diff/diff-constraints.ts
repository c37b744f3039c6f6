import type { ForeignKey, Table } from '../model/schema.js';
import { byName, indexByName, sameDefinition } from './compare.js';
import type { Operation } from './operations.js';

export interface KeyDiff {
  /** dropCheck / dropIndex / dropUnique / dropPrimaryKey */
  drops: Operation[];
  /** addPrimaryKey / addUnique / createIndex / addCheck */
  adds: Operation[];
  /** column lists of dropped keys that a foreign key may reference (primary key, uniques, unique indexes) */
  droppedKeys: string[][];
  /** column lists of every dropped index-like object (MySQL backs foreign keys with such an index) */
  droppedIndexes: string[][];
}

/**
 * Primary key, unique constraints, indexes and checks of one table present on both sides. Objects
 * are matched by name; a changed definition is a drop (before) plus a create (after).
 */
export function diffKeys(from: Table, to: Table): KeyDiff {
  const table = to.name;
  const drops: Operation[] = [];
  const adds: Operation[] = [];
  const droppedKeys: string[][] = [];
  const droppedIndexes: string[][] = [];

  const checks = diffNamed(from.checks, to.checks);
  for (const check of checks.removed) drops.push({ kind: 'dropCheck', table, check });
  const indexes = diffNamed(from.indexes, to.indexes);
  for (const index of indexes.removed) {
    drops.push({ kind: 'dropIndex', table, index });
    const columns = index.elements.map((e) => e.column ?? '');
    droppedIndexes.push(columns);
    if (index.unique && !index.where && index.elements.every((e) => e.column !== undefined)) droppedKeys.push(columns);
  }
  const uniques = diffNamed(from.uniques, to.uniques);
  for (const unique of uniques.removed) {
    drops.push({ kind: 'dropUnique', table, unique });
    droppedKeys.push(unique.columns);
    droppedIndexes.push(unique.columns);
  }
  const pkChanged = !sameDefinition(from.primaryKey ?? null, to.primaryKey ?? null);
  if (pkChanged && from.primaryKey) {
    drops.push({ kind: 'dropPrimaryKey', table, primaryKey: from.primaryKey });
    droppedKeys.push(from.primaryKey.columns);
    droppedIndexes.push(from.primaryKey.columns);
  }

  if (pkChanged && to.primaryKey) adds.push({ kind: 'addPrimaryKey', table, primaryKey: to.primaryKey });
  for (const unique of uniques.added) adds.push({ kind: 'addUnique', table, unique });
  for (const index of indexes.added) adds.push({ kind: 'createIndex', table, index });
  for (const check of checks.added) adds.push({ kind: 'addCheck', table, check });
  return { drops, adds, droppedKeys, droppedIndexes };
}

export interface ForeignKeyDiff {
  drops: Operation[];
  adds: Operation[];
}

/** Foreign keys of one table present on both sides; `recreate(fk)` forces an unchanged one to be dropped and re-added. */
export function diffForeignKeys(from: Table, to: Table, recreate: (fk: ForeignKey) => boolean): ForeignKeyDiff {
  const table = to.name;
  const { removed, added, unchanged } = diffNamed(from.foreignKeys, to.foreignKeys);
  const again = unchanged.filter(recreate);
  return {
    drops: [...removed, ...again].sort(byName).map((foreignKey) => ({ kind: 'dropForeignKey', table, foreignKey })),
    adds: [...added, ...again].sort(byName).map((foreignKey) => ({ kind: 'addForeignKey', table, foreignKey })),
  };
}

/** Name-matched comparison; results sorted by name. A changed object is both removed (old definition) and added (new one). */
export function diffNamed<T extends { name: string }>(from: readonly T[], to: readonly T[]): { removed: T[]; added: T[]; unchanged: T[] } {
  const toByName = indexByName(to);
  const fromByName = indexByName(from);
  const removed: T[] = [];
  const added: T[] = [];
  const unchanged: T[] = [];
  for (const item of from) {
    const other = toByName.get(item.name);
    if (other === undefined || !sameDefinition(item, other)) removed.push(item);
    else unchanged.push(item);
  }
  for (const item of to) {
    const other = fromByName.get(item.name);
    if (other === undefined || !sameDefinition(item, other)) added.push(item);
  }
  return { removed: removed.sort(byName), added: added.sort(byName), unchanged: unchanged.sort(byName) };
}
