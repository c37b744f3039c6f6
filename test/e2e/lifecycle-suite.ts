import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { FLASH_BIN, tempDir, type CliResult } from '../helpers/cli.js';
import { loadDialect } from '../../src/dialects/registry.js';
import { connectTo, type LifecycleEngine } from './lifecycle-engines.js';

const USERS = `CREATE TABLE users (
  id INTEGER NOT NULL PRIMARY KEY,
  email VARCHAR(200) NOT NULL,
  name VARCHAR(100)
);
`;
const POSTS = `CREATE TABLE posts (
  id INTEGER NOT NULL PRIMARY KEY,
  user_id INTEGER NOT NULL,
  title VARCHAR(200) NOT NULL,
  CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX posts_user_idx ON posts (user_id);
`;
const USERS_WITH_BIO = USERS.replace('  name VARCHAR(100)\n', '  name VARCHAR(100),\n  bio VARCHAR(200)\n');

interface Project {
  dir: string;
  url: string;
  flash(...args: string[]): Promise<CliResult>;
  writeSchema(file: string, sql: string): void;
  sql<T = Record<string, unknown>>(statement: string): Promise<T[]>;
  count(table: string): Promise<number>;
  tableExists(table: string): Promise<boolean>;
  migrations(): string[];
  statusJson(): Promise<StatusJson>;
}

interface StatusJson {
  migrations: Array<{ name: string; state: string; appliedSteps?: number; error?: string }>;
  expected: string;
  live: string;
  chainHead: string;
  inSync: boolean;
}

/**
 * `node bin/flash.js` as a subprocess, no TTY. FLASH_E2E_BIN may point at a private build (several
 * people rebuilding dist/ while these slow tests run would otherwise make them flaky).
 */
function runFlash(args: string[], opts: { cwd: string; env: Record<string, string> }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', NO_COLOR: '1', ...opts.env };
    delete env.FLASH_DEBUG;
    const child = spawn(process.execPath, [process.env.FLASH_E2E_BIN ?? FLASH_BIN, ...args], {
      cwd: opts.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function lifecycleSuite(engine: LifecycleEngine): void {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups) await c().catch(() => {});
  });

  async function newProject(options: { embeddedShadow?: boolean } = {}): Promise<Project> {
    const dir = tempDir(`flash-life-${engine.provider}-`);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const db = await engine.createDatabase(dir);
    cleanups.push(db.drop);
    const flash = (...args: string[]) => runFlash(['--cwd', dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: db.url } });
    const init = await flash('init', `--${engine.provider}`);
    expect(init.code, init.stderr).toBe(0);
    if (engine.serverShadowUrl && !options.embeddedShadow) {
      const configFile = path.join(dir, 'flash.config.json');
      const config = JSON.parse(readFileSync(configFile, 'utf8'));
      config.database.shadow_url = engine.serverShadowUrl;
      writeFileSync(configFile, JSON.stringify(config, null, 2));
    }
    const sql = async <T>(statement: string): Promise<T[]> => {
      const conn = await connectTo(engine.provider, db.url);
      try {
        return await conn.query<T>(statement);
      } finally {
        await conn.close();
      }
    };
    return {
      dir,
      url: db.url,
      flash,
      writeSchema: (file, text) => {
        mkdirSync(path.join(dir, 'db/schema'), { recursive: true });
        writeFileSync(path.join(dir, 'db/schema', file), text);
      },
      sql,
      count: async (table) => Number(Object.values((await sql<Record<string, unknown>>(`SELECT COUNT(*) AS n FROM ${table}`))[0])[0]),
      tableExists: async (table) => {
        try {
          await sql(`SELECT COUNT(*) AS n FROM ${table}`);
          return true;
        } catch {
          return false;
        }
      },
      migrations: () =>
        readdirSync(path.join(dir, 'db/migrations'))
          .filter((f) => f.endsWith('.sql'))
          .sort(),
      statusJson: async () => {
        const res = await flash('status', '--json');
        expect(res.code, res.stderr).toBe(0);
        return JSON.parse(res.stdout) as StatusJson;
      },
    };
  }

  const ok = (res: CliResult) => expect(res.code, `stdout:\n${res.stdout}\nstderr:\n${res.stderr}`).toBe(0);

  describe(`migration lifecycle on ${engine.provider}`, () => {
    it('init → migrate → apply → change → migrate → apply → down → status, data kept', { timeout: 600_000 }, async () => {
      const p = await newProject({ embeddedShadow: true });
      p.writeSchema('users.sql', USERS);
      const first = await p.flash('migrate', 'init');
      ok(first);
      expect(first.stdout).toMatch(/Wrote db\/migrations\/\d{14}_init\.sql/);
      const [initFile] = p.migrations();
      const text = readFileSync(path.join(p.dir, 'db/migrations', initFile), 'utf8');
      expect(text).toMatch(/^-- flash:from [0-9a-f]{64}$/m);
      expect(text).toMatch(/^-- flash:to [0-9a-f]{64}$/m);
      expect(text).toContain('-- +migrate Up');
      expect(text).toMatch(/-- \+migrate Down[\s\S]*DROP TABLE/i);
      const lock = readFileSync(path.join(p.dir, 'db/migrations/flash.lock'), 'utf8').trim().split('\n');
      expect(lock).toHaveLength(2);

      ok(await p.flash('apply'));
      let st = await p.statusJson();
      expect(st.migrations.map((m) => m.state)).toEqual(['applied']);
      expect(st.inSync).toBe(true);
      await p.sql(`INSERT INTO users (id, email, name) VALUES (1, 'ada@example.com', 'Ada')`);

      p.writeSchema('users.sql', USERS_WITH_BIO);
      p.writeSchema('posts.sql', POSTS);
      const second = await p.flash('migrate', 'add posts');
      ok(second);
      expect(p.migrations()).toHaveLength(2);
      const dry = await p.flash('apply', '--dry-run');
      ok(dry);
      expect(dry.stdout).toMatch(/CREATE TABLE\s+\S*posts/i);
      expect(await p.tableExists('posts')).toBe(false);
      const applied = await p.flash('apply');
      ok(applied);
      expect(applied.stdout).toContain('add_posts');
      expect(await p.tableExists('posts')).toBe(true);
      expect(await p.count('users')).toBe(1);
      await p.sql(`INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'hello')`);

      const again = await p.flash('migrate', 'nothing');
      ok(again);
      expect(again.stdout).toContain('No changes');
      expect(p.migrations()).toHaveLength(2);

      st = await p.statusJson();
      expect(st.migrations.map((m) => m.state)).toEqual(['applied', 'applied']);
      expect(st.inSync).toBe(true);
      expect(st.live).toBe(st.chainHead);

      // posts holds a row: its Down loses data, so it needs --yes (issue 12 item 10)
      const lossy = await p.flash('down');
      expect(lossy.code).toBe(1);
      expect(lossy.stderr).toContain('E_DATA_LOSS');
      expect(await p.tableExists('posts')).toBe(true);
      ok(await p.flash('down', '--yes'));
      expect(await p.tableExists('posts')).toBe(false);
      expect(await p.count('users')).toBe(1);
      st = await p.statusJson();
      expect(st.migrations.map((m) => m.state)).toEqual(['applied', 'pending']);
      expect(st.inSync).toBe(true);
      const human = await p.flash('status');
      ok(human);
      expect(human.stdout).toMatch(/pending\s+\d{14}_add_posts/);

      ok(await p.flash('apply'));
      st = await p.statusJson();
      expect(st.live).toBe(st.chainHead);
      const state = JSON.parse(readFileSync(path.join(p.dir, '.flash/local/state.json'), 'utf8'));
      expect(Object.values(state.databases).map((d) => (d as { snapshot: string }).snapshot)).toContain(st.chainHead);
      expect(JSON.stringify(state)).not.toMatch(/:[^/@]*@.*s3cret/);

      const diff = await p.flash('diff', 'empty', 'expected');
      ok(diff);
      expect(diff.stdout).toMatch(/\+ table users/);
      expect(diff.stdout).toMatch(/\+ table posts/);
      const noDiff = await p.flash('diff', '--sql');
      ok(noDiff);
      expect(noDiff.stdout.trim()).toBe('');

      const refused = await p.flash('reset');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('E_NEEDS_YES');
      expect(await p.count('users')).toBe(1);
      ok(await p.flash('reset', '--yes'));
      expect(await p.count('users')).toBe(0);
      st = await p.statusJson();
      expect(st.migrations.map((m) => m.state)).toEqual(['applied', 'applied']);
      expect(st.live).toBe(st.chainHead);
    });

    it('--rename keeps the column data; down renames it back', { timeout: 180_000 }, async () => {
      const p = await newProject();
      p.writeSchema('users.sql', USERS);
      ok(await p.flash('migrate', 'init'));
      ok(await p.flash('apply'));
      await p.sql(`INSERT INTO users (id, email, name) VALUES (1, 'ada@example.com', 'Ada')`);
      p.writeSchema('users.sql', USERS.replace('name VARCHAR(100)', 'full_name VARCHAR(100)'));
      const renamed = await p.flash('migrate', 'rename name', '--rename', 'users.name=full_name');
      ok(renamed);
      const file = p.migrations().at(-1)!;
      expect(readFileSync(path.join(p.dir, 'db/migrations', file), 'utf8')).toMatch(/RENAME/i);
      ok(await p.flash('apply'));
      expect((await p.sql<{ full_name: string }>('SELECT full_name FROM users'))[0].full_name).toBe('Ada');
      ok(await p.flash('down'));
      expect((await p.sql<{ name: string }>('SELECT name FROM users'))[0].name).toBe('Ada');
    });

    it(
      'migrate prints lint findings with live row counts, warns in the Down header, and never needs the DB',
      { timeout: 180_000 },
      async () => {
        const p = await newProject();
        p.writeSchema('a_users.sql', USERS);
        p.writeSchema('b_posts.sql', POSTS);
        ok(await p.flash('migrate', 'init'));
        ok(await p.flash('apply'));
        await p.sql(`INSERT INTO users (id, email, name) VALUES (1, 'ada@example.com', 'Ada')`);
        for (const id of [1, 2, 3]) await p.sql(`INSERT INTO posts (id, user_id, title) VALUES (${id}, 1, 't${id}')`);
        p.writeSchema('a_users.sql', USERS_WITH_BIO);
        p.writeSchema('b_posts.sql', '');
        const res = await p.flash('migrate', 'drop posts');
        ok(res);
        expect(res.stdout).toMatch(/error\[L001\] posts/);
        expect(res.stdout).toMatch(/data\[L001\] posts: 3 rows/);
        const text = readFileSync(path.join(p.dir, 'db/migrations', p.migrations().at(-1)!), 'utf8');
        expect(text.slice(text.indexOf('-- +migrate Down'))).toMatch(/-- WARNING[\s\S]*users\.bio/);
        // an unreachable dev database only skips the data checks
        p.writeSchema('a_users.sql', USERS);
        const offline = await runFlash(['--cwd', p.dir, 'migrate', 'drop bio'], {
          cwd: os.tmpdir(),
          env: { DATABASE_URL: engine.unreachable.url },
        });
        ok(offline);
        expect(offline.stdout).toContain('data checks skipped');
        expect(offline.stdout).toMatch(/Wrote db\/migrations\/\d{14}_drop_bio\.sql/);
      },
    );

    it('Flash ORM migration files without flash:from/to are sealed when first seen', { timeout: 180_000 }, async () => {
      const p = await newProject();
      const file = path.join(p.dir, 'db/migrations/20240101000000_create_users.sql');
      writeFileSync(file, `-- +migrate Up\n${USERS}\n-- +migrate Down\nDROP TABLE users;\n`);
      const applied = await p.flash('apply');
      ok(applied);
      expect(applied.stdout).toContain('sealed 20240101000000_create_users');
      const text = readFileSync(file, 'utf8');
      expect(text).toMatch(/^-- flash:from [0-9a-f]{64}$/m);
      const lock = readFileSync(path.join(p.dir, 'db/migrations/flash.lock'), 'utf8');
      expect(lock).toContain('20240101000000_create_users ');
      const st = await p.statusJson();
      expect(st.migrations.map((m) => m.state)).toEqual(['applied']);
      expect(st.live).toBe(st.chainHead);
      p.writeSchema('users.sql', USERS);
      const migrate = await p.flash('migrate', 'same');
      ok(migrate);
      expect(migrate.stdout).toContain('No changes');
    });

    it('pull on a hand-made database writes db/schema and a baseline; then migrate says no changes', { timeout: 180_000 }, async () => {
      const p = await newProject();
      await p.sql(USERS);
      for (const stmt of POSTS.split(';')
        .map((s) => s.trim())
        .filter(Boolean))
        await p.sql(stmt);
      await p.sql(`INSERT INTO users (id, email, name) VALUES (1, 'ada@example.com', 'Ada')`);
      const pulled = await p.flash('pull');
      ok(pulled);
      expect(pulled.stdout).toContain('reproduces the database exactly');
      expect(pulled.stderr).not.toContain('does not reproduce');
      expect(existsSync(path.join(p.dir, 'db/schema/schema.sql'))).toBe(true);
      expect(p.migrations()).toEqual(['00000000000000_baseline.sql']);
      const migrate = await p.flash('migrate', 'after pull');
      ok(migrate);
      expect(migrate.stdout).toContain('No changes');
      const st = await p.statusJson();
      expect(st.migrations.map((m) => m.state)).toEqual(['applied']);
      expect(st.inSync).toBe(true);
      expect(st.live).toBe(st.chainHead);
      expect(await p.count('users')).toBe(1);
      // the baseline rebuilds the same schema on an empty database
      ok(await p.flash('reset', '--yes'));
      expect((await p.statusJson()).live).toBe(st.chainHead);
    });

    it(
      engine.transactional
        ? 'a migration whose 3rd statement fails leaves the database unchanged and records the failure'
        : 'a migration whose 3rd statement fails reports exactly what ran and resumes after the fix',
      { timeout: 180_000 },
      async () => {
        const p = await newProject();
        p.writeSchema('users.sql', USERS);
        ok(await p.flash('migrate', 'init'));
        ok(await p.flash('apply'));
        await p.sql(`INSERT INTO users (id, email, name) VALUES (1, 'same@example.com', 'A')`);
        await p.sql(`INSERT INTO users (id, email, name) VALUES (2, 'same@example.com', 'B')`);
        const before = await p.statusJson();

        ok(await p.flash('migrate', 'risky', '--create-only'));
        const file = path.join(p.dir, 'db/migrations', p.migrations().at(-1)!);
        const up = [
          'CREATE TABLE audit_a (id INTEGER NOT NULL PRIMARY KEY);',
          'ALTER TABLE users ADD COLUMN nick VARCHAR(50);',
          'CREATE UNIQUE INDEX users_email_uq ON users (email);',
          'CREATE TABLE audit_b (id INTEGER NOT NULL PRIMARY KEY);',
        ];
        const writeUp = (lines: string[]) => {
          const textNow = readFileSync(file, 'utf8');
          writeFileSync(file, textNow.replace(/(-- \+migrate Up\n)[\s\S]*?(\n-- \+migrate Down)/, `$1${lines.join('\n')}\n$2`));
        };
        writeUp(up);
        const upLine = readFileSync(file, 'utf8').split('\n').indexOf(up[2]) + 1;

        const failed = await p.flash('apply');
        expect(failed.code).toBe(5);
        expect(failed.stderr).toContain('statement 3 of 4');
        expect(failed.stderr).toContain(`${path.relative(p.dir, file)}:${upLine}`);
        const rows = await p.sql<{
          migration_name: string;
          finished_at: unknown;
          rolled_back_at: unknown;
          applied_steps_count: number;
          logs: string;
        }>(
          `SELECT migration_name, finished_at, rolled_back_at, applied_steps_count, logs FROM _flash_migrations WHERE migration_name LIKE '%risky' ORDER BY id`,
        );
        expect(rows).toHaveLength(1);
        expect(rows[0].finished_at).toBeNull();
        expect(JSON.parse(rows[0].logs).failed.step).toBe(3);

        if (engine.transactional) {
          expect(failed.stderr).toContain('E_MIGRATION_FAILED');
          expect(failed.stderr).toContain('the database is unchanged');
          expect(rows[0].rolled_back_at).not.toBeNull();
          expect(await p.tableExists('audit_a')).toBe(false);
          const after = await p.statusJson();
          expect(after.live).toBe(before.live);
          expect(after.migrations.map((m) => m.state)).toEqual(['applied', 'pending']);
          // fix the data, apply again
          await p.sql(`DELETE FROM users WHERE id = 2`);
          ok(await p.flash('apply'));
        } else {
          expect(failed.stderr).toContain('E_MIGRATION_PARTIAL');
          expect(failed.stderr).toContain('Statements 1–2 ran');
          expect(failed.stderr).toContain('statement 4 did not run');
          expect(Number(rows[0].applied_steps_count)).toBe(2);
          expect(await p.tableExists('audit_a')).toBe(true);
          expect(await p.tableExists('audit_b')).toBe(false);
          let st = await p.statusJson();
          expect(st.migrations.at(-1)).toMatchObject({ state: 'partial', appliedSteps: 2 });
          // the statements that ran may not change: refused with a precise message
          writeUp(['CREATE TABLE audit_a2 (id INTEGER NOT NULL PRIMARY KEY);', ...up.slice(1)]);
          const refused = await p.flash('apply');
          expect(refused.code).toBe(5);
          expect(refused.stderr).toContain('E_MIGRATION_PARTIAL');
          expect(refused.stderr).toContain('statement 1 is no longer what ran');
          // fixing only the failing statement resumes at statement 3
          writeUp([up[0], up[1], 'CREATE INDEX users_email_ix ON users (email);', up[3]]);
          const resumed = await p.flash('apply');
          ok(resumed);
          expect(resumed.stdout).toContain('resuming');
          expect(await p.tableExists('audit_b')).toBe(true);
          st = await p.statusJson();
          expect(st.migrations.map((m) => m.state)).toEqual(['applied', 'applied']);
        }
        const st = await p.statusJson();
        expect(st.live).toBe(st.chainHead);
      },
    );

    it('5 parallel `flash apply` runs apply each migration exactly once', { timeout: 180_000 }, async () => {
      const p = await newProject();
      p.writeSchema('users.sql', USERS);
      ok(await p.flash('migrate', 'one'));
      p.writeSchema('posts.sql', POSTS);
      ok(await p.flash('migrate', 'two'));
      p.writeSchema('users.sql', USERS_WITH_BIO);
      ok(await p.flash('migrate', 'three'));
      const runs = await Promise.all(Array.from({ length: 5 }, () => p.flash('apply')));
      for (const r of runs) ok(r);
      const rows = await p.sql<{ migration_name: string; finished_at: unknown }>(
        'SELECT migration_name, finished_at FROM _flash_migrations',
      );
      expect(rows).toHaveLength(3);
      expect(new Set(rows.map((r) => r.migration_name)).size).toBe(3);
      expect(rows.every((r) => r.finished_at !== null)).toBe(true);
      expect(runs.filter((r) => r.stdout.includes('Applied 3 migration')).length).toBe(1);
      expect((await p.statusJson()).inSync).toBe(true);
    });

    it('a waiting `flash apply` says so, then applies once the lock is free', { timeout: 180_000 }, async () => {
      const p = await newProject();
      p.writeSchema('users.sql', USERS);
      ok(await p.flash('migrate', 'one'));
      const dialect = await loadDialect(engine.provider);
      const holder = await dialect.connect(p.url);
      try {
        const release = await dialect.acquireLock(holder);
        const child = spawn(process.execPath, [process.env.FLASH_E2E_BIN ?? FLASH_BIN, '--cwd', p.dir, 'apply'], {
          env: { ...process.env, CI: 'true', NO_COLOR: '1', DATABASE_URL: p.url },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        let stdout = '';
        child.stdout.on('data', (d) => (stdout += d));
        const done = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no waiting message; stderr: ${stderr}`)), 120_000);
          child.stderr.on('data', (d) => {
            stderr += d;
            if (stderr.includes('waiting for another flash apply')) {
              clearTimeout(timer);
              resolve();
            }
          });
        });
        expect(await p.tableExists('users')).toBe(false);
        await release();
        expect(await done, stderr).toBe(0);
        expect(stdout).toContain('Applied 1 migration');
      } finally {
        await holder.close();
      }
      expect(await p.tableExists('users')).toBe(true);
    });

    it('an applied migration edited on disk → E_CHECKSUM_MISMATCH exit 4; --allow-changed overrides', { timeout: 120_000 }, async () => {
      const p = await newProject();
      p.writeSchema('users.sql', USERS);
      ok(await p.flash('migrate', 'one'));
      ok(await p.flash('apply'));
      p.writeSchema('posts.sql', POSTS);
      ok(await p.flash('migrate', 'two'));
      const first = path.join(p.dir, 'db/migrations', p.migrations()[0]);
      writeFileSync(first, readFileSync(first, 'utf8').replace('-- +migrate Down', '-- an innocent edit\n-- +migrate Down'));
      const refused = await p.flash('apply');
      expect(refused.code).toBe(4);
      expect(refused.stderr).toContain('E_CHECKSUM_MISMATCH');
      expect(refused.stderr).toContain(p.migrations()[0].replace('.sql', ''));
      expect(await p.tableExists('posts')).toBe(false);
      expect((await p.statusJson()).migrations[0].state).toBe('modified');
      ok(await p.flash('apply', '--allow-changed'));
      expect(await p.tableExists('posts')).toBe(true);
    });

    it('malformed SQL in db/schema → E_SQL naming file and line; nothing written', { timeout: 120_000 }, async () => {
      const p = await newProject();
      p.writeSchema('a_users.sql', USERS);
      p.writeSchema('b_broken.sql', '-- a broken file\n\nCREATE TABLE broken (id INTEGER,, name TEXT);\n');
      const res = await p.flash('migrate', 'broken');
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('error[E_SQL]');
      expect(res.stderr).toContain('db/schema/b_broken.sql:3');
      expect(p.migrations()).toEqual([]);
    });

    it('unreachable database → E_DB_CONNECT naming the host, never the password', { timeout: 60_000 }, async () => {
      const dir = tempDir('flash-life-unreachable-');
      const flash = (...args: string[]) =>
        runFlash(['--cwd', dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: engine.unreachable.url } });
      ok(await flash('init', `--${engine.provider}`));
      for (const command of [['status'], ['apply']]) {
        const res = await flash(...command);
        expect(res.code, res.stderr).toBe(2);
        expect(res.stderr).toContain('error[E_DB_CONNECT]');
        expect(res.stderr).toContain(engine.unreachable.names);
        if (engine.unreachable.secret) expect(res.stderr + res.stdout).not.toContain(engine.unreachable.secret);
      }
    });

    it('a corrupt store object → E_STORE_CORRUPT', { timeout: 120_000 }, async () => {
      const p = await newProject();
      p.writeSchema('users.sql', USERS);
      ok(await p.flash('migrate', 'one'));
      const to = readFileSync(path.join(p.dir, 'db/migrations', p.migrations()[0]), 'utf8').match(/flash:to ([0-9a-f]{64})/)![1];
      const object = path.join(p.dir, '.flash/objects', to.slice(0, 2), to.slice(2));
      writeFileSync(object, readFileSync(object, 'utf8').replace('users', 'usars'));
      p.writeSchema('posts.sql', POSTS);
      const res = await p.flash('migrate', 'two');
      expect(res.code).toBe(4);
      expect(res.stderr).toContain('E_STORE_CORRUPT');
      expect(res.stderr).toContain(to);
    });
  });
}
