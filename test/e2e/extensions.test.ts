import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFlash, tempDir, type CliResult } from '../helpers/cli.js';
import { connectTo, postgresEngine } from './lifecycle-engines.js';

// Extensions are part of the schema: created first by migrations, introspected, pulled, and
// available on the embedded PGlite shadow (its contrib modules), or refused by name there.

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

async function project(): Promise<{
  dir: string;
  flash(...args: string[]): Promise<CliResult>;
  schema(text: string): void;
  query<T>(sql: string): Promise<T[]>;
}> {
  const dir = tempDir('flash-ext-');
  execFileSync('git', ['init', '-q'], { cwd: dir });
  const db = await postgresEngine.createDatabase(dir);
  cleanups.push(db.drop);
  const flash = (...args: string[]) => runFlash(['--cwd', dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: db.url } });
  expect((await flash('init', '--postgresql')).code).toBe(0);
  return {
    dir,
    flash,
    schema: (text) => {
      mkdirSync(path.join(dir, 'db/schema'), { recursive: true });
      writeFileSync(path.join(dir, 'db/schema/schema.sql'), text);
    },
    query: async <T>(sql: string) => {
      const conn = await connectTo('postgresql', db.url);
      try {
        return await conn.query<T>(sql);
      } finally {
        await conn.close();
      }
    },
  };
}

const SCHEMA =
  'CREATE EXTENSION IF NOT EXISTS citext;\nCREATE EXTENSION IF NOT EXISTS pg_trgm;\nCREATE TABLE users (id serial PRIMARY KEY, email citext NOT NULL, title text);\n';

describe('PostgreSQL extensions, on the embedded PGlite shadow', () => {
  it('migrate creates them first, apply installs them, status is clean, and dropping one is a migration whose Down restores it', async () => {
    const p = await project();
    p.schema(SCHEMA);
    const m = await p.flash('migrate', 'users');
    expect(m.code, m.stdout + m.stderr).toBe(0);
    const file = readdirSync(path.join(p.dir, 'db/migrations')).find((f) => f.endsWith('_users.sql'))!;
    const up = readFileSync(path.join(p.dir, 'db/migrations', file), 'utf8').split('-- +migrate Down')[0];
    expect(up.indexOf('CREATE EXTENSION IF NOT EXISTS citext')).toBeGreaterThan(-1);
    expect(up.indexOf('CREATE EXTENSION IF NOT EXISTS citext')).toBeLessThan(up.indexOf('CREATE TABLE'));
    expect((await p.flash('apply')).code).toBe(0);
    expect(
      (await p.query<{ extname: string }>("select extname from pg_extension where extname <> 'plpgsql' order by 1")).map((r) => r.extname),
    ).toEqual(['citext', 'pg_trgm']);
    const st = await p.flash('status');
    expect(st.stdout).toContain('schema: in sync with the applied migrations (');
    expect(st.stdout).not.toContain('W_UNMODELLED');

    p.schema(SCHEMA.replace('CREATE EXTENSION IF NOT EXISTS pg_trgm;\n', ''));
    const drop = await p.flash('migrate', 'no trgm');
    expect(drop.code, drop.stdout + drop.stderr).toBe(0);
    expect((await p.flash('apply')).code).toBe(0);
    expect((await p.query("select 1 from pg_extension where extname = 'pg_trgm'")).length).toBe(0);
    const down = await p.flash('down', '--yes');
    expect(down.code, down.stdout + down.stderr).toBe(0);
    expect((await p.query("select 1 from pg_extension where extname = 'pg_trgm'")).length).toBe(1);
  });

  it('pull writes CREATE EXTENSION and a later migrate sees no change', async () => {
    const p = await project();
    await p.query('CREATE EXTENSION citext; CREATE TABLE notes (id serial PRIMARY KEY, tag citext)');
    const pull = await p.flash('pull');
    expect(pull.code, pull.stdout + pull.stderr).toBe(0);
    expect(readFileSync(path.join(p.dir, 'db/schema/schema.sql'), 'utf8')).toContain('CREATE EXTENSION IF NOT EXISTS citext');
    const again = await p.flash('migrate', 'nothing');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/no changes/i);
  });

  it('an extension PGlite does not ship is refused by name with the shadow_url line', async () => {
    const p = await project();
    p.schema('CREATE EXTENSION IF NOT EXISTS postgis;\nCREATE TABLE t (id int);\n');
    const r = await p.flash('migrate', 'gis');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E_SHADOW_UNSUPPORTED]');
    expect(r.stderr).toContain('"postgis"');
    expect(r.stderr).toContain('shadow_url');
    expect(existsSync(path.join(p.dir, 'db/migrations'))).toBe(true);
    expect(readdirSync(path.join(p.dir, 'db/migrations')).filter((f) => f.endsWith('.sql'))).toEqual([]);
  });
});
