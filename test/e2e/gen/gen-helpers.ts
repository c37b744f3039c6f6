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
