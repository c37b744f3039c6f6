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
