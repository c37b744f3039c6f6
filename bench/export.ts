// Export memory (issue 17): peak RSS of `flash export` (json, csv, sqlite) and `flash backup` over a
// 1,000,000-row PostgreSQL table. The goal is constant memory: under 150 MB whatever the table size.
// Run alone with `npx tsx bench/export.ts` (prints the section) or as the `export` section of run.ts.
import { spawn } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { benchEnv, flashBin, fmtMs, log, pgServer, sh, tempDir, uniqueName, withDatabase } from './lib.js';

export interface ExportRun {
  what: string;
  ms: number;
  cpuMs: number;
  maxRssMb: number;
  bytes: number;
}

export interface ExportResults {
  rows: number;
  loadMs: number;
  runs: ExportRun[];
}

const GOAL_MB = 150;

/** GNU time's %M is the peak resident set size of the process, in KiB. */
function measured(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; cpuMs: number; maxRssMb: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', 'FLASHBENCH %U %S %M', process.execPath, flashBin, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const m = /FLASHBENCH ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      if (code !== 0 || !m) {
        reject(new Error(`flash ${args.join(' ')} exited ${code}:\n${stderr}`));
        return;
      }
      resolve({ ms, cpuMs: (Number(m[1]) + Number(m[2])) * 1000, maxRssMb: Number(m[3]) / 1024 });
    });
  });
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((a, f) => a + statSync(path.join(dir, f)).size, 0);
}

export async function exportBench(rows = 1_000_000): Promise<ExportResults> {
  const name = uniqueName('flash_bench_export');
  const url = withDatabase(pgServer, name);
  const admin = new pg.Client({ connectionString: pgServer });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const dir = tempDir('export');
  try {
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const t0 = Date.now();
    await db.query(`CREATE TABLE events (
      id bigint PRIMARY KEY, email text NOT NULL, amount numeric(12,2), created timestamptz NOT NULL,
      payload jsonb, active boolean NOT NULL, blob bytea)`);
    await db.query(`INSERT INTO events SELECT g, 'user' || g || '@example.com', g * 0.37, timestamptz '2024-01-01' + g * interval '1 second',
      jsonb_build_object('n', g, 'tags', jsonb_build_array('a', 'b')), g % 2 = 0, decode(md5(g::text), 'hex') FROM generate_series(1, ${rows}) g`);
    // The same rows, a tenth of them: peak RSS must not grow with the table.
    await db.query(`CREATE TABLE events_tenth AS SELECT * FROM events WHERE id <= ${Math.floor(rows / 10)}`);
    await db.end();
    const loadMs = Date.now() - t0;
    log(`export: loaded ${rows} rows in ${fmtMs(loadMs)}`);
    sh(dir, 'git', ['init', '-q']);
    const env = { ...benchEnv, DATABASE_URL: url };
    sh(dir, process.execPath, [flashBin, 'init', '--postgresql'], env);
    const runs: ExportRun[] = [];
    const tenth = path.join(dir, 'out-tenth');
    const small = await measured(['export', '--format', 'json', '--tables', 'events_tenth', '--out', tenth], dir, env);
    runs.push({ what: `flash export --format json (${(rows / 10).toLocaleString('en')} rows)`, ...small, bytes: dirBytes(tenth) });
    for (const format of ['json', 'csv', 'sqlite']) {
      const out = path.join(dir, `out-${format}`);
      const r = await measured(['export', '--format', format, '--tables', 'events', '--out', out], dir, env);
      runs.push({ what: `flash export --format ${format}`, ...r, bytes: dirBytes(out) });
      log(`export ${format}: ${fmtMs(r.ms)}, max RSS ${r.maxRssMb.toFixed(0)} MB`);
    }
    const file = path.join(dir, 'events.flash-backup.gz');
    const r = await measured(['backup', '--out', file], dir, env);
    runs.push({ what: 'flash backup', ...r, bytes: statSync(file).size });
    log(`backup: ${fmtMs(r.ms)}, max RSS ${r.maxRssMb.toFixed(0)} MB`);
    return { rows, loadMs, runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

export function renderExport(r: ExportResults, at: string, load: string): string[] {
  const out = [`## Export memory (issue 17) — measured ${at}, load ${load}`, ''];
  out.push(
    `One PostgreSQL table of ${r.rows.toLocaleString('en')} rows (bigint key, text, numeric, timestamptz, jsonb, boolean, bytea), loaded in ${fmtMs(r.loadMs)}, and a copy of its first tenth (the first row, to show that memory does not grow with the table; flash backup includes both). Peak RSS is GNU time's maximum resident set size of the CLI process; one run each.`,
    '',
    '| command | wall | cpu | rows/s | output | peak RSS | goal | |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const run of r.runs) {
    const n = run.what.includes('rows)') ? r.rows / 10 : r.rows;
    const rate = Math.round(n / (run.ms / 1000)).toLocaleString('en');
    out.push(
      `| \`${run.what}\` | ${fmtMs(run.ms)} | ${fmtMs(run.cpuMs)} | ${rate} | ${(run.bytes / 1024 / 1024).toFixed(0)} MB | ${run.maxRssMb.toFixed(0)} MB | < ${GOAL_MB} MB | ${run.maxRssMb < GOAL_MB ? 'met' : '**missed**'} |`,
    );
  }
  out.push(
    '',
    'Rows are fetched 1,000 at a time (a PostgreSQL cursor) and written through a stream that waits for the disk, so memory does not grow with the table.',
    '',
  );
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await exportBench(Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000));
  const os = await import('node:os');
  process.stdout.write(renderExport(r, new Date().toISOString(), os.loadavg()[0].toFixed(1)).join('\n') + '\n');
}
