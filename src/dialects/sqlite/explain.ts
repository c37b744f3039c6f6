import type { Connection, PlanNode } from '../dialect.js';

/** `EXPLAIN QUERY PLAN` rows (id, parent, detail) → the plan tree under one root. */
export async function explainSqlite(conn: Connection, sql: string): Promise<PlanNode> {
  const rows = await conn.query<{ id: number; parent: number; detail: string }>(`EXPLAIN QUERY PLAN ${sql}`);
  const root: PlanNode = { type: 'QUERY PLAN', details: [], children: [] };
  const byId = new Map<number, PlanNode>([[0, root]]);
  for (const r of rows) {
    const m = /^(?:SCAN|SEARCH)(?: TABLE)? (\S+)(?: AS (\S+))?/.exec(r.detail);
    const index = /USING (?:COVERING )?INDEX (\S+)/.exec(r.detail);
    const n: PlanNode = {
      type: r.detail,
      ...(m ? { relation: m[2] ? `${m[1]} ${m[2]}` : m[1] } : {}),
      ...(index ? { index: index[1] } : {}),
      details: [],
      children: [],
    };
    byId.set(r.id, n);
    (byId.get(r.parent) ?? root).children.push(n);
  }
  return root;
}
