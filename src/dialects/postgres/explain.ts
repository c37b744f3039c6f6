import type { Connection, PlanNode } from '../dialect.js';

type PgPlan = Record<string, unknown> & { Plans?: PgPlan[] };

const DETAILS = ['Filter', 'Index Cond', 'Recheck Cond', 'Hash Cond', 'Merge Cond', 'Join Filter', 'Sort Key', 'Group Key', 'Output'];

/** `EXPLAIN (FORMAT JSON[, ANALYZE])` → the plan tree. */
export async function explainPostgres(conn: Connection, sql: string, options: { analyze: boolean }): Promise<PlanNode> {
  const rows = await conn.query(`EXPLAIN (FORMAT JSON${options.analyze ? ', ANALYZE' : ''}) ${sql}`);
  const value = Object.values(rows[0] ?? {})[0];
  const doc = (typeof value === 'string' ? JSON.parse(value) : value) as Array<{ Plan: PgPlan }>;
  return node(doc[0].Plan);
}

function node(p: PgPlan): PlanNode {
  const str = (k: string) => (typeof p[k] === 'string' ? p[k] : undefined);
  const num = (k: string) => (typeof p[k] === 'number' ? p[k] : undefined);
  // ModifyTable is named by its operation (Insert, Update, Delete); a join by its kind (Left Hash Join)
  const nodeType = str('Node Type') === 'ModifyTable' ? (str('Operation') ?? 'ModifyTable') : str('Node Type');
  const join = str('Join Type');
  const type = join && join !== 'Inner' && nodeType?.endsWith(' Join') ? nodeType.replace(/ Join$/, ` ${join} Join`) : nodeType;
  const relation = str('Relation Name');
  const alias = str('Alias');
  const details = DETAILS.flatMap((k) => {
    const v = p[k];
    if (v === undefined) return [];
    return [`${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`];
  });
  if (str('Parent Relationship') && str('Parent Relationship') !== 'Outer')
    details.push(`Parent Relationship: ${str('Parent Relationship')}`);
  return {
    type: type || 'Plan',
    ...(relation ? { relation: alias && alias !== relation ? `${relation} ${alias}` : relation } : {}),
    ...(str('Index Name') ? { index: str('Index Name') } : {}),
    ...(num('Total Cost') !== undefined ? { cost: `${num('Startup Cost')!.toFixed(2)}..${num('Total Cost')!.toFixed(2)}` } : {}),
    ...(num('Plan Rows') !== undefined ? { rows: num('Plan Rows') } : {}),
    ...(num('Actual Rows') !== undefined ? { actualRows: num('Actual Rows') } : {}),
    ...(num('Actual Total Time') !== undefined ? { actualMs: num('Actual Total Time') } : {}),
    details,
    children: (p.Plans ?? []).map(node),
  };
}
