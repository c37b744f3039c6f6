import { canonicalJson } from '../snapshot/canonical.js';
import type { Resolution, Side } from './merge-conflict.js';

/** Comparable fingerprint of an IR object; '' stands for "absent". Inputs are canonicalized first, so key order and collection order never matter. */
export function fingerprint(value: unknown): string {
  return value === undefined ? '' : canonicalJson(value);
}

/**
 * Structural equality of IR values: arrays in order, objects by key with `undefined` members
 * ignored (as canonical JSON does). No allocation of JSON text, and it stops at the first difference,
 * so comparing two unchanged 1,000-table schemas costs one walk.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let count = 0;
  for (const key in ra) {
    if (ra[key] === undefined) continue;
    count++;
    if (!sameValue(ra[key], rb[key])) return false;
  }
  for (const key in rb) if (rb[key] !== undefined) count--;
  return count === 0;
}

export type ChangedBy = 'none' | Side | 'both';

export type ThreeWay<T> = { clean: true; value: T | undefined; changedBy: ChangedBy } | { clean: false; code: 'C001' | 'C002' | 'C003' };

/**
 * The per-object rule: one side changed → take it; both changed identically → take it; otherwise a
 * conflict whose code says how the sides disagree (both added / both modified / modified vs deleted).
 */
export function threeWay<T>(base: T | undefined, ours: T | undefined, theirs: T | undefined): ThreeWay<T> {
  if (sameValue(ours, theirs)) return { clean: true, value: ours, changedBy: sameValue(base, ours) ? 'none' : 'both' };
  if (sameValue(base, ours)) return { clean: true, value: theirs, changedBy: 'theirs' };
  if (sameValue(base, theirs)) return { clean: true, value: ours, changedBy: 'ours' };
  if (base === undefined) return { clean: false, code: 'C001' };
  if (ours === undefined || theirs === undefined) return { clean: false, code: 'C003' };
  return { clean: false, code: 'C002' };
}

export function pickSide<T>(side: Side, ours: T, theirs: T): T {
  return side === 'ours' ? ours : theirs;
}

export function otherSide(side: Side): Side {
  return side === 'ours' ? 'theirs' : 'ours';
}

/** The side a forced resolution picks for a single-valued object ('both' does not apply there). */
export function singleSide(resolution: Resolution | undefined): Side | undefined {
  return resolution === 'ours' || resolution === 'theirs' ? resolution : undefined;
}

export function byName<T extends { name: string }>(items: readonly T[] | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items ?? []) map.set(item.name, item);
  return map;
}

/** Names of a three-way union in a stable order: ours', then theirs' new ones, then base-only ones. */
export function unionNames(ours: Iterable<string>, theirs: Iterable<string>, base: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const list of [ours, theirs, base]) {
    for (const name of list) {
      if (!seen.has(name)) {
        seen.add(name);
        out.push(name);
      }
    }
  }
  return out;
}

export function nullIfAbsent(value: unknown): unknown {
  return value === undefined ? null : value;
}
