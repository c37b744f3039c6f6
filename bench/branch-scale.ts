// Issue 19, goal 6: branch creation against dev-database size, next to its floor measured in the same
// run. SQLite: `flash branch` (fs.copyFile + COPYFILE_FICLONE) and `flash branch --schema-only` against
// `cp` of the file. PostgreSQL: `flash branch` against `CREATE DATABASE … TEMPLATE` on an open
// connection. Branch switch against size: `flash checkout` to an existing branch (its database already
// there) next to `git checkout` alone. Sizes from BENCH_SCALE_MB (default 10,100; 1000 for the 1 GB row).
// Run: npx tsx bench/branch-scale.ts [runs] — rewrites the "branch-scale" section of bench/RESULTS.md.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import Database from 'better-sqlite3';
import { loadDialect } from '../src/dialects/registry.js';
import { flash, fmtStats, log, pgServer, root, sh, stats, tempDir, timed, uniqueName, withDatabase, type Stats } from './lib.js';

const runs = Number(process.argv[2] ?? 3);
const sizes = (process.env.BENCH_SCALE_MB ?? '10,100').split(',').map(Number);
const engines = (process.env.BENCH_SCALE_ENGINES ?? 'sqlite,postgresql').split(',');
const ROW = 1000; // bytes of padding per row

async function project(provider: 'sqlite' | 'postgresql', url?: string): Promise<string> {
  const dir = tempDir(`scale-${provider}`);
  sh(dir, 'git', ['init', '-q', '-b', 'main']);
  await flash(dir, ['init', `--${provider}`]);
  if (url) writeFileSync(path.join(dir, '.env'), `DATABASE_URL=${url}\n`);
  writeFileSync(path.join(dir, '.gitignore'), 'dev.db*\n.env\n.flash/local/\n');
  writeFileSync(path.join(dir, 'db/schema/t.sql'), 'CREATE TABLE rows (\n  id integer PRIMARY KEY,\n  pad text NOT NULL\n);\n');
  await flash(dir, ['migrate', 'rows']);
  await flash(dir, ['apply']);
  sh(dir, 'git', ['add', '-A']);
  sh(dir, 'git', ['commit', '-q', '-m', 'rows']);
  await flash(dir, ['checkout', 'main']);
  return dir;
}

/** One switch to the existing branch `b` and back, timed: Flash's checkout, then git's alone. */
async function timeSwitch(dir: string, b: string, switchTo: number[], gitSwitch: number[]): Promise<void> {
  switchTo.push((await flash(dir, ['checkout', b])).ms);
  await flash(dir, ['checkout', 'main']);
  const noHooks = ['-c', 'core.hooksPath=/dev/null', 'checkout', '-q'];
  gitSwitch.push((await timed('git', [...noHooks, b], { cwd: dir })).ms);
  sh(dir, 'git', [...noHooks, 'main']);
}

interface Row {
  engine: string;
  mb: number;
  actualMb: number;
  floor: Stats;
  branch: Stats;
  schemaOnly: Stats;
  /** `flash checkout` to an existing branch whose database holds the copied rows */
  switchTo: Stats;
  /** `git checkout` of the same branch with hooks off: what a switch costs without Flash */
  gitSwitch: Stats;
  /** PostgreSQL: Flash's own database copy (the dialect's `databases.copy`, in process), interleaved with the floor */
  api?: Stats;
}

async function sqliteAt(mb: number): Promise<Row> {
  const dir = await project('sqlite');
  const file = path.join(dir, 'dev.db');
  const db = new Database(file);
  db.exec(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${Math.round((mb * 2 ** 20) / ROW)}) INSERT INTO rows SELECT i, hex(randomblob(${ROW / 2})) FROM n`,
  );
  db.close();
  const floor: number[] = [];
  const branch: number[] = [];
  const schemaOnly: number[] = [];
  const switchTo: number[] = [];
  const gitSwitch: number[] = [];
  for (let i = 0; i < runs; i++) {
    const copy = path.join(dir, `copy${i}.db`);
    floor.push((await timed('cp', [file, copy], { cwd: dir })).ms);
    rmSync(copy);
    branch.push((await flash(dir, ['branch', `b${i}`])).ms);
    await flash(dir, ['checkout', 'main']);
    await timeSwitch(dir, `b${i}`, switchTo, gitSwitch);
    schemaOnly.push((await flash(dir, ['branch', `s${i}`, '--schema-only'])).ms);
    await flash(dir, ['checkout', 'main']);
  }
  const actualMb = statSync(file).size / 2 ** 20;
  sh(dir, 'rm', ['-rf', dir]);
  return {
    engine: 'SQLite',
    mb,
    actualMb,
    floor: stats(floor),
    branch: stats(branch),
    schemaOnly: stats(schemaOnly),
    switchTo: stats(switchTo),
    gitSwitch: stats(gitSwitch),
  };
}

async function postgresAt(mb: number): Promise<Row> {
  const name = uniqueName('flash_bench_scale');
  const admin = new pg.Client({ connectionString: pgServer });
  // a session ended by the server (another user's cleanup) must fail this size, not kill the process
  admin.on('error', (err) => log(`admin connection: ${err.message}`));
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDatabase(pgServer, name);
  const dir = await project('postgresql', url);
  const created: string[] = [];
  try {
    const c = new pg.Client({ connectionString: url });
    c.on('error', (err) => log(`loader connection: ${err.message}`));
    await c.connect();
    // random hex does not compress: the rows take their size on disk, not in TOAST's compressed form
    await c.query(
      `INSERT INTO rows SELECT g, (SELECT string_agg(md5(random()::text || g || i), '') FROM generate_series(1, ${ROW / 32}) i) FROM generate_series(1, ${Math.round((mb * 2 ** 20) / ROW)}) g`,
    );
    const size = await c.query<{ s: string }>('SELECT pg_database_size(current_database()) AS s');
    await c.end();
    const floor: number[] = [];
    const branch: number[] = [];
    const schemaOnly: number[] = [];
    const api: number[] = [];
    const switchTo: number[] = [];
    const gitSwitch: number[] = [];
    const dialect = await loadDialect('postgresql');
    for (let i = 0; i < runs; i++) {
      const copy = `${name}_floor${i}`;
      const t = performance.now();
      await admin.query(`CREATE DATABASE ${copy} TEMPLATE ${name}`);
      floor.push(performance.now() - t);
      await admin.query(`DROP DATABASE ${copy}`);
      // goal 2b: what Flash itself adds to the template copy (maintenance connection, retry logic)
      const apiCopy = `${name}_api${i}`;
      const t2 = performance.now();
      await dialect.databases.copy(url, withDatabase(pgServer, apiCopy));
      api.push(performance.now() - t2);
      await admin.query(`DROP DATABASE ${apiCopy}`);
      branch.push((await flash(dir, ['branch', `b${i}`])).ms);
      await flash(dir, ['checkout', 'main']);
      await timeSwitch(dir, `b${i}`, switchTo, gitSwitch);
      schemaOnly.push((await flash(dir, ['branch', `s${i}`, '--schema-only'])).ms);
      await flash(dir, ['checkout', 'main']);
    }
    const mapping = JSON.parse(readFileSync(path.join(dir, '.flash/local/branches.json'), 'utf8')) as {
      branches: Record<string, { url: string }>;
    };
    for (const b of Object.values(mapping.branches)) if (b.url !== url) created.push(new URL(b.url).pathname.slice(1));
    return {
      engine: 'PostgreSQL',
      mb,
      actualMb: Number(size.rows[0].s) / 2 ** 20,
      floor: stats(floor),
      branch: stats(branch),
      schemaOnly: stats(schemaOnly),
      switchTo: stats(switchTo),
      gitSwitch: stats(gitSwitch),
      api: stats(api),
    };
  } finally {
    for (const db of [...created, name]) await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    sh(dir, 'rm', ['-rf', dir]);
  }
}

const load0 = os.loadavg()[0];
const rows: Row[] = [];
for (const mb of sizes) {
  if (engines.includes('sqlite')) {
    log(`branch scale: SQLite ${mb} MB`);
    rows.push(await sqliteAt(mb));
  }
  if (engines.includes('postgresql')) {
    log(`branch scale: PostgreSQL ${mb} MB`);
    rows.push(await postgresAt(mb));
  }
}
const load = Math.max(load0, os.loadavg()[0]);
const section = [
  '<!-- branch-scale:start (written by bench/branch-scale.ts) -->',
  `## Branch creation against dev-database size (issue 19, goal 6) — measured ${new Date().toISOString()}, load ${load.toFixed(1)} on ${os.cpus().length} cores${load > os.cpus().length ? ' — **noisy (shared machine)**: read the ratios, measured side by side' : ''}`,
  '',
  '| engine | size | floor: `cp` of the file (SQLite) · `CREATE DATABASE … TEMPLATE` on an open connection (PostgreSQL) | `flash branch` (CLI process) | ÷ floor | `flash branch --schema-only` | switch: `flash checkout` to the existing branch | `git checkout` alone (hooks off) |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.engine} | ${r.mb} MB (${r.actualMb.toFixed(0)} MB on disk) | ${fmtStats(r.floor)} | ${fmtStats(r.branch)} | ${(r.branch.median / r.floor.median).toFixed(1)}× | ${fmtStats(r.schemaOnly)} | ${fmtStats(r.switchTo)} | ${fmtStats(r.gitSwitch)} |`,
  ),
  ...(rows.some((r) => r.api)
    ? [
        '',
        "Goal 2b — creating a branch database on PostgreSQL within 50 ms of `CREATE DATABASE … TEMPLATE`: Flash's database copy in process (`databases.copy`: its own maintenance connection, the template copy, the retry on 55006), interleaved with the floor above.",
        '',
        '| size | floor | Flash copy (in process) | difference of medians | within 50 ms? |',
        '|---|---|---|---|---|',
        ...rows
          .filter((r) => r.api)
          .map(
            (r) =>
              `| ${r.mb} MB | ${fmtStats(r.floor)} | ${fmtStats(r.api!)} | ${Math.round(r.api!.median - r.floor.median)} ms | ${r.api!.median - r.floor.median <= 50 ? 'met' : '**missed**'} |`,
          ),
      ]
    : []),
  '',
  `Each run of a size alternates the floor, \`flash branch\`, the switch to that branch and back, and \`flash branch --schema-only\`, so they see the same load. \`flash branch\` includes a Node process start, the git branch and the bookkeeping; \`--schema-only\` applies the migrations to an empty database, so it does not grow with the data. A switch to an existing branch copies nothing (the branch's database is already there; Flash checks its recorded state and points the project at it), so it does not grow with the data either.${sizes.some((mb) => mb >= 1000) ? '' : ' 1 GB was not run in this pass (BENCH_SCALE_MB=10,100,1000 runs it).'} This filesystem (overlay/ext4) has no reflinks, so the SQLite copy is a kernel copy, linear in the size; on btrfs/XFS/APFS \`COPYFILE_FICLONE\` makes it constant.`,
  '',
  '<!-- branch-scale:end -->',
].join('\n');
const file = path.join(root, 'bench', 'RESULTS.md');
const text = readFileSync(file, 'utf8');
const re = /<!-- branch-scale:start[\s\S]*?<!-- branch-scale:end -->/;
writeFileSync(file, re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`);
process.stdout.write(section + '\n');
