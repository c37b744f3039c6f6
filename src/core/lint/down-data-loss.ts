import { dataLossOf } from '../diff/data-loss.js';
import type { Operation } from '../diff/operations.js';
import { describeLoss } from '../branch/describe-changes.js';
import { quoteIdent, quoteObjectName } from '../sql-ident.js';
import { dataChecks, type DataCheck } from './data-checks.js';
import type { LintContext } from './finding.js';
import { NamesBefore } from './names-before.js';
import { enumValuesRemoved, typeChangeRisk } from './type-change.js';

/**
 * One operation of a Down (or any reverting change) that can destroy data, with the count queries
 * that say whether the current rows would really lose something. `checks` empty means the loss
 * cannot be measured and must be treated as certain.
 */
export interface LossCandidate {
  op: number;
  /** "drops table notes", "changes users.age from bigint to smallint" */
  description: string;
  /** the table whose rows are concerned, when there is one */
  table?: string;
  checks: DataCheck[];
}

/**
 * The data-losing operations of `ops` (dropped tables and columns, narrowing or converting type
 * changes, removed enum values), each with the queries counting what it would destroy: rows of a
 * dropped table, non-NULL values of a dropped or converted column, values out of range of a narrowed
 * type. A widening type change is not a loss. Pure: the caller runs the queries.
 */
export function lossCandidates(ops: readonly Operation[], ctx: LintContext): LossCandidate[] {
  const sql = ctx.traits.sql;
  // Without SQL (MongoDB) nothing can be counted: every loss is taken as certain.
  if (!sql) return ops.flatMap((op, i) => (dataLossOf(op) === 'none' ? [] : [{ op: i, description: describeLoss(op), checks: [] }]));
  const checks = dataChecks(ops, { ...ctx, direction: 'down' }).filter((c) => c.code === 'L011' || c.code === 'L003' || c.code === 'L008');
  const names = new NamesBefore(ctx.from, ops);
  const out: LossCandidate[] = [];
  ops.forEach((op, i) => {
    if (dataLossOf(op) === 'none') return;
    const own = checks.filter((c) => c.op === i);
    if (op.kind === 'alterColumn') {
      const removed = enumValuesRemoved(op.from.type, op.to.type);
      const risk = op.changes.includes('type') ? typeChangeRisk(ctx.traits, op.from, op.to) : null;
      const generatedChange = op.changes.includes('generated');
      if (removed.length === 0 && risk === null && !generatedChange) return;
      if (own.length === 0) {
        // A conversion (or a generated expression change) has no precise query: any value present may be lost.
        const t = names.table(op.table);
        const c = names.column(op.table, op.from.name);
        if (t && c) {
          own.push({
            code: 'L003',
            op: i,
            object: `${op.table}.${op.to.name}`,
            description: `non-NULL values of ${op.table}.${op.to.name}`,
            sql: `SELECT COUNT(*) AS n FROM ${quoteObjectName(sql, t.name)} WHERE ${quoteIdent(sql, c)} IS NOT NULL`,
          });
        }
      }
    }
    out.push({ op: i, description: describeLoss(op), table: tableOf(op), checks: own });
  });
  return out;
}

function tableOf(op: Operation): string | undefined {
  switch (op.kind) {
    case 'dropTable':
      return op.table.name;
    case 'dropColumn':
    case 'alterColumn':
      return op.table;
    default:
      return undefined;
  }
}
