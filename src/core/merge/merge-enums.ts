import type { EnumType } from '../model/schema.js';
import type { MergeContext } from './merge-context.js';
import { mergeLeaf } from './merge-leaf.js';
import { objectPath } from './object-path.js';
import { byName, threeWay, unionNames } from './three-way.js';

export function mergeEnums(ctx: MergeContext, base: EnumType[], ours: EnumType[], theirs: EnumType[]): EnumType[] {
  const b = byName(base);
  const o = byName(ours);
  const t = byName(theirs);
  const out: EnumType[] = [];
  for (const name of unionNames(o.keys(), t.keys(), b.keys())) {
    const path = objectPath.enum(name);
    const [be, oe, te] = [b.get(name), o.get(name), t.get(name)];
    const merged = be && oe && te ? mergeEnumValues(ctx, path, be, oe, te) : mergeLeaf(ctx, path, 'enum', be, oe, te);
    if (merged) out.push(merged);
  }
  return out;
}

/**
 * Enum values merge like text lines anchored on base values. Additions in different gaps and removals
 * commute (PG `ADD VALUE … AFTER` applies in any order); two sides adding different values in the same
 * gap, one side removing the value the other adds next to, or reordering, do not (C006).
 * `both` keeps every addition, ours' before theirs' within a gap.
 */
function mergeEnumValues(ctx: MergeContext, path: string, base: EnumType, ours: EnumType, theirs: EnumType): EnumType {
  const forced = ctx.wholeAt(path) ?? ctx.forcedAt(path);
  if (forced === 'ours') return ours;
  if (forced === 'theirs') return theirs;
  const r = threeWay(base.values, ours.values, theirs.values);
  if (r.clean) return { ...(r.changedBy === 'theirs' ? theirs : ours), values: [...(r.value ?? [])] };
  const plan = planEnumValues(base.values, ours.values, theirs.values);
  if (forced === 'both' || plan.problems.length === 0) return { ...ours, values: plan.values };
  ctx.conflict('C006', {
    path,
    message: `enum ${base.name}: ${plan.problems.join('; ')}`,
    objectKind: 'enum',
    base,
    ours,
    theirs,
    resolutions: ['ours', 'theirs', 'both'],
  });
  return ours;
}

interface Additions {
  /** previous base value (null = start of the list) → values added right after it, in order */
  byAnchor: Map<string | null, string[]>;
  neighbours: Map<string, { previous: string | null; next: string | null }>;
}

export function planEnumValues(base: string[], ours: string[], theirs: string[]): { values: string[]; problems: string[] } {
  const inBase = new Set(base);
  const inOurs = new Set(ours);
  const inTheirs = new Set(theirs);
  const removedByOurs = new Set(base.filter((v) => !inOurs.has(v)));
  const removedByTheirs = new Set(base.filter((v) => !inTheirs.has(v)));
  const problems: string[] = [];
  for (const [side, list, present] of [
    ['ours', ours, inOurs],
    ['theirs', theirs, inTheirs],
  ] as const) {
    const kept = list.filter((v) => inBase.has(v));
    const expected = base.filter((v) => present.has(v));
    if (kept.join('\u0000') !== expected.join('\u0000')) problems.push(`${side} reorders existing values`);
  }
  const o = additions(ours, inBase);
  const t = additions(theirs, inBase);
  for (const anchor of new Set([...o.byAnchor.keys(), ...t.byAnchor.keys()])) {
    const ov = o.byAnchor.get(anchor) ?? [];
    const tv = t.byAnchor.get(anchor) ?? [];
    if (ov.length > 0 && tv.length > 0 && ov.join('\u0000') !== tv.join('\u0000')) {
      const where = anchor === null ? 'at the start' : `after '${anchor}'`;
      problems.push(
        `both sides add values ${where} (ours ${quote(ov)}, theirs ${quote(tv)}), so their order depends on which migration runs first`,
      );
    }
  }
  for (const [value, n] of o.neighbours) {
    const tn = t.neighbours.get(value);
    if (tn && (tn.previous !== n.previous || tn.next !== n.next)) problems.push(`both sides add '${value}' at different positions`);
  }
  for (const [adder, adds, remover, removed] of [
    ['ours', o, 'theirs', removedByTheirs],
    ['theirs', t, 'ours', removedByOurs],
  ] as const) {
    for (const [value, n] of adds.neighbours) {
      const anchor = n.previous ?? n.next;
      if (anchor !== null && removed.has(anchor)) problems.push(`${remover} removes '${anchor}', next to which ${adder} adds '${value}'`);
    }
  }
  return { values: combine(base, o, t, new Set([...removedByOurs, ...removedByTheirs])), problems };
}

function additions(list: string[], inBase: Set<string>): Additions {
  const byAnchor = new Map<string | null, string[]>();
  const neighbours = new Map<string, { previous: string | null; next: string | null }>();
  let previous: string | null = null;
  let pending: string[] = [];
  for (const value of list) {
    if (inBase.has(value)) {
      for (const p of pending) neighbours.get(p)!.next = value;
      pending = [];
      previous = value;
      continue;
    }
    const gap = byAnchor.get(previous) ?? [];
    gap.push(value);
    byAnchor.set(previous, gap);
    neighbours.set(value, { previous, next: null });
    pending.push(value);
  }
  return { byAnchor, neighbours };
}

function combine(base: string[], o: Additions, t: Additions, removed: Set<string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const emit = (v: string) => {
    if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  };
  const emitGap = (anchor: string | null) => {
    for (const v of o.byAnchor.get(anchor) ?? []) emit(v);
    for (const v of t.byAnchor.get(anchor) ?? []) emit(v);
  };
  emitGap(null);
  for (const v of base) {
    if (!removed.has(v)) emit(v);
    emitGap(v);
  }
  return out;
}

function quote(values: string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}
