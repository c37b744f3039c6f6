import { execFile } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, runFlash, tempDir, type CliResult } from '../../helpers/cli.js';

const run = promisify(execFile);

/** A fresh git project holding the fixture, with the repository's node_modules reachable (drivers, @types). */
export async function fixtureProject(
  name: string,
  opts: { env?: Record<string, string>; database?: Record<string, string> } = {},
): Promise<{ dir: string; flash: (args: string[]) => Promise<CliResult> }> {
  const dir = tempDir(`flash-gen-${name}-`);
  cpSync(path.join(REPO_ROOT, 'test/fixtures/gen', name), dir, { recursive: true });
  if (opts.database) {
    const configFile = path.join(dir, 'flash.config.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8'));
    Object.assign(config.database, opts.database);
    writeFileSync(configFile, JSON.stringify(config, null, 2));
  }
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  await run('git', ['init', '-q'], { cwd: dir });
  return { dir, flash: (args) => runFlash(args, { cwd: dir, env: opts.env }) };
}

/** Every file under `dir` (relative path → bytes as text), for byte-for-byte comparisons. */
export function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full)] = readFileSync(full, 'utf8');
  }
  return out;
}

/** `tsc --strict --noEmit` on one user file; returns the compiler's output and exit code. */
export async function typecheck(dir: string, file: string, source: string): Promise<{ code: number; output: string }> {
  writeFileSync(path.join(dir, file), source);
  const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  const args = [
    tsc,
    '--strict',
    '--noEmit',
    '--target',
    'es2022',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--skipLibCheck',
    'false',
    '--types',
    'node',
    file,
  ];
  try {
    const { stdout } = await run(process.execPath, args, { cwd: dir });
    return { code: 0, output: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** Debian's interpreter: it has psycopg 3, PyMySQL and mypy (the pyenv `python3` on PATH may not). */
export const PYTHON = '/usr/bin/python3';

export interface ProcessResult {
  code: number;
  output: string;
}

/** Run a program to completion; a non-zero exit is a result, not an exception. */
export async function runProgram(
  file: string,
  args: string[],
  opts: { cwd: string; env?: Record<string, string> },
): Promise<ProcessResult> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, maxBuffer: 16 << 20 });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string; message?: string };
    return {
      code: typeof e.code === 'number' ? e.code : 1,
      output: `${e.stdout ?? ''}${e.stderr ?? ''}${e.stdout || e.stderr ? '' : (e.message ?? '')}`,
    };
  }
}

/**
 * `mypy --strict` over the generated package, the driver script and a user file holding one misuse
 * per line from `firstMisuseLine`: the package and the script must be clean, and every misuse line
 * must carry its own error.
 */
export async function mypyStrict(
  dir: string,
  script: string,
  misuse: { source: string; firstLine: number; count: number },
): Promise<{ cleanOutput: string; missedLines: number[] }> {
  writeFileSync(path.join(dir, 'misuse.py'), misuse.source);
  const res = await runProgram(
    PYTHON,
    ['-m', 'mypy', '--strict', '--no-incremental', '--cache-dir', '/dev/null', 'flash_py', script, 'misuse.py'],
    {
      cwd: dir,
      env: { MYPYPATH: dir },
    },
  );
  const lines = res.output.split('\n').filter((l) => /: error:/.test(l));
  const outside = lines.filter((l) => !l.startsWith('misuse.py:'));
  const errorLines = new Set(lines.flatMap((l) => (/^misuse\.py:(\d+):/.exec(l) ? [Number(/^misuse\.py:(\d+):/.exec(l)![1])] : [])));
  const missed: number[] = [];
  for (let i = 0; i < misuse.count; i++) if (!errorLines.has(misuse.firstLine + i)) missed.push(misuse.firstLine + i);
  return { cleanOutput: outside.join('\n'), missedLines: missed };
}
