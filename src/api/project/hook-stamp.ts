import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Project } from '../../config/load-config.js';
import { CONFIG_FILE, TOML_CONFIG_FILE } from '../../config/config.js';
import { LOCK_FILE } from '../../core/plan/lock-file.js';
import { branchesPath } from './branch-state.js';
import { localStatePath } from './local-state.js';
import { envPath } from './env-file.js';
import { hookHasNothingToDo } from './branch-fast-path.js';

/**
 * The stamp behind the hook shim's POSIX-sh fast path (hooks/in-sync.sh). When the Node hook finds
 * that a branch has nothing to do, it records every file that answer was computed from in
 * `.flash/local/hook-stamp/`: `all` holds each present file after a separator (`sep`, a random string
 * that occurs nowhere in them), and `key` names the branch, the flash.lock path, the URL variable, the
 * project directory and which inputs were absent. The shim skips Node only while `cat sep f1 sep f2 …`
 * equals `all` byte for byte — every file unchanged — so it can never answer differently from
 * `hookHasNothingToDo`: same inputs, same answer. Anything else (a changed or missing file, another
 * branch, an environment override) starts Node, which writes a new stamp when it finds nothing to do.
 */
export const HOOK_STAMP_DIR = path.join('.flash', 'local', 'hook-stamp');

/** Every file `hookHasNothingToDo` (and loadProject before it) reads, in the order hooks/in-sync.sh lists them. */
function stampInputs(project: Project): string[] {
  return [
    path.join(project.dir, CONFIG_FILE),
    path.join(project.dir, TOML_CONFIG_FILE),
    envPath(project.dir),
    branchesPath(project),
    localStatePath(project.dir),
    path.join(project.migrationsDir, LOCK_FILE),
  ];
}

/**
 * Write the stamp when `branch` has nothing to do and nothing changed while that was decided;
 * otherwise remove any stamp. `env` must be the hook's environment: the sh path requires the same
 * overrides (the URL variable, FLASH_DB) to be unset. Returns whether a stamp was written.
 */
export async function recordHookStamp(project: Project, branch: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const stampDir = path.join(project.dir, HOOK_STAMP_DIR);
  const urlEnv = project.config.database.url_env;
  const lockRel = path.relative(project.dir, path.join(project.migrationsDir, LOCK_FILE));
  // One stamp per project: a `[[databases]]` project (several databases to be in sync) always starts Node.
  const representable =
    !project.database &&
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(urlEnv) &&
    !env[urlEnv] &&
    !env.FLASH_DB &&
    ![branch, lockRel, project.dir].some((s) => /[\n\r]/.test(s)) &&
    !lockRel.startsWith('..');
  const inputs = stampInputs(project);
  const before = representable ? await readInputs(inputs) : undefined;
  const nothingToDo = before !== undefined && (await hookHasNothingToDo(project, branch, env));
  const after = nothingToDo ? await readInputs(inputs) : undefined;
  if (!before || !after || !sameInputs(before, after)) {
    await fs.rm(stampDir, { recursive: true, force: true });
    return false;
  }
  const present = before.filter((b): b is Buffer => b !== undefined);
  const sep = separatorFor(present);
  const all = Buffer.concat(present.flatMap((b) => [sep, b]));
  const key = [`refs/heads/${branch}`, lockRel, urlEnv, path.resolve(project.dir), before.map((b) => (b ? 'p' : 'a')).join(''), ''];
  const tmp = `${stampDir}.tmp-${process.pid}`;
  await fs.rm(tmp, { recursive: true, force: true });
  await fs.mkdir(tmp, { recursive: true });
  await fs.writeFile(path.join(tmp, 'sep'), sep);
  await fs.writeFile(path.join(tmp, 'all'), all);
  // Written last: in-sync.sh treats a stamp without `key` as no stamp.
  await fs.writeFile(path.join(tmp, 'key'), key.join('\n'));
  // A directory cannot be renamed over a non-empty one: move the old stamp aside first. A shim that
  // reads in between finds no key, or no `all`, and starts Node.
  const old = `${stampDir}.old-${process.pid}`;
  await fs.rename(stampDir, old).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  });
  await fs.rename(tmp, stampDir);
  await fs.rm(old, { recursive: true, force: true });
  return true;
}

/**
 * A separator that occurs in none of the files nor across the joins, so that equal concatenations
 * imply equal files. Math.random, not node:crypto: loading OpenSSL costs more than the whole no-op
 * hook, and the string need only be unlikely to appear, not unguessable.
 */
function separatorFor(files: Buffer[]): Buffer {
  for (;;) {
    const nonce = Array.from({ length: 4 }, () =>
      Math.floor(Math.random() * 2 ** 32)
        .toString(16)
        .padStart(8, '0'),
    ).join('');
    const sep = Buffer.from(`\n--flash-stamp-${nonce}--\n`);
    const all = Buffer.concat(files.flatMap((b) => [sep, b]));
    if (occurrences(all, sep) === files.length) return sep;
  }
}

function occurrences(haystack: Buffer, needle: Buffer): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}

async function readInputs(files: string[]): Promise<(Buffer | undefined)[]> {
  return Promise.all(
    files.map((file) =>
      fs.readFile(file).catch((err: unknown) => {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }),
    ),
  );
}

function sameInputs(a: (Buffer | undefined)[], b: (Buffer | undefined)[]): boolean {
  return a.every((x, i) => {
    const y = b[i];
    return x === undefined || y === undefined ? x === y : x.equals(y);
  });
}
