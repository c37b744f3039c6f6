import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlashError } from '../errors.js';
import { loadDialect } from '../dialects/registry.js';
import { DEMO_STEPS, type DemoStep } from './project/demo-story.js';

export { DEMO_STEPS, type DemoStep };

/** Runs one flash command in `cwd`; the CLI passes an in-process runner (no node start-up per step). */
export type DemoRunner = (args: string[], cwd: string) => Promise<{ code: number; output: string }>;

export interface DemoOptions {
  keep?: boolean;
  print: (line: string) => void;
  runFlash?: DemoRunner;
}

function flashBin(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '../../../bin/flash.js');
}

function spawnCaptured(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The story's environment: no inherited database URL, hooks on, a fixed git identity, no prompts. */
function demoEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    CI: 'true',
    GIT_AUTHOR_NAME: 'Flash Demo',
    GIT_AUTHOR_EMAIL: 'demo@example.com',
    GIT_COMMITTER_NAME: 'Flash Demo',
    GIT_COMMITTER_EMAIL: 'demo@example.com',
  };
  for (const k of ['DATABASE_URL', 'FLASH_SKIP_HOOKS', 'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete env[k];
  return env;
}

/** Runs the story in a fresh temp git repository and prints each command with its real output. */
export async function runDemo(opts: DemoOptions): Promise<{ dir: string; seconds: number }> {
  const started = Date.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flash-demo-'));
  const env = demoEnv();
  const runFlash: DemoRunner = opts.runFlash ?? ((args, cwd) => spawnCaptured(process.execPath, [flashBin(), ...args], cwd, env));
  opts.print(`Flash demo in ${dir}\n`);
  try {
    for (const step of DEMO_STEPS) {
      if (step.title) opts.print(`\n## ${step.title}`);
      if (step.write) {
        writeFileSync(path.join(dir, step.write.file), step.write.content);
        opts.print(`$ cat ${step.write.file}`);
        opts.print(step.write.content.trimEnd().replace(/^/gm, '  '));
        continue;
      }
      if (step.sql) {
        await runSql(dir, step.sql, runFlash, opts.print);
        continue;
      }
      const quote = (a: string) => (a.includes(' ') ? JSON.stringify(a) : a);
      const shown = step.git ? `git ${step.git.map(quote).join(' ')}` : `flash ${step.run!.map(quote).join(' ')}`;
      opts.print(`$ ${shown}`);
      const res = step.git ? await spawnCaptured('git', step.git, dir, env) : await runFlash(step.run!, dir);
      const output = res.output.trimEnd();
      if (output) opts.print(output.replace(/^/gm, '  '));
      if (res.code !== (step.expect ?? 0)) {
        throw new FlashError(
          'E_INTERNAL',
          `demo step "${shown}" exited ${res.code}, expected ${step.expect ?? 0}.`,
          `The demo project is kept in ${dir} for inspection.`,
        );
      }
    }
    const seconds = (Date.now() - started) / 1000;
    opts.print(
      `\nDone in ${seconds.toFixed(1)} s. ${opts.keep ? `The project is in ${dir}.` : 'Run `flash demo --keep` to keep the project and explore it.'}`,
    );
    return { dir, seconds };
  } catch (err) {
    opts.keep = true;
    throw err;
  } finally {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** SQL on the current branch's database: the URL `flash url` prints, opened with the SQLite driver. */
async function runSql(dir: string, sql: string, runFlash: DemoRunner, print: (line: string) => void): Promise<void> {
  const url = (await runFlash(['url'], dir)).output.trim().split('\n').at(-1)!;
  const file = path.resolve(dir, url.replace(/^(sqlite|file):(\/\/)?/, ''));
  print(`$ sqlite3 ${path.relative(dir, file)} "${sql}"`);
  const conn = await (await loadDialect('sqlite')).connect(file);
  try {
    const rows = await conn.query(sql);
    for (const row of rows)
      print(
        `  ${Object.values(row)
          .map((v) => (v === null ? 'NULL' : String(v)))
          .join(' | ')}`,
      );
  } finally {
    await conn.close();
  }
}
