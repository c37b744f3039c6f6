import path from 'node:path';
import { FlashError, isFlashError } from '../../errors.js';
import { restore, type RestoreOptions } from '../../api/restore.js';
import { openProject } from '../../api/project/project-context.js';
import { askYesNo } from '../ask-yes-no.js';
import { progressBar } from '../progress.js';
import type { CommandHandler } from '../context.js';

const restoreCommand: CommandHandler = async (args, _options, ctx) => {
  const file = args[0];
  if (!file) throw new FlashError('E_USAGE', 'flash restore needs the backup file.', 'Run `flash restore <file>`.');
  const pc = await openProject(ctx.cwd);
  const bar = ctx.json ? undefined : progressBar();
  const run = (replace: boolean) => {
    const opts: RestoreOptions = { replace, onProgress: (p) => bar?.update({ label: p.table, rows: p.rows, totalRows: p.totalRows }) };
    return restore(pc, path.resolve(ctx.cwd, file), opts);
  };
  let result;
  try {
    result = await run(ctx.yes);
  } catch (err) {
    // In a terminal a non-empty target is a question; the refusal happens before anything changed.
    if (!(isFlashError(err) && err.code === 'E_NEEDS_YES' && ctx.interactive)) throw err;
    if (!(await askYesNo(`${err.message} Drop it and restore?`))) {
      ctx.out('Cancelled; nothing changed.');
      return 1;
    }
    result = await run(true);
  } finally {
    bar?.done();
  }
  ctx.audit = { to: result.restoredHash };
  const matches = result.restoredHash === result.schemaHash;
  if (ctx.json) ctx.out(JSON.stringify({ ok: matches, ...result }));
  else {
    ctx.out(
      `Restored ${result.database}${result.replaced ? ' (dropped and recreated)' : ''}: ${result.tables} table(s), ${result.rows.toLocaleString('en-US')} row(s), ${result.trackingRows} migration record(s) in ${(result.durationMs / 1000).toFixed(1)} s.`,
    );
    if (!matches)
      ctx.err(
        `warning: the restored schema (${result.restoredHash.slice(0, 12)}) differs from the backup's (${result.schemaHash.slice(0, 12)}); run \`flash status\` to see how.`,
      );
  }
  return matches ? 0 : 1;
};
export default restoreCommand;
