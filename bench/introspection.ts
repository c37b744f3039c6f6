// Introspection at scale: `flash pull` (with and without --verify), a no-change `flash migrate` (cached
// and after an edit), `drizzle-kit pull` and the raw catalog queries on the same generated databases.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { dropDatabase, loadGenerated } from './generate-schema.js';
import {
  benchEnv,
  flash,
  fmtMs,
  fmtStats,
  log,
  mysqlServer,
  pgServer,
  repeat,
  root,
  stats,
  tempDir,
  timed,
  timeIt,
  uniqueName,
  type RunOutcome,
  type Stats,
} from './lib.js';

export type ServerEngine = 'postgresql' | 'mysql';

export interface SizeResult {
  engine: ServerEngine;
  tables: number;
  loadMs: number;
  raw?: Stats;
  drizzle?: { stats?: Stats; outcome: string };
  /** `flash pull`: introspect, write db/schema, record snapshot and baseline (no shadow) */
  pull?: Stats;
  /** `flash pull --verify`: the same, then the written db/schema applied to a shadow and compared */
  pullVerify?: Stats;
  pullPglite?: Stats;
  /** no-change `flash migrate` after an edit of db/schema that changes no object (desired-schema cache miss: shadow) */
  migrateShadowUrl?: Stats;
  /** no-change `flash migrate` with db/schema untouched since the last run (desired-schema cache hit) */
  migrateCached?: Stats;
  migratePglite?: Stats;
  /** `flash status` after the pull: live introspection + drift check, no shadow database */
  status?: Stats;
  /** raw catalog queries measured interleaved with `status` */
  statusRaw?: Stats;
  notes: string[];
}

const parts = new Set((process.env.BENCH_INTRO_PARTS ?? 'raw,drizzle,pull,verify,migrate,status,pglite').split(','));
const drizzleTimeoutMs = Number(process.env.BENCH_DRIZZLE_TIMEOUT_S ?? 300) * 1000;
const drizzleBin = path.join(root, 'node_modules', 'drizzle-kit', 'bin.cjs');

export async function introspectionAtSize(engine: ServerEngine, tables: number, runs: number): Promise<SizeResult> {
  const server = engine === 'postgresql' ? pgServer : mysqlServer;
  const name = uniqueName(`flash_bench_${engine === 'postgresql' ? 'pg' : 'my'}${tables}`);
  const result: SizeResult = { engine, tables, loadMs: 0, notes: [] };
  log(`${engine} ${tables} tables: loading ${name}`);
  const load = await timeIt(() => loadGenerated(engine, server, name, { tables, checks: true }));
  result.loadMs = load.ms;
  const url = load.value;
  const dirs: string[] = [];
  try {
    if (parts.has('raw')) log(`${engine} ${tables}: raw catalog`);
    if (parts.has('raw'))
      result.raw = await repeat(runs, async () => {
        const r = await timed(process.execPath, [path.join(root, 'bench/raw-catalog.mjs'), engine, url]);
        if (r.code !== 0) throw new Error(`raw catalog queries failed: ${r.stderr}`);
        return r;
      });

    if (parts.has('drizzle') && process.env.BENCH_SKIP_DRIZZLE !== '1') {
      log(`${engine} ${tables}: drizzle-kit pull`);
      result.drizzle = await drizzlePull(engine, url, runs, dirs);
    }

    log(`${engine} ${tables}: flash pull`);
    const shadowUrl = engine === 'postgresql' ? server : undefined;
    let project = '';
    const pullOnce = (verify: boolean) => async () => {
      await dropTracking(engine, url);
      project = await newProject(engine, url, shadowUrl, dirs);
      const r = await flash(project, verify ? ['pull'] : ['pull', '--no-verify'], projectEnv(url));
      if (verify && !/reproduces the database exactly/.test(r.stdout))
        note(
          result,
          `flash pull --verify: the written schema did not reproduce the database on the shadow: ${firstLines(r.stderr || r.stdout)}`,
        );
      return r;
    };
    if (parts.has('pull')) result.pull = await repeat(runs, pullOnce(false));
    if (parts.has('verify')) log(`${engine} ${tables}: flash pull --verify`);
    // the last verified pull leaves the project the later parts use, its desired-schema cache warm
    if (parts.has('verify')) result.pullVerify = await repeat(runs, pullOnce(true));
    else await pullOnce(true)();

    if (parts.has('status')) {
      log(`${engine} ${tables}: flash status (live introspection, no shadow)`);
      // interleaved with raw catalog runs, so the ratio compares like with like under a varying load
      const raws: RunOutcome[] = [];
      result.status = await repeat(runs, async () => {
        const raw = await timed(process.execPath, [path.join(root, 'bench/raw-catalog.mjs'), engine, url]);
        if (raw.code !== 0) throw new Error(`raw catalog queries failed: ${raw.stderr}`);
        raws.push(raw);
        const r = await timed(process.execPath, [path.join(root, 'bin', 'flash.js'), 'status'], { cwd: project, env: projectEnv(url) });
        if (r.code !== 0) note(result, `flash status exited ${r.code}: ${firstLines(r.stderr || r.stdout)}`);
        return r;
      });
      result.statusRaw = { ...stats(raws.map((r) => r.ms)), cpu: stats(raws.map((r) => r.cpuMs ?? 0)).median };
    }

    if (parts.has('migrate')) log(`${engine} ${tables}: flash migrate (no change; cached, then after an edit)`);
    if (parts.has('migrate')) result.migrateCached = await noChangeMigrate(project, url, runs, result, 'cached', false);
    if (parts.has('migrate'))
      result.migrateShadowUrl = await noChangeMigrate(
        project,
        url,
        runs,
        result,
        engine === 'postgresql' ? 'shadow_url' : 'server shadow',
        true,
      );

    if (parts.has('pglite') && engine === 'postgresql' && tables <= Number(process.env.BENCH_PGLITE_MAX ?? 100)) {
      log(`${engine} ${tables}: flash pull + migrate with PGlite shadow`);
      let pgliteProject = '';
      result.pullPglite = await repeat(runs, async () => {
        await dropTracking(engine, url);
        pgliteProject = await newProject(engine, url, undefined, dirs);
        const r = await flash(pgliteProject, ['pull'], projectEnv(url));
        if (!/reproduces the database exactly/.test(r.stdout))
          note(
            result,
            `flash pull --verify (PGlite): the written schema did not reproduce the database: ${firstLines(r.stderr || r.stdout)}`,
          );
        return r;
      });
      result.migratePglite = await noChangeMigrate(pgliteProject, url, runs, result, 'PGlite', true);
    }
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await dropDatabase(engine, server, name).catch((e) => log(`could not drop ${name}: ${e}`));
  }
  return result;
}

function note(result: SizeResult, text: string): void {
  if (!result.notes.includes(text)) result.notes.push(text);
}

function firstLines(s: string, n = 3): string {
  return s.trim().split('\n').slice(0, n).join(' / ').slice(0, 300);
}

function projectEnv(url: string): NodeJS.ProcessEnv {
  return { ...benchEnv, DATABASE_URL: url };
}

async function newProject(engine: ServerEngine, url: string, shadowUrl: string | undefined, dirs: string[]): Promise<string> {
  const dir = tempDir(`${engine}-pull`);
  dirs.push(dir);
  await flash(dir, ['init', engine === 'postgresql' ? '--postgresql' : '--mysql'], projectEnv(url));
  if (shadowUrl) {
    const file = path.join(dir, 'flash.config.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    config.database.shadow_url = shadowUrl;
    writeFileSync(file, JSON.stringify(config, null, 2));
  }
  return dir;
}

/**
 * A no-change `flash migrate`, timed. With `edit`, a comment is appended to the schema file before each
 * run: the schema stays the same but the desired-schema cache misses, so the shadow does the work.
 */
async function noChangeMigrate(
  project: string,
  url: string,
  runs: number,
  result: SizeResult,
  label: string,
  edit: boolean,
): Promise<Stats> {
  const schemaFile = path.join(project, 'db', 'schema', 'schema.sql');
  let run = 0;
  const migrations = path.join(project, 'db', 'migrations');
  const before = new Set(readdirSync(migrations));
  const lockFile = path.join(migrations, 'flash.lock');
  const lock = readFileSync(lockFile, 'utf8');
  return repeat(runs, async () => {
    if (edit)
      writeFileSync(schemaFile, readFileSync(schemaFile, 'utf8').replace(/\n-- bench edit \d+\n$/, '\n') + `\n-- bench edit ${++run}\n`);
    const r = await flash(project, ['migrate', 'bench_no_change'], projectEnv(url));
    const added = readdirSync(migrations).filter((f) => !before.has(f));
    if (added.length || !/No changes/i.test(r.stdout)) {
      note(result, `flash migrate (${label}) after pull was NOT a no-change: ${firstLines(r.stdout, 6)}`);
      for (const f of added) rmSync(path.join(migrations, f));
      writeFileSync(lockFile, lock);
    }
    return r;
  });
}

/** Flash's pull records its baseline in the database; each timed pull starts from the bare database. */
async function dropTracking(engine: ServerEngine, url: string): Promise<void> {
  if (engine === 'postgresql') {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query('DROP TABLE IF EXISTS _flash_migrations');
    await c.end();
  } else {
    const c = await mysql.createConnection({ uri: url });
    await c.query('DROP TABLE IF EXISTS _flash_migrations');
    await c.end();
  }
}

async function drizzlePull(engine: ServerEngine, url: string, runs: number, dirs: string[]): Promise<{ stats?: Stats; outcome: string }> {
  const dir = tempDir(`${engine}-drizzle`);
  dirs.push(dir);
  const config = path.join(dir, 'drizzle.config.mjs');
  writeFileSync(config, `export default ${JSON.stringify({ dialect: engine, out: './drizzle', dbCredentials: { url } }, null, 2)};\n`);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    rmSync(path.join(dir, 'drizzle'), { recursive: true, force: true });
    const r = await timed(process.execPath, [drizzleBin, 'pull', `--config=${config}`], {
      cwd: dir,
      env: { ...benchEnv, NODE_PATH: path.join(root, 'node_modules') },
      timeoutMs: drizzleTimeoutMs,
    });
    if (r.killed)
      return {
        stats: times.length ? stats(times) : undefined,
        outcome: `> ${fmtMs(drizzleTimeoutMs)} (killed)${times.length ? `; finished runs: ${fmtStats(stats(times))}` : ''}`,
      };
    const failed = r.code !== 0 || /error/i.test(lastLines(r.stderr + r.stdout));
    if (failed) {
      const text = stripAnsi(r.stderr + '\n' + r.stdout);
      const lines = text
        .split(/[\r\n]+/)
        .map((l) => l.trim())
        .filter(Boolean);
      const errorLine = lines.find((l) => /error|cannot|failed|undefined/i.test(l));
      const why = (errorLine ?? `no error message; last progress line: "${lines.at(-2) ?? ''} ${lines.at(-1) ?? ''}"`)
        .slice(0, 200)
        .replace(/\|/g, '/');
      return { outcome: `fails (exit ${r.code}) after ${fmtMs(r.ms)}: ${why}` };
    }
    times.push(r.ms);
    if (r.cpuMs !== undefined) cpu.push(r.cpuMs);
    if (r.ms > 300_000 || (r.ms > 60_000 && times.length >= 3)) break;
  }
  const st = stats(times);
  if (cpu.length === times.length) st.cpu = stats(cpu).median;
  return { stats: st, outcome: fmtStats(st) };
}

function stripAnsi(s: string): string {
  return s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}

function lastLines(s: string): string {
  return s
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-2)
    .join(' ');
}
