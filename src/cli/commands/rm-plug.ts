import { FlashError } from '../../errors.js';
import { removePlugin } from '../../api/plugins.js';
import { loadProject } from '../../config/load-config.js';
import { askYesNo } from '../ask-yes-no.js';
import type { CommandHandler } from '../context.js';

const rmPlug: CommandHandler = async (args, _options, ctx) => {
  const name = args[0];
  if (!name) throw new FlashError('E_USAGE', 'Which plugin?', 'Usage: flash rm-plug <name> [--yes]');
  if (!ctx.yes) {
    // npm uninstall deletes the package's files from node_modules
    if (!ctx.interactive)
      throw new FlashError(
        'E_NEEDS_YES',
        `flash rm-plug uninstalls ${name} from node_modules; refusing without confirmation.`,
        'Pass --yes to confirm (required when not in a terminal).',
      );
    if (!(await askYesNo(`Uninstall plugin ${name} and remove it from the config?`))) {
      ctx.out('Cancelled; nothing changed.');
      return 1;
    }
  }
  const packageName = await removePlugin(await loadProject(ctx.cwd), name);
  if (ctx.json) ctx.out(JSON.stringify({ ok: true, package: packageName }));
  else ctx.out(`Removed ${packageName} (unregistered and uninstalled).`);
  return 0;
};
export default rmPlug;
