// Incremental shadow (issue 19, goal 3): `flash migrate` after a one-file edit of a 1,000-table
// PostgreSQL schema split over 101 files (an enum file, then 10 tables per file with their indexes
// and views; every odd table has an FK to the table before it, so some FKs cross files). Each run
// adds a column to a table in the middle file and runs `flash migrate` (a fresh CLI process that
// writes and applies a real migration): the kept, incremental shadow, then a full rebuild of a fresh
// shadow (FLASH_SHADOW_KEEP=0, the path before the kept shadow) as the yardstick, on the
// server shadow (`shadow_url`) and on PGlite, each in its own project and dev database.
// Run: npx tsx bench/incremental-shadow.ts [runs] [tables]   (also BENCH_SECTIONS=incremental in bench/run.ts)
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { generateSchema } from './generate-schema.js';
import {
  benchEnv,
  flash,
  fmtStats,
  log,
  pgServer,
  readIfExists,
  repeat,
  root,
  tempDir,
  uniqueName,
  withDatabase,
  type RunOutcome,
  type Stats,
} from './lib.js';

const PER_FILE = 10;

/** The generated schema as files: `000_types.sql`, then `NNN_tables.sql` with tables 10k+1 … 10k+10 (t00000 in the first). */
export function schemaFilesOf(tables: number): Map<string, string> {
  const files = new Map<string, string[]>();
  const add = (name: string, sql: string) => files.set(name, [...(files.get(name) ?? []), sql]);
  for (const st of generateSchema('postgresql', { tables })) {
    const m = /\b[tv](\d{5})\b/.exec(st);
    if (!m) add('000_types.sql', st);
    else {
      const i = Number(m[1]);
      add(`${String(Math.max(1, Math.ceil(i / PER_FILE))).padStart(3, '0')}_tables.sql`, st);
    }
  }
  return new Map([...files].map(([k, v]) => [k, v.map((s) => s + ';\n').join('\n')]));
}

export interface IncrementalResults {
  tables: number;
  files: number;
  load: number[];
  at: string;
  serverFull: Stats;
  serverIncremental: Stats;
  pgliteFull: Stats;
  pgliteIncremental: Stats;
  outcomes: Record<string, Record<string, number>>;
  /** the kept-shadow steps of the last incremental run (ms since the kept path started), from FLASH_SHADOW_REPORT */
  steps: Record<string, string>;
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: pgServer });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

interface Project {
  dir: string;
  db: string;
  env: NodeJS.ProcessEnv;
  report: string;
  edits: number;
  editFile: string;
  steps?: string;
}

async function project(label: string, tables: number, shadowUrl: string | undefined): Promise<Project> {
  const db = uniqueName(`flash_bench_inc_${label}`);
  await admin(`CREATE DATABASE ${db}`);
  const dir = tempDir(`incremental-${label}`);
  for (const d of [path.resolve(dir), realpathSync(dir)])
    keptOf.add(`flash_shadow_keep_${createHash('sha256').update(`${os.hostname()}\0${d}\0`).digest('hex').slice(0, 16)}`);
  const report = path.join(dir, 'shadow-report.txt');
  const env = { ...benchEnv, DATABASE_URL: withDatabase(pgServer, db), FLASH_SHADOW_REPORT: report };
  await flash(dir, ['init', '--postgresql'], env);
  const files = schemaFilesOf(tables);
  for (const [name, text] of files) writeFileSync(path.join(dir, 'db/schema', name), text);
  if (shadowUrl) {
    const file = path.join(dir, 'flash.config.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    config.database.shadow_url = shadowUrl;
    writeFileSync(file, JSON.stringify(config, null, 2));
  }
  log(`incremental: ${label}: first migrate (${tables} tables, ${files.size} files; builds the kept shadow)`);
  await flash(dir, ['migrate', 'init'], env);
  const middle = [...files.keys()].sort()[Math.floor(files.size / 2)];
  return { dir, db, env, report, edits: 0, editFile: path.join(dir, 'db/schema', middle) };
}

/** Add a column to the first table of the middle file: a real change, so migrate writes and applies a migration. */
function edit(p: Project): void {
  p.edits++;
  const text = readFileSync(p.editFile, 'utf8');
  writeFileSync(p.editFile, text.replace(/(CREATE TABLE \w+ \(\n)/, `$1  bench_${p.edits} integer,\n`));
}

async function migrate(p: Project, keep: boolean, outcomes: Record<string, number>): Promise<RunOutcome> {
  edit(p);
  const before = readIfExists(p.report) ?? '';
  const r = await flash(p.dir, ['migrate', `edit ${p.edits}`], { ...p.env, FLASH_SHADOW_KEEP: keep ? '1' : '0' });
  if (!/bench_\d+/.test(r.stdout + r.stderr) && !/migration/i.test(r.stdout))
    log(`incremental: unexpected output: ${r.stdout.slice(0, 200)}`);
  const all = (readIfExists(p.report) ?? '').slice(before.length).trim().split('\n');
  const lines = all.filter((l) => l && !l.startsWith('#'));
  const steps = all.filter((l) => l.startsWith('# ms since start: ')).pop();
  if (keep && steps) p.steps = steps.slice('# ms since start: '.length);
  const outcome = keep ? (lines.at(-1) ?? 'none') : 'fresh shadow';
  outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  return r;
}

export async function incrementalShadowBench(runs: number, tables = 1000): Promise<IncrementalResults> {
  const load: number[] = [os.loadavg()[0]];
  const at = new Date().toISOString();
  const server = await project('server', tables, pgServer);
  const lite = await project('pglite', tables, undefined);
  const outcomes: Record<string, Record<string, number>> = { server: {}, pglite: {} };
  try {
    // One warm-up each (the kept shadow after `migrate init` is already current; this also warms the OS cache).
    await migrate(server, true, {});
    await migrate(lite, true, {});
    const sFull: RunOutcome[] = [];
    const pFull: RunOutcome[] = [];
    // The incremental runs go first, in a block: right after a full rebuild the server is still busy
    // with the dropped 1,000-table database (a first version alternated them, and the incremental
    // runs waited seconds for that).
    log('incremental: timed runs (incremental, then full rebuild; server, then PGlite)');
    const serverIncremental = await repeat(runs, async () => {
      const r = await migrate(server, true, outcomes.server);
      load.push(os.loadavg()[0]);
      return r;
    });
    for (let i = 0; i < runs; i++) sFull.push(await migrate(server, false, outcomes.server));
    const pgliteIncremental = await repeat(runs, async () => {
      const r = await migrate(lite, true, outcomes.pglite);
      load.push(os.loadavg()[0]);
      return r;
    });
    for (let i = 0; i < runs; i++) pFull.push(await migrate(lite, false, outcomes.pglite));
    load.push(os.loadavg()[0]);
    const statsOf = repeatStats;
    return {
      tables,
      files: schemaFilesOf(tables).size,
      load,
      at,
      serverFull: statsOf(sFull),
      serverIncremental,
      pgliteFull: statsOf(pFull),
      pgliteIncremental,
      outcomes,
      steps: { server: server.steps ?? '–', pglite: lite.steps ?? '–' },
    };
  } finally {
    for (const p of [server, lite]) {
      rmSync(p.dir, { recursive: true, force: true });
      await admin(`DROP DATABASE IF EXISTS ${p.db} WITH (FORCE)`).catch(() => {});
    }
    // The server project's kept shadow database (named from its directory, now removed).
    const c = new pg.Client({ connectionString: pgServer });
    await c.connect();
    const rows = await c.query<{ datname: string }>(`select datname from pg_database where datname like 'flash\\_shadow\\_keep\\_%'`);
    await c.end();
    for (const { datname } of rows.rows)
      if (keptOf.has(datname)) await admin(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => {});
  }
}

/** Kept databases this process made (the server project's), found by its id before the project goes. */
const keptOf = new Set<string>();

function repeatStats(xs: RunOutcome[]): Stats {
  const s = [...xs.map((x) => x.ms)].sort((a, b) => a - b);
  const cpu = xs.map((x) => x.cpuMs ?? 0).sort((a, b) => a - b);
  const mid = (v: number[]) => (v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2);
  return { median: mid(s), min: s[0], max: s.at(-1)!, runs: s.length, cpu: mid(cpu) };
}

export function renderIncremental(r: IncrementalResults): string[] {
  const goal = (ms: number) => (ms <= 1000 ? 'met' : '**missed**');
  const o = (k: string) =>
    Object.entries(r.outcomes[k])
      .map(([name, n]) => `${name} ×${n}`)
      .join(', ');
  return [
    '<!-- incremental-shadow:start (written by bench/incremental-shadow.ts) -->',
    `## Incremental shadow (issue 19, goal 3) — \`flash migrate\` after a one-file edit, ${r.tables.toLocaleString('en')} PostgreSQL tables in ${r.files} files — measured ${r.at}, load ${Math.min(...r.load).toFixed(1)}–${Math.max(...r.load).toFixed(1)} on 2 cores`,
    '',
    '| shadow | full rebuild of a fresh shadow (`FLASH_SHADOW_KEEP=0`, as before) | kept shadow, incremental | goal ≤ 1 s | |',
    '|---|---|---|---|---|',
    `| \`shadow_url\` (server) | ${fmtStats(r.serverFull)} | ${fmtStats(r.serverIncremental)} | ${goal(r.serverIncremental.median)} | ${(r.serverFull.median / r.serverIncremental.median).toFixed(1)}× faster |`,
    `| PGlite (on disk) | ${fmtStats(r.pgliteFull)} | ${fmtStats(r.pgliteIncremental)} | ${goal(r.pgliteIncremental.median)} | ${(r.pgliteFull.median / r.pgliteIncremental.median).toFixed(1)}× faster |`,
    '',
    `Each run adds a column to a table of the middle file (\`flash migrate\` writes and applies a real migration to the dev database, a fresh CLI process each time). Per shadow, the incremental runs come first, then the full rebuilds, on the same project. How the runs went (FLASH_SHADOW_REPORT): server ${o('server')}; PGlite ${o('pglite')}.`,
    `Steps of the last incremental run, ms since the kept-shadow path started: server: ${r.steps.server}; PGlite: ${r.steps.pglite}.`,
    '<!-- incremental-shadow:end -->',
  ];
}

export function writeIncrementalSection(r: IncrementalResults): void {
  const file = path.join(root, 'bench', 'RESULTS.md');
  const text = readFileSync(file, 'utf8');
  const section = renderIncremental(r).join('\n');
  const re = /<!-- incremental-shadow:start[\s\S]*?<!-- incremental-shadow:end -->/;
  writeFileSync(file, re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = Number(process.argv[2] ?? 5);
  const tables = Number(process.argv[3] ?? 1000);
  incrementalShadowBench(runs, tables)
    .then((r) => {
      writeIncrementalSection(r);
      process.stdout.write(renderIncremental(r).join('\n') + '\n');
    })
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
