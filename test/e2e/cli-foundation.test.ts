import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FLASH_BIN, REPO_ROOT, runFlash, tempDir } from '../helpers/cli.js';

function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = readFileSync(full, 'utf8') + ':' + statSync(full).mtimeMs;
    }
  };
  walk(dir);
  return out;
}

describe('flash CLI foundation', () => {
  it('prints --version and --help, and rejects unknown commands and flags with exit 1', async () => {
    const cwd = tempDir();
    const version = await runFlash(['--version'], { cwd });
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runFlash(['--help'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('migrate');
    const unknown = await runFlash(['frobnicate'], { cwd });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const badFlag = await runFlash(['init', '--bogus'], { cwd });
    expect(badFlag.code).toBe(1);
    expect(badFlag.stderr).toContain("unknown option '--bogus'");
  });

  it('--version loads no driver, no ink/react, no dialect (git hooks call the CLI on every checkout)', () => {
    const cwd = tempDir();
    const trace = path.join(cwd, 'trace.log');
    const r = spawnSync(process.execPath, ['--import', path.join(REPO_ROOT, 'test/helpers/module-trace.mjs'), FLASH_BIN, '--version'], {
      cwd,
      env: { ...process.env, FLASH_TRACE_MODULES: trace },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const loaded = readFileSync(trace, 'utf8');
    expect(loaded).toContain('/cli/main.js');
    for (const heavy of [
      'better-sqlite3',
      'node_modules/pg/',
      'mysql2',
      '@electric-sql',
      'mongodb',
      'node_modules/ink/',
      'node_modules/react/',
      '/dialects/',
      'isomorphic-git',
      'simple-git',
    ]) {
      expect(loaded, heavy).not.toContain(heavy);
    }
  });

  for (const provider of ['postgresql', 'mysql', 'sqlite', 'mongodb'] as const) {
    it(`init --${provider} writes config, db folders, store and .gitignore entries`, async () => {
      const cwd = tempDir();
      execFileSync('git', ['init', '-q'], { cwd });
      const res = await runFlash(['init', `--${provider}`], { cwd });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toContain(`Initialized a ${provider} Flash project`);
      expect(res.stdout).not.toContain('not a git repository');
      const config = JSON.parse(readFileSync(path.join(cwd, 'flash.config.json'), 'utf8'));
      expect(config.database).toEqual({ provider, url_env: 'DATABASE_URL' });
      expect(config.version).toBe('2');
      for (const dir of ['db/schema', 'db/migrations', 'db/queries', '.flash/objects', '.flash/refs']) {
        expect(existsSync(path.join(cwd, dir)), dir).toBe(true);
      }
      expect(readFileSync(path.join(cwd, '.gitignore'), 'utf8').split('\n')).toContain('.flash/local/');
      const env = readFileSync(path.join(cwd, '.env'), 'utf8');
      if (provider === 'sqlite') expect(env).toContain('DATABASE_URL=file:./dev.db');
      const fsck = await runFlash(['fsck'], { cwd });
      expect(fsck.code).toBe(0);
    });
  }

  it('init works outside a git repository and says so', async () => {
    const cwd = tempDir();
    const res = await runFlash(['init', '--sqlite'], { cwd });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('not a git repository');
  });

  it('init keeps existing .gitignore and .env lines', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, '.gitignore'), 'node_modules\n');
    writeFileSync(path.join(cwd, '.env'), 'SECRET=1\nDATABASE_URL=file:./mine.db\n');
    expect((await runFlash(['init', '--sqlite'], { cwd })).code).toBe(0);
    expect(readFileSync(path.join(cwd, '.gitignore'), 'utf8')).toBe(
      'node_modules\n.flash/local/\n.flash/MERGE_CONFLICTS.json\n.env\ndev.db\ndev.db-*\n',
    );
    expect(readFileSync(path.join(cwd, '.env'), 'utf8')).toBe('SECRET=1\nDATABASE_URL=file:./mine.db\n');
  });

  it('refuses to overwrite an existing config with E_CONFIG_EXISTS and changes nothing', async () => {
    const cwd = tempDir();
    expect((await runFlash(['init', '--postgresql'], { cwd })).code).toBe(0);
    const before = snapshotTree(cwd);
    const again = await runFlash(['init', '--sqlite'], { cwd });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error\[E_CONFIG_EXISTS\]: /);
    expect(again.stderr).toContain('hint: ');
    expect(again.stderr).not.toMatch(/\n\s+at /);
    expect(snapshotTree(cwd)).toEqual(before);
  });

  it('rejects two providers at once', async () => {
    const cwd = tempDir();
    const res = await runFlash(['init', '--sqlite', '--mysql'], { cwd });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('error[E_USAGE]');
    expect(readdirSync(cwd)).toEqual([]);
  });

  describe('config errors', () => {
    const setup = (config: string | undefined, env?: string) => {
      const cwd = tempDir();
      if (config !== undefined) writeFileSync(path.join(cwd, 'flash.config.json'), config);
      if (env !== undefined) writeFileSync(path.join(cwd, '.env'), env);
      mkdirSync(path.join(cwd, 'db/schema'), { recursive: true });
      mkdirSync(path.join(cwd, 'db/migrations'), { recursive: true });
      return cwd;
    };
    const noUrlEnv = { DATABASE_URL: undefined, MY_DB: undefined };

    it('no config → E_NO_CONFIG with a hint to run flash init', async () => {
      const res = await runFlash(['config'], { cwd: setup(undefined), env: noUrlEnv });
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/^error\[E_NO_CONFIG\]/);
      expect(res.stderr).toContain('flash init');
    });

    it('invalid JSON → E_CONFIG_JSON with line and column', async () => {
      const res = await runFlash(['config'], { cwd: setup('{\n  "database": {\n    "provider": "sqlite",,\n  }\n}\n'), env: noUrlEnv });
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/^error\[E_CONFIG_JSON\]/);
      expect(res.stderr).toMatch(/line 3, column \d+/);
    });

    it('unknown provider → E_UNKNOWN_PROVIDER', async () => {
      const res = await runFlash(['config'], { cwd: setup('{"database":{"provider":"oracle","url_env":"DATABASE_URL"}}'), env: noUrlEnv });
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/^error\[E_UNKNOWN_PROVIDER\].*oracle/);
    });

    it('missing URL variable → E_NO_URL naming the variable', async () => {
      const res = await runFlash(['config'], { cwd: setup('{"database":{"provider":"sqlite","url_env":"MY_DB"}}'), env: noUrlEnv });
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/^error\[E_NO_URL\].*MY_DB/);
    });

    it('reads the URL variable from .env and keeps unknown config keys', async () => {
      const cwd = setup('{"database":{"provider":"sqlite","url_env":"MY_DB"},"custom":{"keep":true}}', 'MY_DB=file:./x.db\n');
      const { loadProject, resolveDatabaseUrl } = await import('../../src/config/load-config.js');
      const project = await loadProject(cwd);
      expect(project.config.custom).toEqual({ keep: true });
      expect(await resolveDatabaseUrl(project, {})).toBe('file:./x.db');
    });

    it('reads a Flash ORM flash.toml', async () => {
      const cwd = tempDir();
      writeFileSync(
        path.join(cwd, 'flash.toml'),
        'version = "2"\nschema_dir = "db/schema"\n[database]\nprovider = "postgresql"\nurl_env = "DATABASE_URL"\n[gen.js]\nenabled = true\n',
      );
      const { loadProject } = await import('../../src/config/load-config.js');
      const project = await loadProject(cwd);
      expect(project.config.database.provider).toBe('postgresql');
      expect(project.config.gen).toEqual({ js: { enabled: true } });
    });
  });
});
