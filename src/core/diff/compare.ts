import type { Column } from '../model/schema.js';
import type { ColumnChange } from './operations.js';

/** Sort comparator on `name` by code unit, the same order canonicalization uses. */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Structural equality that ignores key order and `undefined` members, like the snapshot hash. */
export function sameDefinition(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((x, i) => sameDefinition(x, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key in left) if (left[key] !== undefined && !sameDefinition(left[key], right[key])) return false;
  for (const key in right) if (right[key] !== undefined && left[key] === undefined) return false;
  return true;
}

export function indexByName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) map.set(item.name, item);
  return map;
}

/** What differs between two versions of the same column (position is decided by the table diff). */
export function columnChanges(from: Column, to: Column): ColumnChange[] {
  const changes: ColumnChange[] = [];
  if (from.type !== to.type || from.family !== to.family) changes.push('type');
  // a SQLite rowid alias gaining or losing its written NOT NULL: the same rebuild as a nullability change
  if (from.nullable !== to.nullable || from.explicitNotNull !== to.explicitNotNull) changes.push('nullable');
  if (from.default !== to.default) changes.push('default');
  if (from.identity !== to.identity) changes.push('identity');
  if (!sameDefinition(from.generated ?? null, to.generated ?? null)) changes.push('generated');
  if (from.collation !== to.collation) changes.push('collation');
  if (from.comment !== to.comment) changes.push('comment');
  if (from.onUpdate !== to.onUpdate) changes.push('onUpdate');
  // A field this function does not know yet must still produce an operation, never a silent no-op.
  if (changes.length === 0 && !sameDefinition(from, to)) changes.push('type');
  return changes;
}
