import type { Schema } from '../../core/model/schema.js';
import { tableObjectsSql, viewObjectsSql } from './render-ddl.js';
import { identValue, tokenize } from './tokenizer.js';

/** Full DDL creating `schema` from nothing: tables (with their indexes and triggers), then views in dependency order. */
export function renderSqliteSchema(schema: Schema): string {
  const statements: string[] = [];
  for (const table of [...schema.tables].sort(byName)) statements.push(...tableObjectsSql(table));
  for (const view of viewsInDependencyOrder(schema)) statements.push(...viewObjectsSql(view));
  return statements.map((s) => `${s};\n`).join('\n');
}

function viewsInDependencyOrder(schema: Schema): Schema['views'] {
  const byLower = new Map(schema.views.map((v) => [v.name.toLowerCase(), v]));
  const done = new Set<string>();
  const out: Schema['views'] = [];
  const visit = (v: Schema['views'][number], path: Set<string>) => {
    const key = v.name.toLowerCase();
    if (done.has(key) || path.has(key)) return;
    path.add(key);
    for (const t of tokenize(v.definition)) {
      if (t.kind !== 'word' && t.kind !== 'quoted') continue;
      const dep = byLower.get(identValue(t).toLowerCase());
      if (dep && dep !== v) visit(dep, path);
    }
    done.add(key);
    out.push(v);
  };
  for (const v of [...schema.views].sort(byName)) visit(v, new Set());
  return out;
}

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
