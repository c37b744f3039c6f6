import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, runFlash, tempDir, type CliResult } from './cli.js';

/**
 * A project an earlier Flash wrote (test/fixtures/<name>: its db/schema, migrations, flash.lock and
 * store), copied into a fresh git repository with everything committed on `main` (`flash check`
 * compares with it), run against `databaseUrl`. `shadowUrl` sets the project's `shadow_url`.
 */
export function legacyFixtureProject(
  name: string,
  databaseUrl: string,
  shadowUrl?: string,
): { dir: string; flash: (...args: string[]) => Promise<CliResult>; lockedMigrations: string[] } {
  const fixture = path.join(REPO_ROOT, 'test/fixtures', name);
  const dir = tempDir(`flash-${name}-`);
  cpSync(fixture, dir, { recursive: true });
  if (shadowUrl !== undefined) {
    const configFile = path.join(dir, 'flash.config.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8'));
    config.database.shadow_url = shadowUrl;
    writeFileSync(configFile, JSON.stringify(config, null, 2));
  }
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  execFileSync('git', ['add', '-A'], { cwd: dir });
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'legacy'], { cwd: dir });
  const flash = (...args: string[]) => runFlash(['--cwd', dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: databaseUrl } });
  const lockedMigrations = readFileSync(path.join(fixture, 'db/migrations/flash.lock'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(' ')[0]);
  return { dir, flash, lockedMigrations };
}
