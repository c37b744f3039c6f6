import type { Schema } from '../../core/model/schema.js';
import { applyOperations } from '../../core/diff/apply-operations.js';
import { diffSchemas } from '../../core/diff/diff.js';
import type { Operation, Statement } from '../../core/diff/operations.js';
import type { Renames } from '../../core/diff/renames.js';
import type { ProjectContext } from './project-context.js';
import { invertRenames } from './renames.js';

/** A planned change between two schemas, as plain data: ops and SQL both ways, and the real end state. */
export interface ChangePlan {
  ops: Operation[];
  downOps: Operation[];
  up: Statement[];
  down: Statement[];
  /**
   * The schema the database will have after `up`: the desired schema, with column order as the
   * engine will really leave it (PostgreSQL appends new columns).
   */
  result: Schema;
}

export function planChange(pc: ProjectContext, from: Schema, to: Schema, renames?: Renames): ChangePlan {
  const ignoreColumnOrder = pc.dialect.capabilities.placeColumns === false;
  const ops = diffSchemas(from, to, { traits: pc.dialect.traits, renames, ignoreColumnOrder });
  const result = ignoreColumnOrder && ops.length ? withColumnOrderOf(to, applyOperations(from, ops)) : to;
  const downOps = ops.length
    ? diffSchemas(result, from, { traits: pc.dialect.traits, renames: invertRenames(renames), ignoreColumnOrder })
    : [];
  return {
    ops,
    downOps,
    up: pc.dialect.render(ops, { from, to: result }),
    down: pc.dialect.render(downOps, { from: result, to: from }),
    result,
  };
}

/** `to`'s definitions with each table's columns in the order `predicted` has them. */
function withColumnOrderOf(to: Schema, predicted: Schema): Schema {
  const order = new Map(predicted.tables.map((t) => [t.name, t.columns.map((c) => c.name)]));
  return {
    ...to,
    tables: to.tables.map((t) => {
      const names = order.get(t.name);
      if (!names) return t;
      const rank = new Map(names.map((n, i) => [n, i]));
      return { ...t, columns: [...t.columns].sort((a, b) => (rank.get(a.name) ?? Infinity) - (rank.get(b.name) ?? Infinity)) };
    }),
  };
}
