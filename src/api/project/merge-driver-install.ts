import { promises as fs } from 'node:fs';
import path from 'node:path';
import { git, runGit } from '../../git/run-git.js';
import type { GitRepo } from '../../git/repo.js';
import { readTextIfExists } from '../../store/read-if-exists.js';

const MARKER = '# flash: semantic merge of the migration chain';
const SCHEMA_MARKER = '# flash: statement-level merge of the schema files';

/**
 * Register the `flash.lock` merge driver: a `.gitattributes` line (committed, so every clone routes
 * the file to the driver) and `merge.flash.*` in the repository's config (local: git never runs
 * drivers from committed config). Without the config entry git falls back to a text merge, which
 * conflicts on the lock's header hash: a safe failure.
 */
export async function installMergeDriver(
  repo: GitRepo,
  lockFile: string,
  cli: { nodePath: string; cliPath: string },
  schemaDir?: string,
): Promise<'installed' | 'updated'> {
  const attributes = path.join(repo.root, '.gitattributes');
  const rel = (p: string) => path.relative(repo.root, p).split(path.sep).join('/');
  const lines = [{ marker: MARKER, line: `${rel(lockFile)} merge=flash` }];
  // db/schema/*.sql: merged statement by statement (see merge-schema-driver.ts), so appends on both sides do not conflict.
  if (schemaDir) lines.push({ marker: SCHEMA_MARKER, line: `${rel(schemaDir)}/*.sql merge=flash-schema` });
  let text = (await readTextIfExists(attributes)) ?? '';
  const present = (line: string) => text.split(/\r?\n/).some((l) => l.trim() === line);
  const has = lines.every((l) => present(l.line));
  for (const { marker, line } of lines) {
    if (!present(line)) text = text + (text && !text.endsWith('\n') ? '\n' : '') + `${marker}\n${line}\n`;
  }
  if (!has) await fs.writeFile(attributes, text);
  const driver = (command: string) => `${quote(cli.nodePath)} ${quote(cli.cliPath)} ${command} %O %A %B %P`;
  await git(repo.root, ['config', 'merge.flash.name', 'Flash migration chain (flash.lock)']);
  await git(repo.root, ['config', 'merge.flash.driver', driver('merge-lock')]);
  if (schemaDir) {
    await git(repo.root, ['config', 'merge.flash-schema.name', 'Flash schema files (statement-level merge)']);
    await git(repo.root, ['config', 'merge.flash-schema.driver', driver('merge-schema')]);
  }
  return has ? 'updated' : 'installed';
}

export async function uninstallMergeDriver(repo: GitRepo): Promise<boolean> {
  const attributes = path.join(repo.root, '.gitattributes');
  const text = await readTextIfExists(attributes);
  let changed = false;
  if (text !== undefined) {
    const kept = text
      .split('\n')
      .filter((l) => l.trim() !== MARKER && l.trim() !== SCHEMA_MARKER && !/\smerge=flash(-schema)?\s*$/.test(l));
    const next = kept.join('\n');
    if (next !== text) {
      changed = true;
      if (next.trim() === '') await fs.rm(attributes);
      else await fs.writeFile(attributes, next);
    }
  }
  const removed = await runGit(repo.root, ['config', '--remove-section', 'merge.flash']);
  const removedSchema = await runGit(repo.root, ['config', '--remove-section', 'merge.flash-schema']);
  return changed || removed.code === 0 || removedSchema.code === 0;
}

function quote(p: string): string {
  return /^[A-Za-z0-9_./:-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}
