import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FlashError } from '../errors.js';
import { PLUGIN_API_VERSION, type FlashPlugin } from './plugin-api.js';

export interface LoadedPlugin {
  /** npm package name */
  packageName: string;
  version: string;
  plugin: FlashPlugin;
}

/** `json-schema` → `flash-plugin-json-schema`; full and scoped names are kept. Anything else is refused. */
export function pluginPackageName(name: string): string {
  const full = /^(@[a-z0-9][a-z0-9._-]*\/)?flash-plugin-[a-z0-9][a-z0-9._-]*$/;
  if (full.test(name)) return name;
  if (/^[a-z0-9][a-z0-9._-]*$/.test(name)) return `flash-plugin-${name}`;
  throw new FlashError(
    'E_PLUGIN_NAME',
    `"${name}" is not a Flash plugin name.`,
    'A plugin is an npm package named flash-plugin-<name> or @scope/flash-plugin-<name> (give <name>, the full name, a .tgz or a directory).',
  );
}

/** Import a plugin installed in the project's node_modules and check it against the plugin API. */
export async function loadPlugin(projectDir: string, packageName: string): Promise<LoadedPlugin> {
  // node_modules/<name>/package.json directly: a package's "exports" may hide ./package.json from resolution
  const manifestPath = path.join(projectDir, 'node_modules', packageName, 'package.json');
  let manifestText: string;
  try {
    manifestText = await fs.readFile(manifestPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new FlashError(
      'E_PLUGIN_NOT_FOUND',
      `Plugin ${packageName} is registered in the config but not installed in ${projectDir}/node_modules.`,
      `Run \`flash add-plug ${packageName}\` (or npm install), or \`flash rm-plug ${packageName} --yes\`.`,
    );
  }
  const manifest = JSON.parse(manifestText) as { version?: string };
  const require = createRequire(path.join(projectDir, 'package.json'));
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(require.resolve(packageName)).href)) as { default?: unknown };
  } catch (err) {
    throw new FlashError(
      'E_PLUGIN_LOAD',
      `Plugin ${packageName} failed to load: ${(err as Error).message}`,
      `Reinstall it (flash add-plug ${packageName}) or remove it (flash rm-plug ${packageName} --yes).`,
      { cause: err },
    );
  }
  const plugin = mod.default as FlashPlugin | undefined;
  const problem = pluginProblem(plugin);
  if (problem)
    throw new FlashError('E_PLUGIN_LOAD', `Plugin ${packageName} ${problem}.`, 'See docs/PLUGINS.md for the interface a plugin exports.');
  return { packageName, version: manifest.version ?? '?', plugin: plugin! };
}

function pluginProblem(p: FlashPlugin | undefined): string | undefined {
  if (!p || typeof p !== 'object') return 'has no default export';
  if (p.apiVersion !== PLUGIN_API_VERSION)
    return `is built for plugin API ${JSON.stringify(p.apiVersion)}, this Flash has ${String(PLUGIN_API_VERSION)}`;
  if (typeof p.name !== 'string' || !p.name) return 'has no name';
  for (const c of p.commands ?? []) {
    if (typeof c?.name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(c.name) || typeof c.run !== 'function')
      return `has an invalid command ${JSON.stringify(c?.name)}`;
  }
  if (p.dialect && (typeof p.dialect.provider !== 'string' || typeof p.dialect.dialect?.connect !== 'function'))
    return 'has an invalid dialect';
  if (!p.commands?.length && !p.dialect) return 'exports neither commands nor a dialect';
  return undefined;
}

/** The `plugins` list of the config (package names), or none. */
export function registeredPlugins(config: Record<string, unknown>): string[] {
  const list = config.plugins;
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
}
