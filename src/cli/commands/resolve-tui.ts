import type { CliContext } from '../context.js';

/** The interactive conflict screen (ui/), loaded only in a TTY. Exit 3 while a conflict is open, 0 once all are resolved. */
export async function runConflictTui(ctx: CliContext): Promise<number> {
  const { runConflictResolution } = await import('../../../ui/run-conflict-resolution.js');
  return runConflictResolution(ctx.cwd, ctx.color);
}
