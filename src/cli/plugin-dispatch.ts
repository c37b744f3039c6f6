import { FlashError, isFlashError } from '../errors.js';
import type { CliContext } from './context.js';
import type { PluginContext } from '../plugins/plugin-api.js';

/**
 * An unknown `flash <name>`: load the project's registered plugins (only now, so built-in commands,
 * `--version` and the git hooks never pay for them) and run the command one of them provides.
 * Returns undefined when no plugin has it, so the caller reports the unknown command as usual.
 */
export async function runPluginCommand(name: string, args: string[], ctx: CliContext, builtins: Set<string>): Promise<number | undefined> {
  const [{ loadProject }, { loadPlugin, registeredPlugins }] = await Promise.all([
    import('../config/load-config.js'),
    import('../plugins/plugin-loader.js'),
  ]);
  const project = await loadProject(ctx.cwd).catch((err: unknown) => {
    if (isFlashError(err) && err.code === 'E_NO_CONFIG') return undefined; // no project, no plugins
    throw err;
  });
  if (!project) return undefined;
  for (const packageName of registeredPlugins(project.config)) {
    const { plugin } = await loadPlugin(project.dir, packageName);
    const command = plugin.commands?.find((c) => c.name === name);
    if (!command) continue;
    if (builtins.has(name))
      throw new FlashError(
        'E_PLUGIN_LOAD',
        `Plugin ${packageName} defines "${name}", which is a Flash command.`,
        'Plugins cannot replace built-in commands.',
      );
    const code = await command.run(args, pluginContext(ctx, project.config));
    return typeof code === 'number' ? code : 0;
  }
  return undefined;
}

function pluginContext(ctx: CliContext, config: Record<string, unknown>): PluginContext {
  return {
    cwd: ctx.cwd,
    json: ctx.json,
    yes: ctx.yes,
    out: ctx.out,
    err: ctx.err,
    config,
    async schema(ref = 'expected') {
      const [{ openProject }, { loadChain }, { resolveRef }] = await Promise.all([
        import('../api/project/project-context.js'),
        import('../api/project/chain.js'),
        import('../api/diff.js'),
      ]);
      const pc = await openProject(ctx.cwd);
      return (await resolveRef(pc, await loadChain(pc), ref)).schema;
    },
    async databaseUrl() {
      const { openProject, liveUrl } = await import('../api/project/project-context.js');
      return liveUrl(await openProject(ctx.cwd));
    },
  };
}
