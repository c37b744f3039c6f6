import { FlashError } from '../../errors.js';
import { loadProjects } from '../../config/load-config.js';
import { readMergeConflicts } from '../../api/project/merge-state.js';
import type { Resolution } from '../../core/merge/merge-conflict.js';
import { resolveMerge } from '../../api/resolve.js';
import { openProject } from '../../api/project/project-context.js';
import type { CommandHandler } from '../context.js';

const resolve: CommandHandler = async (args, options, ctx) => {
  await pickWaitingDatabase(ctx.cwd);
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

/**
 * A `[[databases]]` project without --db: the database whose merge waits for resolutions (each has its
 * own MERGE_CONFLICTS.json); several waiting → name one, none → no merge to resolve.
 */
async function pickWaitingDatabase(cwd: string): Promise<void> {
  if (process.env.FLASH_DB) return;
  const all = await loadProjects(cwd);
  if (!all[0]?.database) return;
  const waiting: string[] = [];
  for (const p of all) if (await readMergeConflicts(p.storeDir)) waiting.push(p.database!.name);
  if (waiting.length === 1) process.env.FLASH_DB = waiting[0];
  else if (waiting.length === 0)
    throw new FlashError(
      'E_NO_MERGE',
      'No Flash merge is waiting for resolutions in any database.',
      'Start one with `flash merge <branch>`.',
    );
  else
    throw new FlashError(
      'E_MULTI_DB',
      `Merge conflicts wait in several databases: ${waiting.join(', ')}.`,
      `Resolve one at a time: \`flash resolve --db ${waiting[0]} …\`.`,
      {
        data: { databases: waiting },
      },
    );
}
