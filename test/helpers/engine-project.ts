import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { runFlash, tempDir, type CliResult } from './cli.js';
import { connectTo, type LifecycleEngine } from '../e2e/lifecycle-engines.js';

/** A fresh temp git repository with `flash init` done, on one engine, driven through the CLI like a new user. */
export interface EngineProject {
  dir: string;
  url: string;
  flash(...args: string[]): Promise<CliResult>;
  write(file: string, text: string): void;
  read(file: string): string;
  sql<T = Record<string, unknown>>(statement: string): Promise<T[]>;
  count(table: string): Promise<number>;
  /** db/migrations/*.sql, sorted */
  migrations(): string[];
  commitAll(message: string): void;
}

/**
 * `cleanups` collects the database drops for an afterAll. Engines with a server get `shadow_url` on
 * that server: PGlite takes tens of seconds to boot on a loaded machine, and these tests are not about
 * the shadow.
 */
export async function newEngineProject(engine: LifecycleEngine, cleanups: Array<() => Promise<void>>): Promise<EngineProject> {
  const dir = tempDir(`flash-${engine.provider}-`);
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  const db = await engine.createDatabase(dir);
  cleanups.push(db.drop);
  const flash = (...args: string[]) => runFlash(['--cwd', dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: db.url } });
  const init = await flash('init', `--${engine.provider}`);
  expect(init.code, init.stderr).toBe(0);
  if (engine.serverShadowUrl) {
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
    write: (file, text) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    },
    read: (file) => readFileSync(path.join(dir, file), 'utf8'),
    sql,
    count: async (table) => Number(Object.values((await sql<Record<string, unknown>>(`SELECT COUNT(*) AS n FROM ${table}`))[0])[0]),
    migrations: () =>
      readdirSync(path.join(dir, 'db/migrations'))
        .filter((f) => f.endsWith('.sql'))
        .sort(),
    commitAll: (message) => {
      execFileSync('git', ['add', '-A'], { cwd: dir });
      execFileSync('git', ['-c', 'user.name=Flash Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', message], { cwd: dir });
    },
  };
}

export const expectOk = (res: CliResult): void => expect(res.code, `stdout:\n${res.stdout}\nstderr:\n${res.stderr}`).toBe(0);

/**
 * `flash migrate <name>` then `flash apply`; status must then be in sync and name nothing unmodelled.
 * Returns the new migration's file name.
 */
export async function migrateAndApply(p: EngineProject, name: string): Promise<string> {
  const before = new Set(p.migrations());
  expectOk(await p.flash('migrate', name));
  const file = p.migrations().find((f) => !before.has(f));
  expect(file, 'a new migration').toBeDefined();
  expectOk(await p.flash('apply'));
  const st = await p.flash('status');
  expect(st.stdout).toContain('schema: in sync with the applied migrations (');
  expect(st.stdout + st.stderr).not.toContain('W_UNMODELLED');
  return file!;
}

/** The DDL lines (a line starting with CREATE, ALTER, DROP or COMMENT) of a migration's Up or Down section. */
export function migrationDdl(p: EngineProject, migration: string, section: 'up' | 'down' = 'up'): string[] {
  const [up, down] = p.read(`db/migrations/${migration}`).split('-- +migrate Down');
  return (section === 'up' ? up : down).match(/^(DROP|CREATE|ALTER|COMMENT) .*$/gm) ?? [];
}

/** The chain head `flash --json status` reports, for the CLI `run` of a project. */
export async function chainHead(run: (...args: string[]) => Promise<CliResult>): Promise<string> {
  return (JSON.parse((await run('--json', 'status')).stdout) as { chainHead: string }).chainHead;
}

/** The newest migration's Up statements, split by the engine's splitter, without the comment lines before each. */
export function upStatements(p: EngineProject, split: (sql: string) => Array<{ sql: string }>): string[] {
  const file = p.migrations().at(-1)!;
  const up = p.read(`db/migrations/${file}`).split('-- +migrate Up')[1].split('-- +migrate Down')[0];
  return split(up)
    .map((s) => s.sql.replace(/^(\s*--[^\n]*\n)*/, '').trim())
    .filter(Boolean);
}

/** The snapshot hash the last line of a flash.lock text ends with. */
export function lockHead(lockText: string): string {
  return lockText.trim().split('\n').at(-1)!.trim().split(/\s+/).at(-1)!;
}
