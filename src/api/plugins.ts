import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import { CONFIG_FILE } from '../config/config.js';
import type { Project } from '../config/load-config.js';
import { atomicWrite } from '../store/atomic-write.js';
import { loadPlugin, pluginPackageName, registeredPlugins, type LoadedPlugin } from '../plugins/plugin-loader.js';

/**
 * `flash add-plug <name|file.tgz|dir>`: npm install into the project, check that the package is a
 * Flash plugin (uninstalled again if not), register it in flash.config.json `plugins`.
 */
export async function addPlugin(project: Project, spec: string): Promise<LoadedPlugin> {
  const projectDir = project.dir;
  assertJsonConfig(project.configFile);
  const local = await isLocalPath(projectDir, spec);
  const installSpec = local ? path.resolve(projectDir, spec) : pluginPackageName(spec);
  const before = await dependencies(projectDir);
  await npm(projectDir, ['install', installSpec]);
  const after = await dependencies(projectDir);
  const added = Object.keys(after).filter((k) => before[k] !== after[k]);
  const packageName = local ? added[0] : installSpec;
  if (!packageName)
    throw new FlashError(
      'E_PLUGIN_INSTALL',
      `npm installed ${spec} but no dependency of ${path.join(projectDir, 'package.json')} changed.`,
      'Check the package name in its package.json.',
    );
  try {
    pluginPackageName(packageName);
    const loaded = await loadPlugin(projectDir, packageName);
    await writePluginList(project.configFile, [...registeredPlugins(project.config).filter((p) => p !== packageName), packageName]);
    return loaded;
  } catch (err) {
    // installed but not a usable plugin: leave the project as it was
    if (added.includes(packageName)) await npm(projectDir, ['uninstall', packageName]).catch(() => {});
    throw err;
  }
}

/** `flash rm-plug <name>`: unregister, then npm uninstall. */
export async function removePlugin(project: Project, name: string): Promise<string> {
  assertJsonConfig(project.configFile);
  const registered = registeredPlugins(project.config);
  const packageName = registered.find((p) => p === name) ?? pluginPackageName(name);
  if (!registered.includes(packageName)) {
    throw new FlashError(
      'E_PLUGIN_NOT_FOUND',
      `Plugin ${packageName} is not registered in ${CONFIG_FILE}.`,
      registered.length ? `Registered: ${registered.join(', ')}.` : 'No plugin is registered.',
    );
  }
  await writePluginList(
    project.configFile,
    registered.filter((p) => p !== packageName),
  );
  await npm(project.dir, ['uninstall', packageName]);
  return packageName;
}

/** Every registered plugin, loaded (a plugin that fails to load is reported with its error, not skipped). */
export async function listPlugins(project: Project): Promise<Array<LoadedPlugin | { packageName: string; error: FlashError }>> {
  const out: Array<LoadedPlugin | { packageName: string; error: FlashError }> = [];
  for (const packageName of registeredPlugins(project.config)) {
    try {
      out.push(await loadPlugin(project.dir, packageName));
    } catch (err) {
      if (!(err instanceof FlashError)) throw err;
      out.push({ packageName, error: err });
    }
  }
  return out;
}

function assertJsonConfig(configFile: string): void {
  if (path.basename(configFile) !== CONFIG_FILE) {
    throw new FlashError(
      'E_UNSUPPORTED',
      `Plugins are registered in ${CONFIG_FILE}; this project is configured by ${path.basename(configFile)}.`,
      `Add "plugins": [] to a ${CONFIG_FILE} (it wins over flash.toml), or list the package under plugins in flash.toml by hand.`,
    );
  }
}

async function writePluginList(configFile: string, plugins: string[]): Promise<void> {
  const raw = JSON.parse(await fs.readFile(configFile, 'utf8')) as Record<string, unknown>;
  raw.plugins = plugins;
  await atomicWrite(configFile, JSON.stringify(raw, null, 2) + '\n');
}

async function isLocalPath(projectDir: string, spec: string): Promise<boolean> {
  if (!/[\\/]|\.tgz$|\.tar\.gz$|^\./.test(spec)) return false;
  try {
    await fs.stat(path.resolve(projectDir, spec));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new FlashError(
        'E_PLUGIN_INSTALL',
        `No such file or directory: ${spec}.`,
        'Give a plugin name, a .tgz made by `npm pack`, or a plugin directory.',
      );
    throw err;
  }
}

async function dependencies(projectDir: string): Promise<Record<string, string>> {
  try {
    const pkg = JSON.parse(await fs.readFile(path.join(projectDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    return pkg.dependencies ?? {};
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

/** npm in the project directory; its output goes to our stderr only on failure. */
function npm(cwd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', [...args, '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) =>
      reject(
        new FlashError('E_PLUGIN_INSTALL', `Could not run npm: ${err.message}.`, 'Install Node.js with npm and make sure npm is on PATH.'),
      ),
    );
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new FlashError(
            'E_PLUGIN_INSTALL',
            `npm ${args.join(' ')} failed (exit ${code}): ${output.trim().split('\n').slice(-3).join(' ')}`,
            'Fix the npm error above (name, network, permissions) and retry.',
          ),
        );
    });
  });
}
