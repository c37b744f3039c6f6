import { FlashError } from '../../errors.js';
import { raw } from '../../api/raw.js';
import { openProject } from '../../api/project/project-context.js';
import { rawCsv, rawJson, rawTable, type RawFormat } from '../raw-output.js';
import type { CommandHandler } from '../context.js';

/**
 * Output: --json, --csv or --table when given; otherwise an aligned table when stdout is a terminal
 * and CSV when it is not (a pipe or a file gets data, not decoration).
 */
const rawCommand: CommandHandler = async (args, options, ctx) => {
  const picked = [ctx.json && 'json', options.csv && 'csv', options.table && 'table'].filter(Boolean) as RawFormat[];
  if (picked.length > 1)
    throw new FlashError(
      'E_USAGE',
      `Pick one output format, not ${picked.join(' and ')}.`,
      'flash raw accepts one of --json, --csv, --table.',
    );
  const format: RawFormat = picked[0] ?? (process.stdout.isTTY ? 'table' : 'csv');
  const pc = await openProject(ctx.cwd);
  const result = await raw(pc, { sql: typeof options.query === 'string' ? options.query : undefined, file: args[0], allowWrites: ctx.yes });
  // Statements without a result set wrote (DML, DDL): those runs go to the audit log; a pure read does not.
  ctx.audit = result.results.some((r) => r.columns.length === 0) ? { statements: result.statements } : false;
  if (format === 'json') ctx.out(rawJson(result));
  else if (format === 'csv') {
    const csv = rawCsv(result);
    if (csv) process.stdout.write(csv);
    // Writes have no rows: their count goes to stderr so stdout stays pure CSV.
    if (result.affected > 0 || result.results.every((r) => r.columns.length === 0))
      ctx.err(`${result.affected} row(s) affected by ${result.statements} statement(s)`);
  } else ctx.out(rawTable(result));
  return 0;
};
export default rawCommand;
