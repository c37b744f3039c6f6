import { promises as fs } from 'node:fs';
import path from 'node:path';
import { git, runGit } from '../git/run-git.js';
import type { GitRepo } from '../git/repo.js';
import { readTextIfExists } from '../store/read-if-exists.js';

const MARKER = '# flash: semantic merge of the migration chain';

/**
 * Register the `flash.lock` merge driver: a `.gitattributes` line (committed, so every clone routes
 * the file to the driver) and `merge.flash.*` in the repository's config (local: git never runs
 * drivers from committed config). Without the config entry git falls back to a text merge, which
 * conflicts on the lock's header hash: a safe failure.
 */
export async function installMergeDriver(repo: GitRepo, lockFile: string, cli: { nodePath: string; cliPath: string }): Promise<'installed' | 'updated'> {
  const attributes = path.join(repo.root, '.gitattributes');
  const rel = path.relative(repo.root, lockFile).split(path.sep).join('/');
  const line = `${rel} merge=flash`;
  const text = (await readTextIfExists(attributes)) ?? '';
  const has = text.split(/\r?\n/).some((l) => l.trim() === line);
  if (!has) await fs.writeFile(attributes, text + (text && !text.endsWith('\n') ? '\n' : '') + `${MARKER}\n${line}\n`);
  const driver = `${quote(cli.nodePath)} ${quote(cli.cliPath)} merge-lock %O %A %B %P`;
  await git(repo.root, ['config', 'merge.flash.name', 'Flash migration chain (flash.lock)']);
  await git(repo.root, ['config', 'merge.flash.driver', driver]);
  return has ? 'updated' : 'installed';
}

export async function uninstallMergeDriver(repo: GitRepo): Promise<boolean> {
  const attributes = path.join(repo.root, '.gitattributes');
  const text = await readTextIfExists(attributes);
  let changed = false;
  if (text !== undefined) {
    const kept = text.split('\n').filter((l) => l.trim() !== MARKER && !/\smerge=flash\s*$/.test(l));
    const next = kept.join('\n');
    if (next !== text) {
      changed = true;
      if (next.trim() === '') await fs.rm(attributes);
      else await fs.writeFile(attributes, next);
    }
  }
  const removed = await runGit(repo.root, ['config', '--remove-section', 'merge.flash']);
  return changed || removed.code === 0;
}

function quote(p: string): string {
  return /^[A-Za-z0-9_./:-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}
