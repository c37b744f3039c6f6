import { execFile } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { PG_URL } from '../helpers/db-urls.js';
import path from 'node:path';
import { runFlash, tempDir, type CliResult } from '../helpers/cli.js';

/** Environment for git and the CLI in temp repos: no inherited GIT_* (vitest may run inside a hook), no DB URL override. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    CI: 'true',
    NO_COLOR: '1',
    DATABASE_URL: undefined,
    FLASH_SKIP_HOOKS: undefined,
    FLASH_DEBUG: undefined,
  };
  for (const k of Object.keys(env)) if (k.startsWith('GIT_')) env[k] = undefined;
  Object.assign(
    env,
    { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
    extra,
  );
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

/** Run git like a user typing it (hooks included). Never throws: the test asserts on the result. */
export function gitRun(cwd: string, args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, env: cleanEnv(extraEnv) }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export async function gitOk(cwd: string, args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<string> {
  const r = await gitRun(cwd, args, extraEnv);
  if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout + r.stderr;
}

export function flash(cwd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return runFlash(args, { cwd, env: { ...cleanEnv(), DATABASE_URL: undefined, ...env } });
}

export async function flashOk(cwd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const r = await flash(cwd, args, env);
  if (r.code !== 0) throw new Error(`flash ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** A fresh repo on branch main with one commit, initialised as a Flash project for `provider`. */
export async function flashRepo(provider: 'sqlite' | 'postgresql' | 'mysql', url?: string): Promise<string> {
  const dir = tempDir('flash-git-');
  await gitOk(dir, ['init', '-q', '-b', 'main']);
  await flashOk(dir, ['init', `--${provider}`]);
  if (url) writeFileSync(path.join(dir, '.env'), `DATABASE_URL=${url}\n`);
  if (provider === 'postgresql') {
    // A temp shadow database on the real server: much faster than a cold PGlite per `migrate` on a busy CI box.
    const configFile = path.join(dir, 'flash.config.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8'));
    config.database.shadow_url = PG_URL;
    writeFileSync(configFile, JSON.stringify(config, null, 2) + '\n');
  }
  // The dev database and .env are per-developer, like .flash/local/.
  appendFileSync(path.join(dir, '.gitignore'), 'dev.db*\n.env\n');
  await gitOk(dir, ['add', '-A']);
  await gitOk(dir, ['commit', '-q', '-m', 'init']);
  return dir;
}

/** Lines Flash printed (hook output is prefixed with `flash:`). */
export function flashLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('flash:'));
}
