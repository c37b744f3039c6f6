import { gen } from '../../api/gen.js';
import { openProject } from '../../api/project/project-context.js';
import type { CommandHandler } from '../context.js';

const genCommand: CommandHandler = async (_args, options, ctx) => {
  const pc = await openProject(ctx.cwd);
  const report = await gen(pc, { check: Boolean(options.check) });
  const stale = report.files.filter((f) => f.state === 'stale');
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: report.upToDate, ...report }));
    return report.upToDate ? 0 : 1;
  }
  if (options.check) {
    if (stale.length === 0) {
      ctx.out(`generated code is up to date (${report.queries} queries, ${report.files.length} files)`);
      return 0;
    }
    ctx.out(`generated code is stale: ${stale.length} file(s) differ from db/queries and db/schema:`);
    for (const f of stale) ctx.out(`  ${f.path}`);
    ctx.out('run `flash gen` and commit the result');
    return 1;
  }
  for (const f of report.files) ctx.out(`  ${f.state.padEnd(9)} ${f.path}`);
  const cached = report.cachedFiles ? ` (${report.cachedFiles} of ${report.queryFiles} query files from cache)` : '';
  ctx.out(`${report.queries} queries from ${report.queryFiles} file(s)${cached}`);
  return 0;
};
export default genCommand;
