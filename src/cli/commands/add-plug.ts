import { FlashError } from '../../errors.js';
import { addPlugin } from '../../api/plugins.js';
import { loadProject } from '../../config/load-config.js';
import type { CommandHandler } from '../context.js';

const addPlug: CommandHandler = async (args, _options, ctx) => {
  const spec = args[0];
  if (!spec) throw new FlashError('E_USAGE', 'Which plugin?', 'Usage: flash add-plug <name | @scope/flash-plugin-x | file.tgz | dir>');
  const loaded = await addPlugin(await loadProject(ctx.cwd), spec);
  const commands = (loaded.plugin.commands ?? []).map((c) => c.name);
  if (ctx.json) ctx.out(JSON.stringify({ ok: true, package: loaded.packageName, version: loaded.version, commands }));
  else
    ctx.out(
      `Installed and registered ${loaded.packageName}@${loaded.version}${commands.length ? `; commands: ${commands.map((c) => `flash ${c}`).join(', ')}` : ''}.`,
    );
  return 0;
};
export default addPlug;
