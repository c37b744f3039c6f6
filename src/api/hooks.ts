import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlashError } from '../errors.js';
import { findRepo } from '../git/repo.js';
import { hooksDir } from '../git/hooks-dir.js';
import { CHAINED_SUFFIX, FLASH_HOOKS, isShim, renderShim } from '../git/hook-shim.js';
import type { Project } from '../config/load-config.js';
import { LOCK_FILE } from '../core/plan/lock-file.js';
import { installMergeDriver, uninstallMergeDriver } from './project/merge-driver-install.js';

export type HookAction = 'installed' | 'updated' | 'chained' | 'removed' | 'restored' | 'absent';

export interface HooksReport {
  hooksDir: string;
  hooks: Array<{ hook: string; action: HookAction }>;
  /** the flash.lock merge driver (.gitattributes + merge.flash config) */
  mergeDriver?: 'installed' | 'updated' | 'removed' | 'absent';
}

/**
 * Install the post-checkout/post-merge shims into the directory git runs hooks from (core.hooksPath
 * respected). A user's existing hook is moved to `<hook>.flash-chained` and called first by the shim;
 * running install again only refreshes the shim.
 */
export async function installHooks(projectOrAll: Project | Project[]): Promise<HooksReport> {
  const all = Array.isArray(projectOrAll) ? projectOrAll : [projectOrAll];
  const projectDir = all[0].dir;
  const repo = await findRepo(projectDir);
  const dir = await hooksDir(repo);
  await fs.mkdir(dir, { recursive: true });
  const relProject = path.relative(repo.root, path.resolve(projectDir)).split(path.sep).join('/');
  const hooks: HooksReport['hooks'] = [];
  for (const hook of FLASH_HOOKS) {
    const file = path.join(dir, hook);
    const chained = file + CHAINED_SUFFIX;
    const existing = await readOptional(file);
    let action: HookAction = 'installed';
    if (existing !== undefined && isShim(existing)) {
      action = 'updated';
    } else if (existing !== undefined) {
      if (existsSync(chained)) {
        throw new FlashError(
          'E_HOOK_EXISTS',
          `${hook} exists in ${dir} and so does ${hook}${CHAINED_SUFFIX}; Flash will not overwrite either.`,
          `Merge them into one hook by hand (or remove ${hook}${CHAINED_SUFFIX}), then run \`flash hooks install\` again.`,
        );
      }
      await fs.rename(file, chained);
      action = 'chained';
    }
    const template = await fs.readFile(path.join(packageRoot(), 'hooks', hook), 'utf8');
    const shim = renderShim(template, {
      projectDir: relProject,
      cliPath: path.join(packageRoot(), 'bin', 'flash.js'),
      nodePath: process.execPath,
      inSync: await fs.readFile(path.join(packageRoot(), 'hooks', 'in-sync.sh'), 'utf8'),
    });
    const tmp = `${file}.flash-tmp-${process.pid}`;
    await fs.writeFile(tmp, shim, { mode: 0o755 });
    await fs.chmod(tmp, 0o755);
    await fs.rename(tmp, file);
    hooks.push({ hook, action });
  }
  // Each database's flash.lock and schema files (a `[[databases]]` project has one pair per entry).
  let mergeDriver: 'installed' | 'updated' = 'updated';
  for (const project of all) {
    const outcome = await installMergeDriver(
      repo,
      path.join(project.migrationsDir, LOCK_FILE),
      { nodePath: process.execPath, cliPath: path.join(packageRoot(), 'bin', 'flash.js') },
      project.schemaDir,
    );
    if (outcome === 'installed') mergeDriver = 'installed';
  }
  return { hooksDir: dir, hooks, mergeDriver };
}

/**
 * Remove Flash's shims and put chained user hooks back exactly as they were (rename keeps bytes and mode).
 * Takes the directory, not a project: the hooks must come out even where the project no longer loads.
 */
export async function uninstallHooks(projectDir: string): Promise<HooksReport> {
  const repo = await findRepo(projectDir);
  const dir = await hooksDir(repo);
  const hooks: HooksReport['hooks'] = [];
  for (const hook of FLASH_HOOKS) {
    const file = path.join(dir, hook);
    const chained = file + CHAINED_SUFFIX;
    const existing = await readOptional(file);
    if (existing === undefined || !isShim(existing)) {
      hooks.push({ hook, action: 'absent' });
      continue;
    }
    await fs.rm(file);
    if (existsSync(chained)) {
      await fs.rename(chained, file);
      hooks.push({ hook, action: 'restored' });
    } else {
      hooks.push({ hook, action: 'removed' });
    }
  }
  return { hooksDir: dir, hooks, mergeDriver: (await uninstallMergeDriver(repo)) ? 'removed' : 'absent' };
}

/** This package's root (holding bin/ and hooks/), from dist/src/api (built) or src/api (TypeScript run directly). */
function packageRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const rel of ['../../..', '../..']) {
    const candidate = path.resolve(here, rel);
    if (existsSync(path.join(candidate, 'hooks', 'post-checkout')) && existsSync(path.join(candidate, 'bin', 'flash.js'))) return candidate;
  }
  throw new FlashError('E_INTERNAL', `Cannot find Flash's hooks/ templates near ${here}.`, 'Reinstall the flash package.');
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
