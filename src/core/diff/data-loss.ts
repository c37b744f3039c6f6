import type { Operation } from './operations.js';

/** How much data an operation can destroy when it runs. */
export type DataLoss = 'none' | 'possible' | 'certain';

/**
 * Data loss of one operation: dropping a table or column loses its rows/values for sure; a type,
 * enum or generated-expression change may truncate, round or reject values. Used to decide which
 * migrations (and which reverse migrations) need confirmation.
 */
export function dataLossOf(op: Operation): DataLoss {
  switch (op.kind) {
    case 'dropTable':
    case 'dropCollection':
      return 'certain';
    case 'dropColumn':
      // A generated column's values are derived from the others.
      return op.column.generated ? 'none' : 'certain';
    case 'alterColumn':
      return op.changes.includes('type') || op.changes.includes('generated') ? 'possible' : 'none';
    case 'recreateEnum':
      return op.from.values.every((v) => op.to.values.includes(v)) ? 'none' : 'possible';
    default:
      return 'none';
  }
}

/** Indexes (into `ops`) of the operations that may lose data; empty when the whole list is safe. */
export function lossyOperations(ops: readonly Operation[]): number[] {
  const out: number[] = [];
  ops.forEach((op, i) => {
    if (dataLossOf(op) !== 'none') out.push(i);
  });
  return out;
}

/** True when running `ops` (e.g. the Down of a migration, or a branch reconciliation) can destroy data. */
export function isLossy(ops: readonly Operation[]): boolean {
  return ops.some((op) => dataLossOf(op) !== 'none');
}
