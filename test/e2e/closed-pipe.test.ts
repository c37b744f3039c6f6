import { spawn, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLASH_BIN, runFlash, tempDir } from '../helpers/cli.js';

/** Runs the CLI with its stdout closed before it writes (what `flash status | head -0` does). */
function runWithClosedStdout(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', NO_COLOR: '1' };
    delete env.FLASH_DEBUG;
    const child = spawn(process.execPath, [FLASH_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('output to a closed pipe', () => {
  it('ends quietly with exit 0 (`flash status | head -1`, `flash --help | head -1`)', async () => {
    const cwd = tempDir();
    execFileSync('git', ['init', '-q'], { cwd });
    expect((await runFlash(['init', '--sqlite'], { cwd })).code).toBe(0);
    writeFileSync(path.join(cwd, 'db/schema/a.sql'), 'CREATE TABLE a (id integer PRIMARY KEY);\n');
    expect((await runFlash(['migrate', 'a'], { cwd })).code).toBe(0);
    for (const args of [['status'], ['--help'], ['fsck'], ['config']]) {
      const r = await runWithClosedStdout(args, cwd);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
    }
  });
});
