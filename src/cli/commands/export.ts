import path from 'node:path';
import { FlashError, isFlashError } from '../../errors.js';
import { EXPORT_FORMATS, exportData, type ExportFormat, type ExportOptions } from '../../api/export.js';
import { openProject } from '../../api/project/project-context.js';
import { askYesNo } from '../ask-yes-no.js';
import { progressBar } from '../progress.js';
import type { CommandHandler } from '../context.js';

const exportCommand: CommandHandler = async (_args, options, ctx) => {
  const format = (typeof options.format === 'string' ? options.format : 'json') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) {
    throw new FlashError('E_USAGE', `Unknown export format "${format}".`, `Use --format ${EXPORT_FORMATS.join('|')}.`);
  }
  const tables =
    typeof options.tables === 'string'
      ? options.tables
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : undefined;
  const pc = await openProject(ctx.cwd);
  const bar = ctx.json ? undefined : progressBar();
  const run = (overwrite: boolean) => {
    const opts: ExportOptions = {
      format,
      tables,
      out: typeof options.out === 'string' ? options.out : undefined,
      overwrite,
      onProgress: (p) => bar?.update({ label: p.table, rows: p.rows, totalRows: p.totalRows }),
    };
    return exportData(pc, opts);
  };
  let result;
  try {
    result = await run(ctx.yes);
  } catch (err) {
    // In a terminal the overwrite question is asked instead of refused; nothing was written yet.
    if (!(isFlashError(err) && err.code === 'E_NEEDS_YES' && ctx.interactive)) throw err;
    if (!(await askYesNo(`${err.message.replace(/; refusing to overwrite\.$/, '')}. Replace them?`))) {
      ctx.out('Cancelled; nothing changed.');
      return 1;
    }
    result = await run(true);
  } finally {
    bar?.done();
  }
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: true, ...result }));
    return 0;
  }
  const where = path.relative(ctx.cwd, result.dir) || '.';
  ctx.out(
    `Exported ${result.rows.toLocaleString('en-US')} row(s) from ${result.tables.length} table(s) as ${format} to ${where}/ in ${(result.durationMs / 1000).toFixed(1)} s (manifest: ${path.basename(result.manifest)}).`,
  );
  if (result.omitted.length) {
    ctx.err(`The SQLite file does not carry ${result.omitted.length} source-engine definition(s) (listed in the manifest), e.g.:`);
    for (const line of result.omitted.slice(0, 5)) ctx.err(`  ${line}`);
  }
  return 0;
};
export default exportCommand;
