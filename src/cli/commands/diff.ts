import { diffRefs } from '../../api/diff.js';
import { openProject } from '../../api/project/project-context.js';
import { formatChangeLine } from '../../core/diff/describe-operation.js';
import { describeUnmodelled } from '../../core/model/unmodelled.js';
import type { DiffResult } from '../../api/diff.js';
import type { CliContext, CommandHandler } from '../context.js';

const diffCommand: CommandHandler = async (args, options, ctx) => {
  const pc = await openProject(ctx.cwd);
  printDiff(await diffRefs(pc, args), options, ctx);
  return 0;
};
export default diffCommand;

/** Shared by `flash diff` and `flash branch diff`: JSON, SQL (--sql) or a summary of changes. */
export function printDiff(result: DiffResult, options: Record<string, unknown>, ctx: CliContext): void {
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: true, ...result }));
    return;
  }
  if (result.unmodelled.length) {
    ctx.err(`warning[W_UNMODELLED]: the database holds ${result.unmodelled.length} object(s) Flash does not model and does not compare:`);
    for (const o of result.unmodelled) ctx.err(`  ${describeUnmodelled(o)}`);
  }
  if (options.sql) {
    for (const sql of result.up) ctx.out(sql.trim().endsWith(';') ? sql.trim() : `${sql.trim()};`);
    return;
  }
  ctx.out(`${result.from.ref} (${result.from.snapshot.slice(0, 12)}) → ${result.to.ref} (${result.to.snapshot.slice(0, 12)})`);
  if (result.changes.length === 0) ctx.out(result.unmodelled.length ? 'no differences in the objects Flash models' : 'no differences');
  for (const line of result.changes) ctx.out(`  ${formatChangeLine(line)}`);
}
