import type { MergeContext } from './merge-context.js';
import type { ObjectKind, Resolution } from './merge-conflict.js';
import { kindLabel } from './object-path.js';
import { summarize } from './summarize.js';
import { byName, nullIfAbsent, pickSide, singleSide, threeWay, unionNames } from './three-way.js';

/**
 * Merge one object taken as a whole (an index, a foreign key, a view, or a table/column that exists
 * on fewer than three sides). A forced resolution picks that side's version, which may be "absent".
 * An unresolved conflict is recorded and ours' version goes into the partial result.
 */
export function mergeLeaf<T>(
  ctx: MergeContext,
  path: string,
  objectKind: ObjectKind,
  base: T | undefined,
  ours: T | undefined,
  theirs: T | undefined,
  extraResolutions: Resolution[] = [],
): T | undefined {
  const forced = ctx.wholeAt(path) ?? singleSide(ctx.forcedAt(path));
  if (forced) return pickSide(forced, ours, theirs);
  const r = threeWay(base, ours, theirs);
  if (r.clean) return r.value;
  const label = `${kindLabel(objectKind)} ${path}`;
  let message: string;
  if (r.code === 'C001') {
    message = `both sides add ${label} with different definitions: ours ${summarize(objectKind, ours)}, theirs ${summarize(objectKind, theirs)}`;
  } else if (r.code === 'C002') {
    message = `both sides change ${label} differently: ours ${summarize(objectKind, ours)}, theirs ${summarize(objectKind, theirs)}`;
  } else {
    const dropper = ours === undefined ? 'ours' : 'theirs';
    const keeper = ours === undefined ? 'theirs' : 'ours';
    const kept = ours === undefined ? theirs : ours;
    message = `${dropper} drops (or renames) ${label}, which ${keeper} changes to ${summarize(objectKind, kept)}`;
  }
  ctx.conflict(r.code, {
    path,
    message,
    objectKind,
    base: nullIfAbsent(base),
    ours: nullIfAbsent(ours),
    theirs: nullIfAbsent(theirs),
    resolutions: ['ours', 'theirs', ...extraResolutions],
  });
  return ours;
}

/** Merge a named collection (indexes of a table, views, …) object by object. */
export function mergeNamed<T extends { name: string }>(
  ctx: MergeContext,
  objectKind: ObjectKind,
  path: (name: string) => string,
  base: readonly T[],
  ours: readonly T[],
  theirs: readonly T[],
): T[] {
  const b = byName(base);
  const o = byName(ours);
  const t = byName(theirs);
  const out: T[] = [];
  for (const name of unionNames(o.keys(), t.keys(), b.keys())) {
    const merged = mergeLeaf(ctx, path(name), objectKind, b.get(name), o.get(name), t.get(name));
    if (merged) out.push(merged);
  }
  return out;
}
