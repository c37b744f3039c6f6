import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readTextIfExists } from '../../store/read-if-exists.js';

/** The line that keeps per-developer state (local-state, branches, caches, SQLite branch databases) out of git. */
export const LOCAL_DIR_IGNORE = '.flash/local/';

/** Append the lines `file` does not already contain (trimmed, exact match); true when it wrote. */
export async function appendMissingLines(file: string, lines: string[]): Promise<boolean> {
  const text = (await readTextIfExists(file)) ?? '';
  const have = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  const missing = lines.filter((l) => !have.has(l));
  if (!missing.length) return false;
  await fs.writeFile(file, text + (text && !text.endsWith('\n') ? '\n' : '') + missing.join('\n') + '\n');
  return true;
}

const ensured = new Set<string>();

/**
 * Called by every writer under `.flash/local/`: a project that never ran `flash init` (a Flash ORM
 * `flash.toml` project, a clone) must not get its local state staged by `git add -A`. Checked once
 * per process and project.
 */
export async function ensureLocalDirIgnored(projectDir: string): Promise<void> {
  const dir = path.resolve(projectDir);
  if (ensured.has(dir)) return;
  await appendMissingLines(path.join(dir, '.gitignore'), [LOCAL_DIR_IGNORE]);
  ensured.add(dir);
}
