import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';
import { cleanEnv } from '../git/git-fixture.js';

const run = promisify(execFile);

/**
 * The install story of the README, as a user of another project would follow it: `npm pack`, install
 * the tarball into a fresh empty project, then `npx flash …`. No TypeScript toolchain at run time.
 */
describe('the npm tarball', () => {
  it('installs into an empty project and `npx flash init --sqlite && npx flash migrate x && npx flash apply` works there', async () => {
    const work = tempDir('flash-pack-');
    // --ignore-scripts: pack the dist/ the test setup just compiled (running `prepare` here would
    // rewrite dist/ under the other test files' feet).
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    const info = JSON.parse(packed.stdout)[0] as { filename: string; files: Array<{ path: string }> };
    const files = info.files.map((f) => f.path);
    expect(files).toContain('bin/flash.js');
    expect(files).toContain('dist/src/cli/entry.js');
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);

    const project = path.join(work, 'app');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    const env = {
      ...(cleanEnv() as NodeJS.ProcessEnv),
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    // --prefer-offline: served from the warm npm cache here, from the registry elsewhere. Install
    // scripts are skipped because the only one is better-sqlite3's native build (minutes on a busy
    // machine, unrelated to Flash); its compiled addon of the same version is copied from this repo.
    await run('npm', ['install', '--prefer-offline', '--ignore-scripts', path.join(work, info.filename)], {
      cwd: project,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    const addon = path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    mkdirSync(path.dirname(path.join(project, addon)), { recursive: true });
    copyFileSync(path.join(REPO_ROOT, addon), path.join(project, addon));

    // Only runtime dependencies: no TypeScript, tsx or vitest in the consumer's node_modules.
    const installed = readdirSync(path.join(project, 'node_modules'));
    for (const dev of ['typescript', 'tsx', 'vitest', 'drizzle-kit']) expect(installed).not.toContain(dev);

    const npx = async (args: string[]) =>
      (await run('npx', ['--no-install', 'flash', ...args], { cwd: project, env: { ...env, npm_config_offline: 'true' } })).stdout;
    await run('git', ['init', '-q', '-b', 'main'], { cwd: project, env });
    expect(await npx(['--version'])).toMatch(/^\d+\.\d+\.\d+/);
    await npx(['init', '--sqlite']);
    writeFileSync(
      path.join(project, 'db/schema/users.sql'),
      'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email text NOT NULL\n);\n',
    );
    expect(await npx(['migrate', 'x'])).toMatch(/Wrote db\/migrations\/\d+_x\.sql/);
    expect(await npx(['apply'])).toMatch(/Applied 1 migration/);
    expect(existsSync(path.join(project, 'dev.db'))).toBe(true);
  }, 400_000);
});
