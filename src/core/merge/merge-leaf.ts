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
  const apart = objectKind === 'table' || objectKind === 'column' ? undefined : commentApart(base, ours, theirs);
  if (apart) return apart.value;
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

/**
 * A PostgreSQL comment (core/model/comments.ts) merges as an attribute of its object, like a table's:
 * one side changing a view's query or a function's body and the other its comment is clean. Only
 * when the object is on all three sides and both its comment-free part and its comment merge cleanly.
 */
function commentApart<T>(base: T | undefined, ours: T | undefined, theirs: T | undefined): { value: T } | undefined {
  const commented = (x: T | undefined): x is T & { comment?: unknown } => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!commented(base) || !commented(ours) || !commented(theirs)) return undefined;
  if (!('comment' in base) && !('comment' in ours) && !('comment' in theirs)) return undefined;
  const strip = (x: T & { comment?: unknown }): T => {
    const { comment: _, ...rest } = x;
    return rest as T;
  };
  const body = threeWay(strip(base), strip(ours), strip(theirs));
  const comment = threeWay(base.comment, ours.comment, theirs.comment);
  if (!body.clean || !comment.clean) return undefined;
  return { value: (comment.value === undefined ? body.value : { ...body.value, comment: comment.value }) as T };
}
