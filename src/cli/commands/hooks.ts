import type { CliContext } from '../context.js';
import { FlashError } from '../../errors.js';
import { installHooks, uninstallHooks } from '../../api/hooks.js';
import { loadProjects } from '../../config/load-config.js';

/** `flash hooks install|uninstall`. */
export default async function hooks(args: string[], _options: Record<string, unknown>, ctx: CliContext): Promise<number> {
  const action = args[0];
  if (action !== 'install' && action !== 'uninstall') {
    throw new FlashError('E_USAGE', `Unknown hooks action "${action ?? ''}".`, 'Usage: flash hooks install | flash hooks uninstall');
  }
  const report = action === 'install' ? await installHooks(await loadProjects(ctx.cwd)) : await uninstallHooks(ctx.cwd);
  if (ctx.json) ctx.out(JSON.stringify({ ok: true, ...report }));
  else {
    for (const h of report.hooks) ctx.out(`${h.hook}: ${describe[h.action]} (${report.hooksDir})`);
    if (report.mergeDriver === 'installed' || report.mergeDriver === 'updated')
      ctx.out('flash.lock merge driver: registered (.gitattributes line + merge.flash in .git/config); commit .gitattributes');
    else if (report.mergeDriver === 'removed') ctx.out('flash.lock merge driver: removed');
  }
  return 0;
}

const describe = {
  installed: 'installed',
  updated: 'already installed, refreshed',
  chained: 'installed; your existing hook is kept as .flash-chained and runs first',
  removed: 'removed',
  restored: 'removed; your original hook is restored',
  absent: 'not installed by Flash, left alone',
} as const;
