import type { Connection, PlanNode } from '../dialect.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fields shown as the node's own columns rather than as details. */
const OWN = new Set(['table_name', 'access_type', 'rows', 'rows_examined_per_scan', 'rows_produced_per_join', 'key', 'cost_info', 'cost']);

/** `EXPLAIN FORMAT=JSON` (MySQL and MariaDB) → the plan tree: each nested block or table becomes a node. */
export async function explainMysql(conn: Connection, sql: string): Promise<PlanNode> {
  const rows = await conn.query(`EXPLAIN FORMAT=JSON ${sql}`);
  const value = Object.values(rows[0] ?? {})[0];
  const doc = (typeof value === 'string' ? JSON.parse(value) : value) as Json;
  const [key, top] = Object.entries(doc)[0] ?? ['query_block', {}];
  return node(key, isObject(top) ? top : {});
}

function node(kind: string, v: Json): PlanNode {
  const children: PlanNode[] = [];
  const details: string[] = [];
  for (const [k, val] of Object.entries(v)) {
    if (OWN.has(k)) continue;
    if (isObject(val)) children.push(node(k, val));
    else if (Array.isArray(val) && val.every(isObject)) {
      // nested_loop: [{ table: {…} }, …] — a one-key wrapper names its child
      for (const item of val) {
        const entries = Object.entries(item);
        if (entries.length === 1 && isObject(entries[0][1])) children.push(node(entries[0][0], entries[0][1]));
        else children.push(node(k, item));
      }
    } else details.push(`${k}: ${Array.isArray(val) ? val.join(', ') : String(val)}`);
  }
  const costInfo = isObject(v.cost_info) ? v.cost_info : undefined;
  const cost = costInfo?.query_cost ?? costInfo?.prefix_cost ?? v.cost;
  const rows = v.rows ?? v.rows_examined_per_scan;
  return {
    type: typeof v.access_type === 'string' ? `${kind} (${v.access_type})` : kind,
    ...(typeof v.table_name === 'string' ? { relation: v.table_name } : {}),
    ...(typeof v.key === 'string' ? { index: v.key } : {}),
    ...(cost !== undefined ? { cost: String(cost) } : {}),
    ...(rows !== undefined && Number.isFinite(Number(rows)) ? { rows: Number(rows) } : {}),
    details,
    children,
  };
}
