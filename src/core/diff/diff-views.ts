import type { View } from '../model/schema.js';
import { byName, indexByName, sameDefinition } from './compare.js';
import { diffNamed } from './diff-constraints.js';
import type { Operation } from './operations.js';
import { orderViews } from './order.js';

export interface ViewDiff {
  /** dropView, dependents first: before anything else */
  drops: Operation[];
  /** createView, dependencies first: after every table change */
  creates: Operation[];
  /** alterViewOptions of views kept as they are, after the views are created */
  alters: Operation[];
  /** dropIndex of materialized views kept as they are (a recreated view takes its indexes along) */
  indexDrops: Operation[];
  /** createIndex of materialized views kept as they are, after the views are created */
  indexCreates: Operation[];
}

/**
 * Views are recreated rather than altered: a view is dropped and created again when its definition
 * changes, when its text mentions a table that changes (engines refuse to retype or drop columns a
 * view uses, and `SELECT *` views freeze their column list), or when it uses a view that is recreated.
 * Mentions are found by identifier tokens, so the rule is conservative (a mention in a string literal
 * counts) but never misses a plain reference.
 */
export function diffViews(from: readonly View[], to: readonly View[], touchedTables: ReadonlySet<string>): ViewDiff {
  const toByName = indexByName(to);
  const fromByName = indexByName(from);
  const fromMentions = mentionIndex(from);
  const touched = fromMentions.matcher([...touchedTables]);

  const dropped = new Set<string>();
  const queue: string[] = [];
  for (const v of from) {
    const next = toByName.get(v.name);
    const changed = next === undefined || !sameDefinition(viewQuery(v), viewQuery(next));
    if (changed || touched(v)) {
      dropped.add(v.name);
      queue.push(v.name);
    }
  }
  // Views that use a dropped view go too, transitively.
  const usedBy = new Map<string, string[]>();
  for (const v of from) {
    for (const dep of fromMentions.viewsUsedBy(v)) {
      const list = usedBy.get(dep) ?? [];
      list.push(v.name);
      usedBy.set(dep, list);
    }
  }
  while (queue.length > 0) {
    for (const user of usedBy.get(queue.pop() as string) ?? []) {
      if (!dropped.has(user)) {
        dropped.add(user);
        queue.push(user);
      }
    }
  }

  const toDrop = from.filter((v) => dropped.has(v.name));
  const drops: Operation[] = orderViews(toDrop, (v) => fromMentions.viewsUsedBy(v))
    .reverse()
    .map((view) => ({ kind: 'dropView', view }));

  const toMentions = mentionIndex(to);
  const toCreate = to.filter((v) => !fromByName.has(v.name) || dropped.has(v.name));
  const creates: Operation[] = orderViews(toCreate, (v) => toMentions.viewsUsedBy(v)).map((view) => ({ kind: 'createView', view }));

  // A materialized view whose query stays keeps its rows: only its changed indexes are dropped and created.
  // Its options (and a materialized view's storage parameters) change in place (ALTER [MATERIALIZED]
  // VIEW … SET / RESET), without touching the views that use it.
  const alters: Operation[] = [];
  const indexDrops: Operation[] = [];
  const indexCreates: Operation[] = [];
  for (const v of [...from].sort(byName)) {
    const next = toByName.get(v.name);
    if (next === undefined || dropped.has(v.name)) continue;
    if (!sameDefinition(withoutIndexes(v), withoutIndexes(next))) alters.push({ kind: 'alterViewOptions', from: v, to: next });
    const { removed, added } = diffNamed(v.indexes ?? [], next.indexes ?? []);
    for (const index of removed) indexDrops.push({ kind: 'dropIndex', table: v.name, index });
    for (const index of added) indexCreates.push({ kind: 'createIndex', table: v.name, index });
  }
  return { drops, creates, alters, indexDrops, indexCreates };
}

/** What a view is apart from its options and indexes: a change here recreates it. */
function viewQuery(view: View): View {
  const {
    indexes: _indexes,
    securityInvoker: _invoker,
    securityBarrier: _barrier,
    checkOption: _check,
    storage: _storage,
    ...query
  } = view;
  return query;
}

function withoutIndexes(view: View): View {
  if (view.indexes === undefined) return view;
  const { indexes: _, ...rest } = view;
  return rest;
}

const identifier = /^[A-Za-z0-9_$]+$/;

/** Identifier tokens of each view's definition, computed once (linear in the text). */
function mentionIndex(views: readonly View[]) {
  const tokens = new Map<string, Set<string>>();
  const lowerText = new Map<string, string>();
  const plainNames = new Map<string, string>();
  const oddNames: string[] = [];
  for (const v of views) {
    const text = v.definition.toLowerCase();
    lowerText.set(v.name, text);
    tokens.set(v.name, new Set(text.split(/[^a-z0-9_$]+/).filter(Boolean)));
    if (identifier.test(v.name)) plainNames.set(v.name.toLowerCase(), v.name);
    else oddNames.push(v.name);
  }
  const mentions = (v: View, name: string): boolean =>
    identifier.test(name)
      ? (tokens.get(v.name) as Set<string>).has(name.toLowerCase())
      : (lowerText.get(v.name) as string).includes(name.toLowerCase());
  const viewsUsedBy = (v: View): string[] => {
    const out: string[] = [];
    for (const token of tokens.get(v.name) as Set<string>) {
      const name = plainNames.get(token);
      if (name !== undefined && name !== v.name) out.push(name);
    }
    for (const name of oddNames) if (name !== v.name && mentions(v, name)) out.push(name);
    return out;
  };
  /** A test "does this view mention any of `names`", linear in the view's tokens. */
  const matcher = (names: string[]) => {
    const plain = new Set(names.filter((n) => identifier.test(n)).map((n) => n.toLowerCase()));
    const odd = names.filter((n) => !identifier.test(n));
    return (v: View): boolean => {
      for (const token of tokens.get(v.name) as Set<string>) if (plain.has(token)) return true;
      return odd.some((n) => mentions(v, n));
    };
  };
  return { mentions, viewsUsedBy, matcher };
}
