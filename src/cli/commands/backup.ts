import path from 'node:path';
import { backup } from '../../api/backup.js';
import { openProject } from '../../api/project/project-context.js';
import { progressBar } from '../progress.js';
import type { CommandHandler } from '../context.js';

const backupCommand: CommandHandler = async (_args, options, ctx) => {
  const pc = await openProject(ctx.cwd);
  const bar = ctx.json ? undefined : progressBar();
  let result;
  try {
    // A backup's total is not counted up front (that would be a second pass over every table).
    result = await backup(pc, {
      out: typeof options.out === 'string' ? options.out : undefined,
      overwrite: ctx.yes,
      onProgress: (p) => bar?.update({ label: p.table, rows: p.rows, totalRows: 0 }),
    });
  } finally {
    bar?.done();
  }
  if (ctx.json) ctx.out(JSON.stringify({ ok: true, ...result }));
  else {
    ctx.out(
      `Backed up ${result.database}: ${result.tables} table(s), ${result.rows.toLocaleString('en-US')} row(s), ${result.trackingRows} migration record(s), schema ${result.schemaHash.slice(0, 12)}` +
        ` → ${path.relative(ctx.cwd, result.file) || result.file} (${(result.bytes / 1024).toFixed(0)} KiB, ${(result.durationMs / 1000).toFixed(1)} s).`,
    );
  }
  return 0;
};
export default backupCommand;
