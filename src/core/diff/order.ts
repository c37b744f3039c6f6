import type { ForeignKey, Table } from '../model/schema.js';
import { byName } from './compare.js';

export interface TableOrder {
  /** Tables so that every table comes after the tables its foreign keys reference (within the given set). */
  tables: Table[];
  /** Foreign keys that close a cycle: they cannot be created inline and are added after all creates (or dropped before all drops). */
  deferred: Array<{ table: string; foreignKey: ForeignKey }>;
}

/** The tables a table is created from (PostgreSQL): its partitioned parent, or its INHERITS parents. */
export function parentTables(table: Table): string[] {
  return [...(table.partitionOf ? [table.partitionOf.parent] : []), ...(table.inherits ?? [])];
}

/**
 * Dependency order for creating `tables`: an iterative depth-first search in name order, so the
 * result is deterministic; an edge to a table still on the stack closes a cycle and is deferred.
 * Self-references stay inline (every engine accepts them in CREATE TABLE). Parents (partitioned
 * tables, INHERITS) come before their partitions and children. Drop in reverse order.
 */
export function orderByForeignKeys(tables: readonly Table[]): TableOrder {
  const byTable = new Map<string, Table>();
  for (const t of tables) byTable.set(t.name, t);
  const state = new Map<string, 'visiting' | 'done'>();
  const ordered: Table[] = [];
  const deferred: TableOrder['deferred'] = [];

  for (const root of [...tables].sort(byName)) {
    if (state.has(root.name)) continue;
    const stack: Array<{ table: Table; parents: string[]; fks: ForeignKey[]; next: number }> = [];
    const enter = (t: Table): void => {
      state.set(t.name, 'visiting');
      stack.push({ table: t, parents: parentTables(t), fks: [...t.foreignKeys].sort(byName), next: 0 });
    };
    enter(root);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.next === frame.parents.length + frame.fks.length) {
        stack.pop();
        state.set(frame.table.name, 'done');
        ordered.push(frame.table);
        continue;
      }
      if (frame.next < frame.parents.length) {
        // a parent cannot be its own descendant, so no cycle runs through it
        const parent = byTable.get(frame.parents[frame.next++]);
        if (parent && !state.has(parent.name)) enter(parent);
        continue;
      }
      const fk = frame.fks[frame.next++ - frame.parents.length];
      const target = byTable.get(fk.referencedTable);
      if (!target || target === frame.table) continue;
      const seen = state.get(target.name);
      if (seen === 'visiting') deferred.push({ table: frame.table.name, foreignKey: fk });
      else if (seen === undefined) enter(target);
    }
  }
  return { tables: ordered, deferred };
}

/**
 * Dependency order for views: a view comes after the views whose names its definition mentions.
 * `mentions(view)` returns the names of the other views it uses. Cycles (impossible in a real
 * database) fall back to name order.
 */
export function orderViews<V extends { name: string }>(views: readonly V[], mentions: (view: V) => string[]): V[] {
  const byView = new Map<string, V>();
  for (const v of views) byView.set(v.name, v);
  const state = new Map<string, 'visiting' | 'done'>();
  const ordered: V[] = [];
  for (const root of [...views].sort(byName)) {
    if (state.has(root.name)) continue;
    const stack: Array<{ view: V; deps: string[]; next: number }> = [];
    const enter = (v: V): void => {
      state.set(v.name, 'visiting');
      stack.push({
        view: v,
        deps: mentions(v)
          .filter((n) => n !== v.name)
          .sort(),
        next: 0,
      });
    };
    enter(root);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.next === frame.deps.length) {
        stack.pop();
        state.set(frame.view.name, 'done');
        ordered.push(frame.view);
        continue;
      }
      const dep = byView.get(frame.deps[frame.next++]);
      if (dep && !state.has(dep.name)) enter(dep);
    }
  }
  return ordered;
}
