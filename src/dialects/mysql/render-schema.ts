import type { ForeignKey, Schema, Table, View } from '../../core/model/schema.js';
import { createTableStatement, foreignKeyClause, q } from './ddl.js';

/**
 * Full DDL for `schema`: tables in foreign-key dependency order (FKs that close a cycle are added with
 * ALTER TABLE after all tables exist), then views in dependency order, then triggers, routines and events.
 */
export function renderMysqlSchema(schema: Schema): string {
  const statements: string[] = [];
  const { order, deferred } = orderTables(schema.tables);
  for (const table of order) {
    const inline = table.foreignKeys.filter((fk) => !deferred.has(fk));
    statements.push(createTableStatement(table, inline));
  }
  for (const table of order) {
    for (const fk of table.foreignKeys) if (deferred.has(fk)) statements.push(`ALTER TABLE ${q(table.name)} ADD ${foreignKeyClause(fk)}`);
  }
  for (const view of orderViews(schema.views)) statements.push(`CREATE VIEW ${q(view.name)} AS ${view.definition}`);
  // Routines and events are not checked against the tables they use until they run; triggers need their table.
  for (const d of schema.definitions ?? []) statements.push(d.definition);
  return statements.length ? statements.join(';\n\n') + ';\n' : '';
}

function orderTables(tables: Table[]): { order: Table[]; deferred: Set<ForeignKey> } {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: Table[] = [];
  const deferred = new Set<ForeignKey>();
  const visit = (t: Table): void => {
    state.set(t.name, 'visiting');
    for (const fk of t.foreignKeys) {
      if (fk.referencedTable === t.name) continue;
      const target = byName.get(fk.referencedTable);
      if (!target) continue;
      const s = state.get(target.name);
      if (s === 'visiting') deferred.add(fk);
      else if (s === undefined) visit(target);
    }
    state.set(t.name, 'done');
    order.push(t);
  };
  for (const t of [...tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!state.has(t.name)) visit(t);
  }
  return { order, deferred };
}

/** A view must come after the views its definition names (as `` `name` `` in the server's deparse). */
export function orderViews(views: View[]): View[] {
  const byName = new Map(views.map((v) => [v.name, v]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: View[] = [];
  const visit = (v: View): void => {
    visiting.add(v.name);
    for (const m of v.definition.matchAll(/`((?:[^`]|``)+)`/g)) {
      const dep = byName.get(m[1].replace(/``/g, '`'));
      if (dep && dep !== v && !done.has(dep.name) && !visiting.has(dep.name)) visit(dep);
    }
    visiting.delete(v.name);
    done.add(v.name);
    order.push(v);
  };
  for (const v of [...views].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) if (!done.has(v.name)) visit(v);
  return order;
}
