import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLASH_BIN, REPO_ROOT, tempDir } from '../helpers/cli.js';
import { cleanEnv, flashOk, gitOk } from '../git/git-fixture.js';

function sh(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', line], { cwd, env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

describe('flash demo', () => {
  it('tells the whole story: branch databases, plain git checkout both ways, a clean merge, a caught and resolved conflict, check --format github', async () => {
    const dir = tempDir('flash-demo-run-');
    const r = await flashOk(dir, ['demo']);
    const out = r.stdout;
    expect(out).toMatch(/\$ flash branch feature\n\s+Switched to a new branch feature; database .*copy of main's, data included/);
    // main's database after a plain `git checkout main`: Ada, no bio column; feature's post survived the round trip.
    expect(out).toMatch(
      /\$ git checkout main\n\s+Switched to branch 'main'\n\$ sqlite3 dev\.db "SELECT \* FROM users"\n\s+1 \| ada@example\.com \| Ada\n/,
    );
    expect(out).toMatch(
      /\$ git checkout feature\n[\s\S]*?\$ sqlite3 \.flash\/local\/db\/feature\.db "SELECT \* FROM posts"\n\s+1 \| 1 \| Hello from feature/,
    );
    expect(out).toMatch(/Merged tags: ours 1 migration\(s\) then theirs 1[\s\S]*re-chained \d+_tags/);
    expect(out).toMatch(/::error title=flash C001 users\.nickname::C001/);
    expect(out).toMatch(/\[C001\] users\.nickname/);
    expect(out).toMatch(/All conflicts resolved/);
    expect(out).toMatch(/schema: in sync with the applied migrations/);
    const seconds = Number(out.match(/Done in ([\d.]+) s/)?.[1]);
    // The demo reports its own duration; tests never assert on wall time (the 15 s goal is measured by hand).
    expect(seconds).toBeGreaterThan(0);
  }, 240_000);
});

describe('the README tour', () => {
  it('works when followed literally, line by line, in an empty directory', async () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const tour = readme.slice(readme.indexOf('## A tour'));
    const block = tour.slice(tour.indexOf('```sh\n') + 6, tour.indexOf('\n```', tour.indexOf('```sh\n')));
    const lines = block
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter(Boolean);
    expect(lines.length).toBeGreaterThan(5);

    // `npx flash` is this checkout's CLI, as after `npm install` of the package.
    const bin = tempDir('flash-npx-');
    writeFileSync(
      path.join(bin, 'npx'),
      `#!/bin/sh\n[ "$1" = flash ] || exit 127\nshift\nexec "${process.execPath}" "${FLASH_BIN}" "$@"\n`,
    );
    chmodSync(path.join(bin, 'npx'), 0o755);
    const dir = path.join(tempDir('flash-tour-'), 'app');
    mkdirSync(dir);
    const env = { ...(cleanEnv() as NodeJS.ProcessEnv), PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    for (const line of lines) {
      const r = await sh(line, dir, env);
      expect(r.code, `${line}\n${r.output}`).toBe(0);
    }
    expect((await gitOk(dir, ['branch', '--show-current'])).trim()).toBe('feature');
    expect((await flashOk(dir, ['status'])).stdout).toMatch(/applied\s+\d+_create_users/);
  }, 120_000);
});
