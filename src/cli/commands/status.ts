import { status } from '../../api/status.js';
import { openProject } from '../../api/project/project-context.js';
import { formatChangeLine } from '../../core/diff/describe-operation.js';
import { describeUnmodelled } from '../../core/model/unmodelled.js';
import type { CommandHandler } from '../context.js';

const statusCommand: CommandHandler = async (_args, _options, ctx) => {
  const pc = await openProject(ctx.cwd);
  const report = await status(pc);
  const drift = report.live !== report.expected && !report.columnOrderDiffers;
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: true, ...report, inSync: !drift }));
    return 0;
  }
  ctx.out(`database: ${report.database}`);
  if (report.migrations.length === 0) ctx.out('no migrations yet');
  for (const m of report.migrations) {
    const extra = [
      m.modifiedSinceLock ? 'file differs from flash.lock' : '',
      m.state === 'partial' ? `${m.appliedSteps} statement(s) ran` : '',
      m.error ? `last error: ${m.error}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    ctx.out(`  ${m.state.padEnd(9)} ${m.name}${extra ? `  (${extra})` : ''}`);
  }
  for (const name of report.unknownApplied) ctx.out(`  ${'unknown'.padEnd(9)} ${name}  (applied in the database, not in this project)`);
  const pending = report.migrations.filter((m) => m.state === 'pending' || m.state === 'unsealed').length;
  if (pending) ctx.out(`${pending} pending migration(s): run \`flash apply\`.`);
  if (drift) {
    ctx.out(
      `drift: the database (${report.live.slice(0, 12)}) differs from what its migrations produce (${report.expected.slice(0, 12)}):`,
    );
    for (const line of report.drift) ctx.out(`  ${formatChangeLine(line)}`);
    if (report.drift.length === 0) ctx.out('  (differences Flash does not migrate, e.g. column order)');
  } else {
    ctx.out(
      `schema: in sync with the applied migrations (${report.live.slice(0, 12)})${report.unmodelled.length ? ', for the objects Flash models' : ''}`,
    );
    if (report.columnOrderDiffers)
      ctx.out('  (some tables have their columns in another order than the snapshot: a merged branch added them in its own order)');
  }
  if (report.unmodelled.length) {
    ctx.out(
      `warning[W_UNMODELLED]: the database holds ${report.unmodelled.length} object(s) Flash does not model, so it does not compare them:`,
    );
    for (const o of report.unmodelled) ctx.out(`  ${describeUnmodelled(o)}`);
  }
  return 0;
};
export default statusCommand;
