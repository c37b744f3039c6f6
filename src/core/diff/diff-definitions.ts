import type { Definition } from '../model/definitions.js';
import { isAggregate, isCollation, isRoutine } from '../model/definitions.js';
import { localName } from '../model/schema.js';
import type { Operation } from './operations.js';

/** What the rest of the diff changes, which decides where definition changes go and what must be recreated. */
export interface DefinitionContext {
  /** Tables and views this migration drops (views that are recreated included). */
  droppedRelations: ReadonlySet<string>;
  /** Tables and views this migration creates (views that are recreated included). */
  createdRelations: ReadonlySet<string>;
  /** Views dropped and created again: the triggers on them vanish with them and are recreated. */
  recreatedViews: ReadonlySet<string>;
  /** Per table, the columns dropped, altered or renamed: a trigger or policy mentioning one is recreated. */
  changedColumns: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface DefinitionDiff {
  /** Triggers, policies and row security that go or are recreated, and routines that go before tables: first of all. */
  dropsFirst: Operation[];
  /** Collations created: before domains, composite types, routines and tables (any of them may use one). */
  collations: Operation[];
  /** Routines created or replaced that use no relation this migration creates: before tables (a default or CHECK may call them). */
  routinesBeforeTables: Operation[];
  /** Routines created or replaced that use a relation this migration creates (a SQL body is checked at creation): after views. */
  routinesAfterViews: Operation[];
  /** Triggers, policies and row security created: after every table, view and routine. */
  attachedLast: Operation[];
  /** Routines no longer wanted: after the table changes that stop using them. */
  routineDropsLast: Operation[];
}

/**
 * Definition-compared objects: absent → create, gone → drop, changed → `CREATE OR REPLACE` for a
 * routine whose header (name, arguments, return type) is unchanged, drop + create otherwise. An
 * unchanged trigger, policy or row-security setting is still recreated when what it stands on is
 * recreated: its view, a column it mentions, or a routine it calls that is dropped and created again.
 * Mentions are found by identifier tokens (conservative: a mention in a string counts).
 */
export function diffDefinitions(from: readonly Definition[], to: readonly Definition[], ctx: DefinitionContext): DefinitionDiff {
  const before = new Map(from.map((d) => [d.name, d]));
  const after = new Map(to.map((d) => [d.name, d]));
  const drops: Definition[] = [];
  const creates: Definition[] = [];
  const replaces: Array<[Definition, Definition]> = [];
  for (const d of sorted(from)) if (!after.has(d.name)) drops.push(d);
  for (const next of sorted(to)) {
    const old = before.get(next.name);
    if (!old) creates.push(next);
    else if (old.definition !== next.definition) {
      if (isRoutine(old) && old.kind !== 'event' && !isCollation(old) && sameHeader(old.definition, next.definition, old.kind))
        replaces.push([old, next]);
      else {
        drops.push(old);
        creates.push(next);
      }
    }
  }

  // Routines dropped (for good or to be created again): whatever calls them must go first, an
  // aggregate built on one too (PostgreSQL will not drop a function an aggregate uses).
  const droppedRoutines = new Set(drops.filter(isRoutine).map((d) => d.object.toLowerCase()));
  const dropping = new Set(drops.map((d) => d.name));
  for (const d of sorted(to)) {
    const old = before.get(d.name);
    if (!old || dropping.has(d.name) || (isRoutine(d) && !isAggregate(d)) || old.definition !== d.definition) continue;
    if (mustRecreate(old, ctx, droppedRoutines)) {
      drops.push(old);
      creates.push(d);
    }
  }

  const out: DefinitionDiff = {
    dropsFirst: [],
    collations: [],
    routinesBeforeTables: [],
    routinesAfterViews: [],
    attachedLast: [],
    routineDropsLast: [],
  };
  const recreated = new Set(creates.map((d) => d.name));
  // What belongs to a table goes before the routines it may call; an aggregate before the functions it is built on.
  for (const d of [...sorted(drops.filter((x) => !isRoutine(x))), ...orderRoutines(drops.filter(isRoutine), 'drop')]) {
    const op: Operation = { kind: 'dropDefinition', definition: d };
    // A routine dropped to be created again goes first (its new version is created before tables);
    // so does one whose body uses a relation this migration drops (a SQL body depends on it).
    // A collation no longer wanted goes after the table changes that stop using it, whatever its text
    // mentions (one recreated goes first: PostgreSQL cannot alter it, nor drop it while a column uses it).
    if (isCollation(d) && !recreated.has(d.name)) out.routineDropsLast.push(op);
    else if (!isRoutine(d) || recreated.has(d.name) || mentionsAny(d, ctx.droppedRelations)) out.dropsFirst.push(op);
    else out.routineDropsLast.push(op);
  }
  // Routines created or replaced: before the tables, or after the views when they use a relation this
  // migration creates (an aggregate too when a function it is built on goes there); in each place
  // aggregates after the functions they are built on and before the routines that use them.
  const routineOps = new Map<Definition, Operation>();
  for (const [old, next] of replaces) routineOps.set(next, { kind: 'replaceDefinition', from: old, to: next });
  for (const d of sorted(creates)) {
    const op: Operation = { kind: 'createDefinition', definition: d };
    if (isCollation(d)) out.collations.push(op);
    else if (isRoutine(d)) routineOps.set(d, op);
    else out.attachedLast.push(op);
  }
  const late = new Set([...routineOps.keys()].filter((d) => !isAggregate(d) && mentionsAny(d, ctx.createdRelations)));
  const lateNames = new Set([...late].map((d) => d.object));
  for (const d of routineOps.keys()) if (isAggregate(d) && (mentionsAny(d, ctx.createdRelations) || mentionsAny(d, lateNames))) late.add(d);
  for (const d of orderRoutines([...routineOps.keys()]))
    (late.has(d) ? out.routinesAfterViews : out.routinesBeforeTables).push(routineOps.get(d) as Operation);
  return out;
}

/**
 * Routines in the order they can be created: by identity key, except that an aggregate goes after the
 * routines its definition names (its SFUNC, FINALFUNC, …) and a routine whose text names an aggregate
 * goes after it (a SQL body is checked when created). Only edges with an aggregate at one end count, so
 * functions alone keep their order; an edge closing a cycle is ignored. For drops (`order` 'drop') each
 * such edge is reversed, the rest stays in key order.
 */
export function orderRoutines(routines: readonly Definition[], order: 'create' | 'drop' = 'create'): Definition[] {
  const list = sorted(routines);
  const aggregates = list.filter(isAggregate);
  if (aggregates.length === 0) return list;
  const ids = new Map(list.map((d) => [d, identifiers(d.definition)]));
  const after = new Map<Definition, Set<Definition>>(list.map((d) => [d, new Set<Definition>()]));
  // `later` is created after `first`; dropping, the other way round.
  const edge = (later: Definition, first: Definition) => (order === 'create' ? after.get(later)?.add(first) : after.get(first)?.add(later));
  for (const a of aggregates) {
    const aName = a.object.toLowerCase();
    for (const d of list) {
      if (d === a) continue;
      if ((ids.get(a) as Set<string>).has(d.object.toLowerCase()) && !(isAggregate(d) && d.object.toLowerCase() === aName)) edge(a, d);
      else if ((ids.get(d) as Set<string>).has(aName)) edge(d, a);
    }
  }
  // Depth first in key order: what a routine needs goes just before it; an edge back into the path (a cycle) is skipped.
  const out: Definition[] = [];
  const state = new Map<Definition, 'visiting' | 'placed'>();
  const visit = (d: Definition): void => {
    if (state.has(d)) return;
    state.set(d, 'visiting');
    for (const x of sorted([...(after.get(d) ?? [])])) visit(x);
    state.set(d, 'placed');
    out.push(d);
  };
  for (const d of list) visit(d);
  return out;
}

function mustRecreate(d: Definition, ctx: DefinitionContext, droppedRoutines: ReadonlySet<string>): boolean {
  if (d.table !== undefined && ctx.recreatedViews.has(d.table)) return true;
  // A privilege goes with its object: a view or routine dropped and created again (a column keeps its privileges).
  if (d.privilege) return (d.privilege.on === 'function' || d.privilege.on === 'procedure') && droppedRoutines.has(d.object.toLowerCase());
  const ids = identifiers(d.definition);
  const columns = d.table !== undefined ? ctx.changedColumns.get(d.table) : undefined;
  for (const c of columns ?? []) if (ids.has(c.toLowerCase())) return true;
  for (const r of droppedRoutines) if (ids.has(r)) return true;
  return false;
}

/** Whether `d` mentions one of `names`: a relation in another schema (`billing.invoices`) by its own name. */
function mentionsAny(d: Definition, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  const ids = identifiers(d.definition);
  for (const n of names) if (ids.has(localName(n).toLowerCase())) return true;
  return false;
}

/** Lower-cased identifier tokens of a text (quoted or not). */
function identifiers(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9_$]+/)
      .filter(Boolean),
  );
}

/**
 * What `CREATE OR REPLACE` cannot change: the first line (name, argument names, defaults) and the
 * return type. Both engines' definitions start with the routine's header; PostgreSQL's puts
 * `RETURNS …` on a line of its own before the body. An aggregate's result type and kind come from its
 * STYPE, FINALFUNC (with FINALFUNC_EXTRA) and HYPOTHETICAL lines (its first line holds the arguments
 * and `ORDER BY`): any of them changed is drop + create, the other options are replaced in place.
 */
export function sameHeader(a: string, b: string, kind?: Definition['kind']): boolean {
  if (kind === 'aggregate') return aggregateHeader(a) === aggregateHeader(b);
  return header(a) === header(b);
}

function aggregateHeader(definition: string): string {
  const lines = definition.split('\n');
  const kept = lines.filter((l) => /^\s*(STYPE|FINALFUNC|FINALFUNC_EXTRA|HYPOTHETICAL)\b/.test(l)).map((l) => l.replace(/,$/, ''));
  return [lines[0], ...kept].join('\n');
}

function header(definition: string): string {
  const lines = definition.split('\n');
  const body = lines.findIndex((l, i) => i > 0 && /^\s*(AS\b|BEGIN\b|RETURN\b)/i.test(l));
  const head = body < 0 ? lines : lines.slice(0, body);
  return [head[0], ...head.filter((l) => /^\s*RETURNS\b/i.test(l))].join('\n');
}

function sorted(list: readonly Definition[]): Definition[] {
  return [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
