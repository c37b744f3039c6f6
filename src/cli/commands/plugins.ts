import { listPlugins } from '../../api/plugins.js';
import { loadProject } from '../../config/load-config.js';
import type { CommandHandler } from '../context.js';

/** `flash plugins`: registered plugins with their version and commands; one that fails to load says why (exit 1). */
const plugins: CommandHandler = async (_args, _options, ctx) => {
  const list = await listPlugins(await loadProject(ctx.cwd));
  const broken = list.filter((p) => 'error' in p);
  if (ctx.json) {
    ctx.out(
      JSON.stringify({
        ok: broken.length === 0,
        plugins: list.map((p) =>
          'error' in p
            ? { package: p.packageName, error: p.error.toJSON() }
            : {
                package: p.packageName,
                version: p.version,
                commands: (p.plugin.commands ?? []).map((c) => ({ name: c.name, description: c.description })),
                dialect: p.plugin.dialect?.provider,
              },
        ),
      }),
    );
    return broken.length ? 1 : 0;
  }
  if (list.length === 0) ctx.out('No plugins registered (flash add-plug <name> installs one).');
  for (const p of list) {
    if ('error' in p) {
      ctx.out(`${p.packageName}  error[${p.error.code}]: ${p.error.message}`);
      continue;
    }
    ctx.out(`${p.packageName}@${p.version}${p.plugin.dialect ? `  dialect: ${p.plugin.dialect.provider}` : ''}`);
    for (const c of p.plugin.commands ?? []) ctx.out(`  flash ${c.name}  ${c.description}`);
  }
  return broken.length ? 1 : 0;
};
export default plugins;
