import { describeOperation, formatChangeLine } from '../diff/describe-operation.js';
import type { Operation } from '../diff/operations.js';

/** What a data-losing operation destroys, as a phrase ("drops column users.bio"). */
export function describeLoss(op: Operation): string {
  switch (op.kind) {
    case 'dropTable':
      return `drops table ${op.table.name}`;
    case 'dropColumn':
      return `drops column ${op.table}.${op.column.name}`;
    case 'alterColumn':
      return `changes ${op.table}.${op.to.name} from ${op.from.type} to ${op.to.type}`;
    case 'recreateEnum':
      return `removes values from enum ${op.to.name}`;
    default:
      return formatChangeLine(describeOperation(op));
  }
}
