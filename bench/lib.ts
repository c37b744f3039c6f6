// Shared helpers of the benchmark: timing, statistics, subprocesses, the results table.
// Benchmarks never assert on time; they throw only when something fails.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const flashBin = path.join(root, 'bin', 'flash.js');
export const pgServer = process.env.FLASH_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const mysqlServer = process.env.FLASH_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/mysql';

export const benchEnv: NodeJS.ProcessEnv = {
  ...process.env,
  CI: '1',
  NO_COLOR: '1',
  FLASH_SKIP_HOOKS: undefined,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
};
delete benchEnv.DATABASE_URL;

export function withDatabase(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = '/' + name;
  return u.toString();
}

/** BENCH_DB_PREFIX (e.g. `pf_bench`) replaces the `flash_bench` prefix of every database a run creates, so runs by several people on one server never collide. */
export function uniqueName(prefix: string): string {
  const own = process.env.BENCH_DB_PREFIX;
  if (own && prefix.startsWith('flash_bench')) prefix = own + prefix.slice('flash_bench'.length);
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `flash-bench-${prefix}-`));
}

export interface RunOutcome {
  ms: number;
  /** user + system CPU time of the process and its children (GNU time), immune to waiting for a busy CPU */
  cpuMs?: number;
  code: number | null;
  killed: boolean;
  stdout: string;
  stderr: string;
}

/** Run a command, time it wall-clock; kill it (whole process group) after `timeoutMs`. */
export function timed(
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    const cpuFile = path.join(os.tmpdir(), `flash-bench-cpu-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const start = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-q', '-f', '%U %S', '-o', cpuFile, cmd, ...args], {
      cwd: options.cwd,
      env: options.env ?? benchEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = options.timeoutMs
      ? setTimeout(() => {
          killed = true;
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }, options.timeoutMs)
      : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (timer) clearTimeout(timer);
      let cpuMs: number | undefined;
      try {
        const [u, s] = readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
        if (Number.isFinite(u) && Number.isFinite(s)) cpuMs = (u + s) * 1000;
        rmSync(cpuFile, { force: true });
      } catch {
        /* killed before GNU time wrote it */
      }
      resolve({ ms, cpuMs, code, killed, stdout, stderr });
    });
  });
}

/** Run the built CLI; throws with its output when it exits non-zero. */
export async function flash(cwd: string, args: string[], env: NodeJS.ProcessEnv = benchEnv, timeoutMs = 30 * 60_000): Promise<RunOutcome> {
  const r = await timed(process.execPath, [flashBin, ...args], { cwd, env, timeoutMs });
  if (r.code !== 0) throw new Error(`flash ${args.join(' ')} exited ${r.killed ? 'killed' : r.code} in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

export function sh(cwd: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = benchEnv): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export async function timeIt<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

export interface Stats {
  median: number;
  min: number;
  max: number;
  runs: number;
  /** median CPU time (user+sys) of the measured process, when known */
  cpu?: number;
}

export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median: mid, min: s[0], max: s.at(-1)!, runs: s.length };
}

export function fmtMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(0)} ms`;
}

export function fmtStats(st: Stats): string {
  const cpu = st.cpu === undefined ? '' : `; cpu ${fmtMs(st.cpu)}`;
  if (st.runs === 1) return `${fmtMs(st.median)} (1 run${cpu})`;
  return `${fmtMs(st.median)} (${fmtMs(st.min)}–${fmtMs(st.max)}, n=${st.runs}${cpu})`;
}

/**
 * Repeat a measurement: `runs` times, but only 3 when a run exceeds a minute and only once when it
 * exceeds five minutes (or was killed) — the rule for slow peers.
 */
export async function repeat(runs: number, once: () => Promise<number | RunOutcome>): Promise<Stats> {
  const xs: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await once();
    xs.push(typeof r === 'number' ? r : r.ms);
    if (typeof r !== 'number' && r.cpuMs !== undefined) cpu.push(r.cpuMs);
    const worst = Math.max(...xs);
    if (worst > 300_000) break;
    if (worst > 60_000 && xs.length >= 3) break;
  }
  const st = stats(xs);
  if (cpu.length === xs.length) st.cpu = stats(cpu).median;
  return st;
}

/** A results table: rows of cells, printed as markdown. */
export class Table {
  readonly rows: string[][] = [];
  constructor(
    readonly title: string,
    readonly header: string[],
    readonly notes: string[] = [],
  ) {}
  add(...cells: string[]): void {
    this.rows.push(cells);
  }
  markdown(): string {
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    return [
      `### ${this.title}`,
      '',
      line(this.header),
      line(this.header.map(() => '---')),
      ...this.rows.map(line),
      '',
      ...this.notes.map((n) => n),
      '',
    ].join('\n');
  }
}

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** A file's text, or undefined when it does not exist; any other error (EACCES, EISDIR…) is thrown. */
export function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
