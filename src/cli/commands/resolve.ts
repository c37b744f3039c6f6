import { FlashError } from '../../errors.js';
import type { Resolution } from '../../core/merge/merge-conflict.js';
import { resolveMerge } from '../../api/resolve.js';
import { openProject } from '../../api/project/project-context.js';
import type { CommandHandler } from '../context.js';

const resolve: CommandHandler = async (args, options, ctx) => {
  const chosen = (['ours', 'theirs', 'both'] as Resolution[]).filter((r) => options[r]);
  if (chosen.length > 1) throw new FlashError('E_USAGE', 'Choose one of --ours, --theirs, --both.', 'flash resolve <path> --ours');
  const choices: Record<string, Resolution> = {};
  if (args[0]) {
    if (!chosen[0]) {
      if (!ctx.interactive)
        throw new FlashError(
          'E_NOT_TTY',
          `No resolution given for ${args[0]}.`,
          `Pass --ours or --theirs: flash resolve ${args[0]} --ours`,
        );
      const { runConflictTui } = await import('./resolve-tui.js');
      return runConflictTui(ctx);
    }
    choices[args[0]] = chosen[0];
  } else if (ctx.interactive && !ctx.json) {
    const { runConflictTui } = await import('./resolve-tui.js');
    return runConflictTui(ctx);
  }
  const report = await resolveMerge(await openProject(ctx.cwd), choices, { commit: options.commit !== false });
  if (ctx.json) {
    ctx.out(
      JSON.stringify({
        ok: true,
        remaining: report.remaining,
        finished: report.finished,
        migration: report.migration,
        committed: report.committed,
        notes: report.notes,
      }),
    );
    return 0;
  }
  if (!report.finished) {
    ctx.out(`${report.remaining.length} conflict(s) left:`);
    for (const p of report.remaining) {
      const c = report.state.conflicts.find((x) => x.path === p)!;
      ctx.out(`  [${c.code}] ${p}: ${c.message}  (${c.resolutions.map((r) => `--${r}`).join(' | ')})`);
    }
    return 0;
  }
  ctx.out(`All conflicts resolved; wrote ${report.migration}.`);
  for (const n of report.notes) ctx.out(`  ${n}`);
  ctx.out(report.committed ? 'Committed the merge.' : 'Then commit the merge with `git commit`.');
  return 0;
};
export default resolve;
