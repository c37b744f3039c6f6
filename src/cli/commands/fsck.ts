import path from 'node:path';
import { ExitCode, FlashError } from '../../errors.js';
import { fsckProject } from '../../api/fsck.js';
import type { CommandHandler } from '../context.js';
import { statIfExists } from '../../store/read-if-exists.js';

const fsck: CommandHandler = async (_args, _options, ctx) => {
  const storeDir = path.join(ctx.cwd, '.flash');
  if (!(await statIfExists(storeDir))?.isDirectory()) {
    throw new FlashError('E_NO_CONFIG', `No .flash store in ${ctx.cwd}.`, 'Run `flash init` first, or pass --cwd <project dir>.');
  }
  const report = await fsckProject(ctx.cwd);
  const bad = report.problems.filter((p) => p.kind !== 'stale-temp');
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: bad.length === 0, ...report }));
  } else {
    for (const p of report.problems)
      (p.kind === 'stale-temp' ? ctx.out : ctx.err)(`${p.kind === 'stale-temp' ? 'note' : 'error'}: ${p.path}: ${p.message}`);
    ctx.out(
      `${report.objects} object(s), ${report.refs} ref(s), ${report.lockLines} lock line(s) checked: ${bad.length === 0 ? 'ok' : `${bad.length} problem(s)`}`,
    );
  }
  return bad.length === 0 ? ExitCode.ok : ExitCode.integrity;
};
export default fsck;
