// Hook latency (issue 4's benchmark, run as part of `npm run bench`):
//  1. `flash hook post-checkout` when the branch's database is already at the expected schema, vs `node -e 0`
//  2. a post-checkout that must switch the schema: the branch's database is created as a copy of main's
//     50-table, 10k-row database and brought to the branch's schema (a column on 10 tables).
// The hook is called exactly as the installed git shim calls it (`flash hook post-checkout <old> <new> 1`).
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import Database from 'better-sqlite3';
import {
  benchEnv,
  flash,
  flashBin,
  log,
  pgServer,
  repeat,
  sh,
  stats,
  tempDir,
  timed,
  uniqueName,
  withDatabase,
  type Stats,
} from './lib.js';

export interface HookResults {
  node: Stats;
  noop: Stats;
  /** the installed git shim (`.git/hooks/post-checkout`) with nothing to do: its POSIX-sh fast path, no Node */
  shim?: Stats;
  sqliteSwitch?: Stats;
  pgSwitch?: Stats;
  /** `CREATE DATABASE … TEMPLATE` of the same 50-table database, alone, from one open connection: the copy's floor */
  pgTemplateCopy?: Stats;
  notes: string[];
}

const hookArgs = [flashBin, 'hook', 'post-checkout', '0'.repeat(40), '1'.repeat(40), '1'];

function schema(withBio: boolean): string {
  let sql = '';
  for (let i = 0; i < 50; i++) {
    sql += `CREATE TABLE t${i} (\n  id integer PRIMARY KEY,\n  name varchar(100) NOT NULL,\n  value integer NOT NULL,\n  note varchar(200)${withBio && i < 10 ? ',\n  bio varchar(200)' : ''}\n);\nCREATE INDEX t${i}_value_idx ON t${i} (value);\n`;
  }
  return sql;
}

async function project(provider: 'sqlite' | 'postgresql', url?: string): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const dir = tempDir(`hook-${provider}`);
  // The URL lives in .env only: an environment variable would override the per-branch URL Flash
  // writes to .env, so every command would keep using main's database.
  const env = benchEnv;
  sh(dir, 'git', ['init', '-q', '-b', 'main']);
  await flash(dir, ['init', `--${provider}`], env);
  if (url) writeFileSync(path.join(dir, '.env'), `DATABASE_URL=${url}\n`);
  appendFileSync(path.join(dir, '.gitignore'), 'dev.db*\n.env\n');
  writeFileSync(path.join(dir, 'db/schema/tables.sql'), schema(false));
  await flash(dir, ['migrate', 'tables'], env);
  await flash(dir, ['apply'], env);
  return { dir, env };
}

async function seed(provider: 'sqlite' | 'postgresql', dir: string, url?: string): Promise<void> {
  const inserts: string[] = [];
  for (let i = 0; i < 50; i++) {
    const values = Array.from({ length: 200 }, (_, r) => `(${r + 1}, 'row ${r}', ${r}, 'note')`).join(',');
    inserts.push(`INSERT INTO t${i} (id, name, value, note) VALUES ${values}`);
  }
  if (provider === 'sqlite') {
    const db = new Database(path.join(dir, 'dev.db'));
    db.exec(inserts.join(';\n'));
    db.close();
  } else {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(inserts.join(';\n'));
    await c.end();
  }
}

async function switchBench(provider: 'sqlite' | 'postgresql', runs: number, notes: string[], url?: string): Promise<Stats> {
  const { dir, env } = await project(provider, url);
  try {
    await seed(provider, dir, url);
    sh(dir, 'git', ['add', '-A']);
    sh(dir, 'git', ['commit', '-q', '-m', 'tables']);
    await flash(dir, ['branch', 'feature'], env);
    writeFileSync(path.join(dir, 'db/schema/tables.sql'), schema(true));
    await flash(dir, ['migrate', 'bio'], env);
    await flash(dir, ['apply'], env);
    sh(dir, 'git', ['add', '-A']);
    sh(dir, 'git', ['commit', '-q', '-m', 'bio']);
    const st = await repeat(runs, async () => {
      await flash(dir, ['checkout', 'main'], env); // .env follows main, so feature's URL is not taken for a user edit
      await flash(dir, ['branch', 'delete', 'feature', '--yes'], env);
      sh(dir, 'git', ['checkout', '-q', 'feature'], env); // hooks not installed: the timed call below is the hook
      const r = await timed(process.execPath, hookArgs, { cwd: dir, env });
      if (r.code !== 0 || /warning/i.test(r.stderr)) notes.push(`${provider} switch hook said: ${r.stderr.trim().slice(0, 200)}`);
      if (!/applied 1 migration/.test(r.stderr))
        notes.push(`${provider} switch hook did not apply the branch's migration: ${r.stderr.trim().slice(0, 200)}`);
      return r;
    });
    const list = await flash(dir, ['branch', 'list', '--json'], env);
    const feature = (JSON.parse(list.stdout) as { branches: { branch: string; state: string }[] }).branches.find(
      (b) => b.branch === 'feature',
    );
    if (feature?.state !== 'in sync')
      throw new Error(`${provider}: the hook did not bring the feature branch's database to its schema (state: ${feature?.state})`);
    return st;
  } finally {
    if (url) {
      try {
        const mapping = JSON.parse(readFileSync(path.join(dir, '.flash/local/branches.json'), 'utf8')) as {
          branches: Record<string, { url?: string }>;
        };
        for (const b of Object.values(mapping.branches)) if (b.url && b.url !== url) await dropPg(new URL(b.url).pathname.slice(1));
      } catch (e) {
        log(`cleanup of branch databases: ${e}`);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The server's own cost of the copy a PostgreSQL switch makes, measured without any process start. */
async function templateCopyFloor(source: string, runs: number): Promise<Stats> {
  const c = new pg.Client({ connectionString: pgServer });
  await c.connect();
  const copy = uniqueName('flash_bench_tpl');
  try {
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await c.query(`CREATE DATABASE ${copy} TEMPLATE ${source}`);
      ms.push(performance.now() - t);
      await c.query(`DROP DATABASE ${copy}`);
    }
    return stats(ms);
  } finally {
    await c.query(`DROP DATABASE IF EXISTS ${copy}`).catch(() => {});
    await c.end();
  }
}

async function dropPg(name: string): Promise<void> {
  const c = new pg.Client({ connectionString: pgServer });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.end();
}

export async function hookBench(runs: number): Promise<HookResults> {
  const notes: string[] = [];
  log('hooks: no-op post-checkout vs node -e 0');
  const { dir, env } = await project('sqlite');
  let node: Stats;
  let noop: Stats;
  let shim: Stats;
  try {
    sh(dir, 'git', ['add', '-A']);
    sh(dir, 'git', ['commit', '-q', '-m', 'tables']);
    await flash(dir, ['checkout', 'main'], env); // records main's database
    await flash(dir, ['hooks', 'install'], env);
    const shimFile = path.join(dir, '.git', 'hooks', 'post-checkout');
    // git runs hooks at the work tree root with these arguments; the first (Node) run writes the stamp
    const shimArgs = [shimFile, '0'.repeat(40), '1'.repeat(40), '1'];
    await timed('sh', shimArgs, { cwd: dir, env });
    const n: number[] = [];
    const h: number[] = [];
    const g: number[] = [];
    const nc: number[] = [];
    const hc: number[] = [];
    const gc: number[] = [];
    // interleaved so all three see the same machine load
    for (let i = 0; i < runs * 3; i++) {
      const a = await timed(process.execPath, ['-e', '0'], { env });
      const b = await timed(process.execPath, hookArgs, { cwd: dir, env });
      const c = await timed('sh', shimArgs, { cwd: dir, env });
      if (b.code !== 0 || b.stderr.trim()) notes.push(`no-op hook printed: ${b.stderr.trim().slice(0, 200)}`);
      if (c.code !== 0 || c.stderr.trim()) notes.push(`no-op shim printed: ${c.stderr.trim().slice(0, 200)}`);
      n.push(a.ms);
      h.push(b.ms);
      g.push(c.ms);
      if (a.cpuMs !== undefined) nc.push(a.cpuMs);
      if (b.cpuMs !== undefined) hc.push(b.cpuMs);
      if (c.cpuMs !== undefined) gc.push(c.cpuMs);
    }
    if (!readFileSync(path.join(dir, '.flash', 'local', 'hook-stamp', 'key'), 'utf8').includes('refs/heads/main'))
      notes.push('the shim had no stamp for main: its runs started Node');
    node = { ...stats(n), cpu: nc.length ? stats(nc).median : undefined };
    noop = { ...stats(h), cpu: hc.length ? stats(hc).median : undefined };
    shim = { ...stats(g), cpu: gc.length ? stats(gc).median : undefined };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  log('hooks: SQLite switch');
  const sqliteSwitch = await switchBench('sqlite', runs, notes);
  log('hooks: PostgreSQL switch');
  const name = uniqueName('flash_bench_hook');
  const url = withDatabase(pgServer, name);
  const c = new pg.Client({ connectionString: pgServer });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  let pgSwitch: Stats;
  let pgTemplateCopy: Stats;
  try {
    pgSwitch = await switchBench('postgresql', runs, notes, url);
    pgTemplateCopy = await templateCopyFloor(name, runs);
  } finally {
    await dropPg(name).catch(() => {});
  }
  return { node, noop, shim, sqliteSwitch, pgSwitch, pgTemplateCopy, notes: [...new Set(notes)] };
}
