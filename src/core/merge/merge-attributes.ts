import type { MergeContext } from './merge-context.js';
import type { ObjectKind } from './merge-conflict.js';
import { kindLabel } from './object-path.js';
import { nullIfAbsent, singleSide, threeWay, unionNames } from './three-way.js';

type Attributes = Record<string, unknown>;

/**
 * Attribute-wise three-way merge of one object present on all three sides (a column, a table's own
 * settings). Different attributes commute — one side changing a column's type and the other its
 * nullability is clean — so only an attribute both sides changed differently is a conflict (C002).
 * `type` and `family` move together: the family is derived from the type.
 */
export function mergeAttributes(
  ctx: MergeContext,
  path: string,
  objectKind: ObjectKind,
  baseObject: object,
  oursObject: object,
  theirsObject: object,
  skip: ReadonlySet<string>,
): Attributes {
  const [base, ours, theirs] = [baseObject, oursObject, theirsObject] as Attributes[];
  const forced = singleSide(ctx.forcedAt(path));
  const out: Attributes = {};
  const conflicting: string[] = [];
  for (const key of unionNames(Object.keys(ours), Object.keys(theirs), Object.keys(base))) {
    if (skip.has(key) || key === 'family') continue;
    const group = key === 'type' ? ['type', 'family'] : [key];
    const pick = (x: Attributes) => (group.length === 1 ? (x[key] ?? null) : group.map((k) => x[k] ?? null));
    const r = threeWay(pick(base), pick(ours), pick(theirs));
    let source: Attributes;
    if (r.clean) {
      source = r.changedBy === 'theirs' ? theirs : ours;
    } else {
      conflicting.push(key);
      source = forced === 'theirs' ? theirs : ours;
    }
    for (const k of group) if (source[k] !== undefined) out[k] = source[k];
  }
  if (conflicting.length > 0 && !forced) {
    const details = conflicting.map((k) => `${k}: ours ${show(ours[k])}, theirs ${show(theirs[k])}`).join('; ');
    ctx.conflict('C002', {
      path,
      message: `both sides change ${conflicting.join(', ')} of ${kindLabel(objectKind)} ${path} differently (${details})`,
      objectKind,
      base: nullIfAbsent(base),
      ours: nullIfAbsent(ours),
      theirs: nullIfAbsent(theirs),
      attributes: conflicting,
      resolutions: ['ours', 'theirs'],
    });
  }
  return out;
}

function show(value: unknown): string {
  if (value === undefined) return 'none';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
