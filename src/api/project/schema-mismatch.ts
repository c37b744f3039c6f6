import { FlashError } from '../../errors.js';
import type { Schema } from '../../core/model/schema.js';
import { planChange } from './plan-change.js';
import { asRecorded } from './recorded-match.js';
import type { ProjectContext } from './project-context.js';
import { describeOperation, type ChangeLine } from '../../core/diff/describe-operation.js';

/** One difference between what the migrations produce and the live database, in words. */
export function describeDifference(line: ChangeLine): string {
  const where = line.sign === '+' ? 'only in the database' : line.sign === '-' ? 'only in the migrations' : 'differs';
  return `${where}: ${line.kind} ${line.object}${line.detail ? ` (${line.detail})` : ''}`;
}

/**
 * Refuse (E_SCHEMA_MISMATCH, nothing changed) unless the live schema is the one the migrations
 * produce. The differences are listed object by object in the message and in `data.differences`.
 */
export function assertSchemaMatches(pc: ProjectContext, expected: Schema, live: Schema, what: string, hint: string): void {
  const differences = planChange(pc, expected, asRecorded(pc, expected, live)).ops.map((op) => describeDifference(describeOperation(op)));
  if (differences.length === 0) return;
  throw new FlashError(
    'E_SCHEMA_MISMATCH',
    `The live database does not match ${what} (${differences.length} difference${differences.length === 1 ? '' : 's'}): ${differences.join('; ')}.`,
    `Nothing was changed. ${hint}`,
    {
      data: { differences },
    },
  );
}
