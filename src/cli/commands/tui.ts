import { FlashError } from '../../errors.js';
import type { FlashDataSource } from '../../../ui/data-source.js';
import type { CommandHandler } from '../context.js';

const SCREENS = ['dashboard', 'branches', 'migrations', 'diff', 'conflicts'] as const;
type Screen = (typeof SCREENS)[number];

/**
 * `flash tui [--screen <name>]` (and bare `flash` in a terminal). Without a terminal, or with CI set, it
 * never prompts: it prints the dashboard as plain text (or JSON with --json) and exits like `status`
 * would. Ink and React are imported only on the interactive path.
 */
const tui: CommandHandler = async (_args, options, ctx) => {
  const screen = (options.screen as string | undefined) ?? 'dashboard';
  if (!SCREENS.includes(screen as Screen)) {
    throw new FlashError('E_USAGE', `There is no "${screen}" screen.`, `Use one of: ${SCREENS.join(', ')}.`);
  }
  const { createApiDataSource } = await import('../../../ui/api-data-source.js');
  const source = createApiDataSource(ctx.cwd);
  if (!ctx.interactive) {
    const data = await source.loadDashboard();
    if (ctx.json) ctx.out(JSON.stringify({ ok: true, ...data }));
    else {
      const { formatDashboardText } = await import('../../../ui/plain-dashboard.js');
      ctx.out(formatDashboardText(data));
    }
    return 0;
  }
  // No project here: fail with the coded error before taking over the terminal.
  const { loadProject } = await import('../../config/load-config.js');
  await loadProject(ctx.cwd);
  await renderers[screen as Screen]({ source, color: ctx.color });
  return 0;
};

/** Each screen's `renderX()` entry point, imported only when that screen opens. */
const renderers: Record<Screen, (o: { source: FlashDataSource; color: boolean }) => Promise<void>> = {
  dashboard: async (o) => (await import('../../../ui/render-dashboard.js')).renderDashboard(o),
  branches: async (o) => (await import('../../../ui/render-branches.js')).renderBranches(o),
  migrations: async (o) => (await import('../../../ui/render-migrations.js')).renderMigrations(o),
  diff: async (o) => (await import('../../../ui/render-diff.js')).renderDiff(o),
  conflicts: async (o) => (await import('../../../ui/render-conflicts.js')).renderConflicts(o),
};
export default tui;
