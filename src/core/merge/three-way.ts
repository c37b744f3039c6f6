import { canonicalJson } from '../snapshot/canonical.js';
import type { Resolution, Side } from './merge-conflict.js';

/** Comparable fingerprint of an IR object; '' stands for "absent". Inputs are canonicalized first, so key order and collection order never matter. */
export function fingerprint(value: unknown): string {
  return value === undefined ? '' : canonicalJson(value);
}

export type ChangedBy = 'none' | Side | 'both';

export type ThreeWay<T> =
  | { clean: true; value: T | undefined; changedBy: ChangedBy }
  | { clean: false; code: 'C001' | 'C002' | 'C003' };

/**
 * The per-object rule: one side changed → take it; both changed identically → take it; otherwise a
 * conflict whose code says how the sides disagree (both added / both modified / modified vs deleted).
 */
export function threeWay<T>(base: T | undefined, ours: T | undefined, theirs: T | undefined): ThreeWay<T> {
  const b = fingerprint(base);
  const o = fingerprint(ours);
  const t = fingerprint(theirs);
  if (o === t) return { clean: true, value: ours, changedBy: o === b ? 'none' : 'both' };
  if (b === o) return { clean: true, value: theirs, changedBy: 'theirs' };
  if (b === t) return { clean: true, value: ours, changedBy: 'ours' };
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
