/** One node of the engine's query plan (src/dialects/dialect.ts PlanNode), as the server sends it. */
export interface PlanNode {
  type: string;
  relation?: string;
  index?: string;
  cost?: string;
  rows?: number;
  actualRows?: number;
  actualMs?: number;
  details: string[];
  children: PlanNode[];
}

/** EXPLAIN as a nested tree: the operation, the table and index it reads, cost and rows; conditions beneath. */
export function PlanTree({ plan }: { plan: PlanNode }) {
  return (
    <ul className="plan-tree" aria-label="query plan">
      <PlanItem node={plan} />
    </ul>
  );
}

function PlanItem({ node }: { node: PlanNode }) {
  return (
    <li data-plan-node={node.type}>
      <div className="plan-node">
        <span className="plan-type">{node.type}</span>
        {node.relation && <span className="plan-relation"> on {node.relation}</span>}
        {node.index && <span className="plan-index"> using {node.index}</span>}
        {node.cost !== undefined && <span className="plan-cost"> cost {node.cost}</span>}
        {node.rows !== undefined && <span className="plan-rows"> rows {node.rows}</span>}
        {node.actualRows !== undefined && (
          <span className="plan-actual">
            {' '}
            actual rows {node.actualRows}
            {node.actualMs !== undefined ? ` · ${node.actualMs} ms` : ''}
          </span>
        )}
      </div>
      {node.details.length > 0 && (
        <div className="plan-details muted">
          {node.details.map((d, i) => (
            <div key={i}>{d}</div>
          ))}
        </div>
      )}
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c, i) => (
            <PlanItem key={i} node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}
