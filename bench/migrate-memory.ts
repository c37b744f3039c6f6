// Goal 7: peak memory of `flash migrate` on a generated N-table PostgreSQL schema (default 3,000 tables,
// 9,155 statements) with the embedded PGlite shadow, measured by GNU time -v (maximum resident set
// size of the process). Not part of `npm run bench`: one run takes minutes.
//
//   npx tsx bench/migrate-memory.ts [tables] [NAME=value | flash-bin ...]
//
// Each flash-bin (default: this checkout's bin/flash.js) runs `flash migrate init` on its own fresh
// project, one after the other, so two builds can be compared side by side on the same machine state.
// A NAME=value argument sets that environment variable for the runs after it (e.g.
// FLASH_PGLITE_DISK_TABLES=0 to put the shadow on disk whatever the size).
// The PGlite initdb image is warmed first in a private cache dir, as it is on any machine after the
// first shadow. BENCH_DB_PREFIX (e.g. `h_mem`) names the empty database the project points at.
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { schemaSqlText } from './generate-schema.js';
import { benchEnv, flashBin, pgServer, sh, tempDir, uniqueName, withDatabase } from './lib.js';

const tables = Number(process.argv[2] ?? 3000);
const runs: Array<{ bin: string; vars: Record<string, string> }> = [];
let vars: Record<string, string> = {};
for (const arg of process.argv.slice(3)) {
  const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(arg);
  if (m) vars = { ...vars, [m[1]]: m[2] };
  else runs.push({ bin: path.resolve(arg), vars });
}
if (runs.length === 0) runs.push({ bin: flashBin, vars });
const cache = tempDir('mem-cache');
const env: NodeJS.ProcessEnv = { ...benchEnv, FLASH_CACHE_DIR: cache };

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: pgServer });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function project(bin: string, url: string, schema: string): string {
  const dir = tempDir('mem');
  sh(dir, 'git', ['init', '-q', '-b', 'main'], env);
  run(bin, dir, ['init', '--postgresql']);
  writeFileSync(path.join(dir, '.env'), `DATABASE_URL=${url}\n`);
  appendFileSync(path.join(dir, '.gitignore'), '.env\n');
  writeFileSync(path.join(dir, 'db/schema/tables.sql'), schema);
  return dir;
}

function run(bin: string, cwd: string, args: string[], timeFile?: string, vars: Record<string, string> = {}): void {
  const cmd = timeFile ? ['/usr/bin/time', '-v', '-o', timeFile, process.execPath, bin, ...args] : [process.execPath, bin, ...args];
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd, env: { ...env, ...vars }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`flash ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
}

function field(report: string, name: string): string {
  return report.match(new RegExp(`${name}: (.+)`))?.[1]?.trim() ?? '?';
}

const db = uniqueName('flash_bench_mem');
const url = withDatabase(pgServer, db);
await admin(`CREATE DATABASE ${db}`);
try {
  const warm = project(runs[0].bin, url, 'CREATE TABLE warm (id integer PRIMARY KEY);\n');
  run(runs[0].bin, warm, ['migrate', 'warm']);
  rmSync(warm, { recursive: true, force: true });
  const schema = schemaSqlText('postgresql', { tables });
  for (const { bin, vars } of runs) {
    const dir = project(bin, url, schema);
    const timeFile = path.join(dir, 'time.txt');
    const load = os.loadavg();
    const start = Date.now();
    run(bin, dir, ['migrate', 'init'], timeFile, vars);
    const wall = (Date.now() - start) / 1000;
    const t = readFileSync(timeFile, 'utf8');
    const cpu = Number(field(t, 'User time \\(seconds\\)')) + Number(field(t, 'System time \\(seconds\\)'));
    const rss = Number(field(t, 'Maximum resident set size \\(kbytes\\)')) / 1024;
    const fmtLoad = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
    console.log(
      `${Object.entries(vars)
        .map(([k, v]) => `${k}=${v} `)
        .join('')}${bin}: ${tables} tables: peak RSS ${rss.toFixed(0)} MB, wall ${wall.toFixed(1)} s, CPU ${cpu.toFixed(1)} s, ` +
        `load before ${fmtLoad(load)}, after ${fmtLoad(os.loadavg())}`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  rmSync(cache, { recursive: true, force: true });
}
