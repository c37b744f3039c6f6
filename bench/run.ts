// `npm run bench`: runs the benchmark sections, prints a markdown report and writes bench/RESULTS.md.
// Never fails on slowness — only on errors. Selection by environment:
//   BENCH_SECTIONS=hooks,shadow,merge,check,introspection   (default: all)
//   BENCH_CHECK_SIZES=500x1000,5000x5000 (flash check: migrations x tables)
//   BENCH_SECTIONS=incremental   incremental shadow at 1,000 tables (bench/incremental-shadow.ts; not in the default list)
//   BENCH_SIZES=100,1000,5000   BENCH_ENGINES=postgresql,mysql   BENCH_RUNS=5
//   BENCH_DRIZZLE_TIMEOUT_S=300  BENCH_SKIP_DRIZZLE=1  BENCH_PGLITE_MAX=100
//   BENCH_INTRO_PARTS=raw,drizzle,pull,migrate,status,pglite (a subset re-measures only those parts)
//   BENCH_RENDER_ONLY=1 re-renders RESULTS.md from the saved results
// Each finished measurement is saved under bench/.work/results/ and RESULTS.md is re-rendered from all
// saved results after each one, so a run cut short still leaves a (labelled) partial report, and
// sections can be run separately (BENCH_FRESH=1 discards earlier saved results).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { hookBench, type HookResults } from './hooks.js';
import { introspectionAtSize, type SizeResult } from './introspection.js';
import { checkBench, mergeBench, type CheckResults, type MergeResults } from './merge-check.js';
import { shadowBench, type ShadowResults } from './shadow.js';
import { incrementalShadowBench, writeIncrementalSection } from './incremental-shadow.js';
import { exportBench, renderExport, type ExportResults } from './export.js';
import { fmtMs, fmtStats, log, mysqlServer, pgServer, readIfExists, root, type Stats } from './lib.js';
import { endMark, keepUnmeasuredSections, startMark } from './sections.js';

const workDir = path.join(root, 'bench', '.work', 'results');
const resultsFile = path.join(root, 'bench', 'RESULTS.md');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const sections = (process.env.BENCH_SECTIONS ?? 'hooks,merge,check,shadow,introspection,export').split(',').map((s) => s.trim());
/** `migrations x tables` of the `flash check` histories (issue 19 asks for 5,000 × 5,000). */
const checkSizes = (process.env.BENCH_CHECK_SIZES ?? '500x1000,5000x5000').split(',').map((s) => s.trim());
const sizes = (process.env.BENCH_SIZES ?? '100,1000,5000').split(',').map(Number);
const engines = (process.env.BENCH_ENGINES ?? 'postgresql,mysql').split(',') as ('postgresql' | 'mysql')[];

interface Saved<T> {
  kind: string;
  key: string;
  at: string;
  load: number[];
  data: T;
}

async function machine(): Promise<Record<string, string>> {
  const pgc = new pg.Client({ connectionString: pgServer });
  await pgc.connect();
  const pgVersion = (await pgc.query('SHOW server_version')).rows[0].server_version as string;
  await pgc.end();
  const my = await mysql.createConnection({ uri: mysqlServer });
  const [rows] = await my.query('SELECT VERSION() AS v');
  await my.end();
  const drizzle = spawnSync(process.execPath, [path.join(root, 'node_modules/drizzle-kit/bin.cjs'), '--version'], { encoding: 'utf8' })
    .stdout.replace(/\s+/g, ' ')
    .trim();
  const head = spawnSync('git', ['log', '-1', '--format=%h %ci'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src', 'bin'], { cwd: root, encoding: 'utf8' }).stdout.trim()
    ? ' + uncommitted changes in src/'
    : '';
  return {
    'flash code (git HEAD of the tree whose dist/ was run)': `${head}${dirty}`,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    postgresql: pgVersion,
    mariadb: (rows as { v: string }[])[0].v,
    'drizzle-kit': drizzle,
    'load average at start (1/5/15 min)': os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / '),
  };
}

function save<T>(kind: string, key: string, data: T): void {
  mkdirSync(workDir, { recursive: true });
  const saved: Saved<T> = { kind, key, at: new Date().toISOString(), load: os.loadavg(), data };
  writeFileSync(path.join(workDir, `${kind}-${key}.json`), JSON.stringify(saved, null, 1));
  render();
}

function loadAll(): Saved<unknown>[] {
  try {
    return readdirSync(workDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(path.join(workDir, f), 'utf8')) as Saved<unknown>);
  } catch {
    return [];
  }
}

function nodeFloor(all: Saved<unknown>[]): string {
  const h = all.find((s) => s.kind === 'hooks') as Saved<HookResults> | undefined;
  return h
    ? ` (here \`node -e 0\` took ${fmtMs(h.data.node.median)} wall, ${fmtMs(h.data.node.cpu ?? 0)} CPU, against ~70 ms on an idle machine of this kind)`
    : '';
}

/** Results of separate passes over the same engine and size (e.g. a later `BENCH_INTRO_PARTS=status` pass) shown as one row; a later measurement of the same figure replaces the earlier one. */
function mergeSizes(saved: Saved<SizeResult>[]): Saved<SizeResult>[] {
  const byKey = new Map<string, Saved<SizeResult>>();
  for (const s of [...saved].sort((a, b) => a.at.localeCompare(b.at))) {
    const key = `${s.data.engine}-${s.data.tables}`;
    const prev = byKey.get(key);
    if (!prev) byKey.set(key, { ...s, data: { ...s.data, notes: [...s.data.notes] } });
    else {
      const merged = { ...prev.data };
      for (const [k, v] of Object.entries(s.data))
        if (v !== undefined && k !== 'notes' && k !== 'loadMs') (merged as Record<string, unknown>)[k] = v;
      merged.notes = [...prev.data.notes, ...s.data.notes];
      byKey.set(key, { ...prev, data: merged });
    }
  }
  return [...byKey.values()];
}

/** Older saved outcomes kept drizzle-kit's spinner line as the reason; it exits 1 without any message. */
function cleanDrizzle(outcome: string): string {
  const m = /^(fails \(exit \d+\) after [^:]+): (.*)$/.exec(outcome);
  if (!m || /error|cannot|failed|undefined|no error message/i.test(m[2])) return outcome;
  return `${m[1]}: no error message; last progress line: "${m[2]
    .replace(/\[[^\]]*\]\s*/g, '')
    .replace(/\s+/g, ' ')
    .trim()}"`;
}

/** What the load averages recorded with each measurement say about how far wall times can be trusted. */
function loadNote(all: Saved<unknown>[]): string {
  const peak = Math.max(0, ...all.map((s) => s.load[0] ?? 0));
  if (peak <= 2.5)
    return `The sections ran one after another with nothing else running on the machine: the peak 1-minute load average, ${peak.toFixed(1)} on 2 cores, is the benchmark's own processes and database servers${nodeFloor(all)}.`;
  return `**The 1-minute load average reached ${peak.toFixed(1)} on 2 cores during the run: wall times are inflated by waiting for a CPU${nodeFloor(all)}; CPU times, and ratios of figures measured side by side, are the steadier figures.**`;
}

const goal = (ok: boolean) => (ok ? 'met' : '**missed**');
const loadOf = (s: Saved<unknown>) => s.load[0].toFixed(1);
/** Timings taken while the 1-minute load exceeded the core count waited for a CPU: said next to the figure. */
const noisy = (s: Saved<unknown>) =>
  s.load[0] > os.cpus().length ? ' — **noisy (shared machine)**: compare the ratios measured side by side, not the absolute times' : '';

function render(final = false): string {
  const all = loadAll();
  const of = <T>(kind: string) => all.filter((s) => s.kind === kind) as Saved<T>[];
  const out: string[] = ['# Flash benchmarks', ''];
  const m = of<Record<string, string>>('machine').sort((a, b) => a.at.localeCompare(b.at));
  const status = final
    ? 'complete for the sections and sizes listed below'
    : '**PARTIAL — the run was still in progress or was cut short; missing rows were not measured**';
  out.push(`Generated by \`npm run bench\` (bench/run.ts). Status: ${status}.`, '');
  out.push(
    'Each figure: median wall-clock time (min–max, n = runs) of a fresh process, plus the median CPU time (user+sys) of that process.',
    'Runs: 5, or 3 where a run exceeds a minute, or 1 where a run exceeds five minutes or was killed.',
    loadNote(all),
    '',
  );
  const loadKey = 'load average at start (1/5/15 min)';
  if (m[0]) {
    out.push('Machine:', '');
    for (const [k, v] of Object.entries(m[0].data)) if (k !== loadKey && !k.startsWith('flash code')) out.push(`- ${k}: ${v}`);
    const codeKey = 'flash code (git HEAD of the tree whose dist/ was run)';
    out.push(
      `- benchmark passes (started at, load average 1/5/15 min, flash code): ${m.map((s) => `${s.at.slice(0, 16).replace('T', ' ')} (${s.data[loadKey]}; ${s.data[codeKey] ?? 'code version not recorded: the dist/ built at that time'})`).join('; ')}`,
      '',
    );
  }

  const hooks = of<HookResults>('hooks')[0];
  if (hooks) {
    const h = hooks.data;
    const ratio = h.noop.median / h.node.median;
    out.push(startMark('hooks'), `## Hook latency (issues 4 and 19) — measured ${hooks.at}, load ${loadOf(hooks)}${noisy(hooks)}`, '');
    out.push('| measurement | result | goal | |', '|---|---|---|---|');
    out.push(`| \`node -e 0\` | ${fmtStats(h.node)} | | |`);
    if (h.shim) {
      const shimRatio = h.shim.median / h.node.median;
      out.push(
        `| installed git shim (\`.git/hooks/post-checkout\`), nothing to do: POSIX-sh fast path, no Node | ${fmtStats(h.shim)} — **${shimRatio.toFixed(2)}×** \`node -e 0\`${h.shim.cpu !== undefined && h.node.cpu ? ` (cpu ${(h.shim.cpu / h.node.cpu).toFixed(2)}×)` : ''} | ≤ 0.3× | ${goal(shimRatio <= 0.3)} |`,
      );
    }
    out.push(
      `| \`flash hook post-checkout\`, schema unchanged | ${fmtStats(h.noop)} — **${ratio.toFixed(2)}×** \`node -e 0\` | ≤ 1.5× | ${goal(ratio <= 1.5)} |`,
    );
    if (h.sqliteSwitch)
      out.push(
        `| post-checkout switching schema, SQLite, 50 tables / 10k rows (copy + migration) | ${fmtStats(h.sqliteSwitch)} | ≤ 300 ms | ${goal(h.sqliteSwitch.median <= 300)} |`,
      );
    if (h.pgSwitch)
      out.push(
        `| post-checkout switching schema, PostgreSQL, 50 tables / 10k rows (template copy + migration) | ${fmtStats(h.pgSwitch)} | ≤ 300 ms | ${goal(h.pgSwitch.median <= 300)} |`,
      );
    if (h.pgTemplateCopy)
      out.push(
        `| its floor: \`CREATE DATABASE … TEMPLATE\` of that database alone, on an open connection | ${fmtStats(h.pgTemplateCopy)} | | |`,
      );
    out.push(
      '',
      'The no-op runs are interleaved with the `node -e 0` runs (3× the run count) so all see the same load. The shim is timed as git runs it (`sh .git/hooks/post-checkout <old> <new> 1` at the work tree root, through the same GNU time wrapper as `node -e 0`); the `flash hook` row is the Node path it falls back to.',
    );
    for (const n of h.notes) out.push(`- note: ${n}`);
    out.push(endMark('hooks'), '');
  }

  const intro = mergeSizes(of<SizeResult>('introspection')).sort(
    (a, b) => a.data.engine.localeCompare(b.data.engine) || a.data.tables - b.data.tables,
  );
  if (intro.length) {
    out.push(startMark('introspection'), '## Introspection at scale', '');
    out.push(
      'Generated schemas: 8 columns of mixed types per table, 1–2 secondary indexes, an FK on every other table, a CHECK on every 4th table, a view per 20 tables, 5 enums (PostgreSQL; MariaDB uses inline ENUM columns).',
    );
    out.push(
      '`flash pull` = CLI process: connect, introspect, write db/schema, record the snapshot and a baseline migration. `flash pull --verify` = the same, then the written db/schema is applied to a shadow database and compared with the live one (PostgreSQL: `shadow_url` on the same server, unless marked PGlite; MariaDB: a temp database on the server). `flash status` = CLI process after the pull: connect, introspect the live database, compare with the expected snapshot (no shadow). `flash migrate` (no change) = after an edit of db/schema that changes no object (an appended comment), so the desired-schema cache misses and the files go through the shadow; "cached" = db/schema untouched since the last run. `raw catalog` = one Node process running the columns, indexes and FK catalog queries (bench/raw-catalog.mjs). drizzle-kit runs with a timeout of 300 s.',
      '',
    );
    out.push(
      '| engine | tables | `flash pull` | `flash pull --verify` | `flash status` (live introspection) | `flash migrate` (no change): after an edit · cached | `drizzle-kit pull` | raw catalog queries | pull ÷ raw · status ÷ raw | drizzle ÷ pull · drizzle ÷ status | ms/table: pull · status · drizzle · raw | measured (load) |',
    );
    out.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const s of intro) {
      const r = s.data;
      const eng = r.engine === 'postgresql' ? 'PostgreSQL' : 'MariaDB (with CHECKs)';
      const per = (st?: Stats) => (st ? (st.median / r.tables).toFixed(1) : '–');
      const drizzle = cleanDrizzle(r.drizzle?.outcome ?? 'not run');
      const vs = (flash?: Stats) =>
        !flash
          ? '–'
          : r.drizzle?.stats && !/killed|fails/.test(drizzle)
            ? `${(r.drizzle.stats.median / flash.median).toFixed(1)}×`
            : /killed/.test(drizzle)
              ? `> ${(300_000 / flash.median).toFixed(0)}×`
              : '–';
      const dr = `${vs(r.pull)} · ${vs(r.status)}`;
      const ratio = (a?: Stats, b?: Stats) => (a && b ? `${(a.median / b.median).toFixed(1)}×` : '–');
      const pr = `${ratio(r.pull, r.raw)} · ${r.statusRaw ? `${ratio(r.status, r.statusRaw)} (raw ${fmtMs(r.statusRaw.median)} alongside)` : '–'}`;
      out.push(
        `| ${eng} | ${r.tables.toLocaleString('en')} | ${r.pull ? fmtStats(r.pull) : '–'} | ${r.pullVerify ? fmtStats(r.pullVerify) : '–'} | ${r.status ? fmtStats(r.status) : '–'} | ${r.migrateShadowUrl ? fmtStats(r.migrateShadowUrl) : '–'} · ${r.migrateCached ? fmtStats(r.migrateCached) : '–'} | ${drizzle} | ${r.raw ? fmtStats(r.raw) : '–'} | ${pr} | ${dr} | ${per(r.pull)} · ${per(r.status)} · ${/killed|fails/.test(drizzle) ? '–' : per(r.drizzle?.stats)} · ${per(r.raw)} | ${s.at.slice(11, 16)} (${loadOf(s)}) |`,
      );
      if (r.pullPglite || r.migratePglite) {
        out.push(
          `| ${eng}, PGlite shadow | ${r.tables.toLocaleString('en')} | | ${r.pullPglite ? fmtStats(r.pullPglite) : '–'} | | ${r.migratePglite ? fmtStats(r.migratePglite) : '–'} · | | | | | | |`,
        );
      }
    }
    const find = (e: string, n: number) => intro.find((s) => s.data.engine === e && s.data.tables === n)?.data;
    const pg1k = find('postgresql', 1000);
    const pg5k = find('postgresql', 5000);
    const goals: string[] = [];
    if (pg1k?.pull) {
      const dz = pg1k.drizzle?.stats && !/killed|fails/.test(pg1k.drizzle.outcome) ? pg1k.drizzle.stats.median : undefined;
      goals.push(
        `- \`flash pull\` at 1,000 PostgreSQL tables ≤ 2 s: ${goal(pg1k.pull.median <= 2000)} — ${fmtMs(pg1k.pull.median)}; with \`--verify\` (the schema applied to a shadow database) ${pg1k.pullVerify ? fmtMs(pg1k.pullVerify.median) : 'not measured'}; the introspection alone (\`flash status\`) ${pg1k.status ? fmtMs(pg1k.status.median) : 'not measured'}.`,
      );
      if (dz)
        goals.push(
          `- ≥ 50× faster than drizzle-kit at 1,000 PostgreSQL tables: \`flash pull\` ${(dz / pg1k.pull.median).toFixed(1)}× (${goal(dz / pg1k.pull.median >= 50)}); \`flash status\` ${pg1k.status ? `${(dz / pg1k.status.median).toFixed(0)}×` : '–'}.`,
        );
    }
    if (pg5k?.pull && pg5k.raw)
      goals.push(
        `- at 5,000 PostgreSQL tables within 3× of the raw catalog queries: \`flash pull\` ${(pg5k.pull.median / pg5k.raw.median).toFixed(1)}× (${goal(pg5k.pull.median <= 3 * pg5k.raw.median)}); \`flash status\` ${pg5k.status && pg5k.statusRaw ? `${(pg5k.status.median / pg5k.statusRaw.median).toFixed(1)}× the raw queries run alongside (${goal(pg5k.status.median <= 3 * pg5k.statusRaw.median)})` : '–'}.`,
      );
    const my = intro.filter((s) => s.data.engine === 'mysql').map((s) => s.data);
    if (my.length)
      goals.push(
        `- MariaDB with CHECK constraints works at every size: ${goal(my.every((r) => r.pull && r.notes.length === 0))} — \`flash pull\` and a no-change \`flash migrate\` succeeded at ${my.map((r) => r.tables.toLocaleString('en')).join(' / ')} tables; drizzle-kit 0.31 exits 1 at every size.`,
      );
    if (intro.every((s) => s.data.notes.length === 0))
      goals.push(
        '- Every `flash pull --verify` above confirmed that the written db/schema reproduces the database, and every `flash migrate` after it reported "No changes".',
      );
    out.push('', 'Goals (issue 7):', '', ...goals);
    out.push(
      '',
      'Ratios marked "alongside" compare runs interleaved in the same pass; `drizzle ÷ status` compares figures from different passes (see the load column and the pass list above), so read it as an order of magnitude.',
    );
    out.push(
      'Loading the generated databases (multi-statement batches): ' +
        intro.map((s) => `${s.data.engine} ${s.data.tables}: ${fmtMs(s.data.loadMs)}`).join('; ') +
        '.',
    );
    for (const s of intro) for (const n of s.data.notes) out.push(`- note (${s.data.engine} ${s.data.tables}): ${n}`);
    out.push(endMark('introspection'), '');
  }

  const shadow = of<ShadowResults>('shadow')[0];
  if (shadow) {
    const r = shadow.data;
    out.push(
      startMark('shadow'),
      `## Shadow database — no-change \`flash migrate\`, ${r.tables}-table PostgreSQL schema — measured ${shadow.at}, load ${loadOf(shadow)}`,
      '',
    );
    out.push('| shadow | result | goal | |', '|---|---|---|---|');
    out.push(
      `| PGlite, cold: no initdb image, no desired-schema cache (first run on a new machine) | ${fmtMs(r.pgliteCold)}${r.pgliteCpuCold !== undefined ? ` (cpu ${fmtMs(r.pgliteCpuCold)})` : ''} | | |`,
    );
    if (r.pgliteEdited)
      out.push(
        `| PGlite booted from the cached initdb image; db/schema edited before each run (cache miss: the schema is applied) | ${fmtStats(r.pgliteEdited)} | | |`,
      );
    out.push(
      `| PGlite, warm: db/schema unchanged since the last run (desired-schema cache hit) | ${fmtStats(r.pgliteWarm)} | ≤ 1 s | ${goal(r.pgliteWarm.median <= 1000)} |`,
    );
    out.push(`| \`shadow_url\` (temp database on the local server); db/schema edited before each run | ${fmtStats(r.shadowUrl)} | | |`);
    out.push(
      '',
      'The desired schema is cached in `.flash/local/desired/`, keyed by the sha256 of the db/schema files, the provider, the shadow engine and the Flash version, so an unchanged db/schema needs no shadow. An edit (here: an appended comment) is a miss, and the files are applied to a shadow again; PGlite then boots from its initdb image in the user cache instead of running initdb.',
    );
    for (const n of r.notes) out.push(`- note: ${n}`);
    out.push(endMark('shadow'), '');
  }

  const merge = of<MergeResults>('merge')[0];
  const checks = of<CheckResults>('check').sort((a, b) => a.data.migrations - b.data.migrations || a.data.tables - b.data.tables);
  const check = checks[0];
  if (merge || check) {
    out.push(startMark('merge-check'), '## Merge and check', '', '| measurement | result | goal | |', '|---|---|---|---|');
    if (merge)
      out.push(
        `| three-way merge (mergeSchemas, in process) of two ${merge.data.tables.toLocaleString('en')}-table snapshots (each side: a column on 100 tables, 20 defaults, 10 new tables) → ${merge.data.mergedTables} tables, ${merge.data.conflicts} conflicts | ${fmtStats(merge.data.merge)} | ≤ 2 s | ${goal(merge.data.merge.median <= 2000)} |`,
      );
    for (const check of checks) {
      out.push(
        `| \`flash check --base main\` (CLI, SQLite), ${check.data.migrations.toLocaleString('en')} migrations, ${check.data.tables.toLocaleString('en')} tables, exit ${check.data.exitCode} | ${fmtStats(check.data.check)} | ≤ 2 s | ${goal(check.data.check.median <= 2000)} |`,
      );
      if (check.data.replayFloor)
        out.push(
          `| floor, same run: the ${check.data.migrations.toLocaleString('en')} Up sections executed on one in-memory SQLite connection in process (no Flash) | ${fmtStats(check.data.replayFloor)} | | ${(check.data.check.median / check.data.replayFloor.median).toFixed(1)}× floor |`,
        );
    }
    out.push('');
    if (merge) out.push(`- merge measured ${merge.at}, load ${loadOf(merge)}`);
    for (const check of checks)
      out.push(
        `- check (${check.data.migrations.toLocaleString('en')} migrations) measured ${check.at}, load ${loadOf(check)}; report: ${check.data.summary}; building the repository took ${fmtMs(check.data.setupMs)}`,
      );
    out.push(endMark('merge-check'), '');
  }
  const exp = of<ExportResults>('export')[0];
  if (exp) out.push(startMark('export'), ...renderExport(exp.data, exp.at, loadOf(exp)), endMark('export'), '');
  const text = keepUnmeasuredSections(out.join('\n'), readIfExists(resultsFile));
  writeFileSync(resultsFile, `${text.trimEnd()}\n\nProfiles of the slow paths and suggested fixes: bench/PROFILE.md.\n`);
  return text;
}

async function main(): Promise<void> {
  if (process.env.BENCH_RENDER_ONLY === '1') {
    process.stdout.write(render(process.env.BENCH_PARTIAL !== '1') + '\n');
    return;
  }
  if (process.env.BENCH_FRESH === '1') rmSync(workDir, { recursive: true, force: true });
  save('machine', new Date().toISOString().replace(/[:.]/g, '-'), await machine());
  log(`sections ${sections.join(',')}; sizes ${sizes.join(',')}; runs ${runs}`);
  if (sections.includes('hooks')) save('hooks', 'all', await hookBench(runs));
  if (sections.includes('merge')) save('merge', '1000', await mergeBench(1000, runs));
  if (sections.includes('check'))
    for (const size of checkSizes) {
      const [m, t] = size.split('x').map(Number);
      save('check', m === 500 ? '500' : `${m}x${t}`, await checkBench(m, t, runs));
    }
  if (sections.includes('shadow')) save('shadow', '200', await shadowBench(200, runs));
  // Writes its own section of RESULTS.md (not in the default list: two 1,000-table projects take minutes).
  if (sections.includes('incremental')) writeIncrementalSection(await incrementalShadowBench(runs, 1000));
  if (sections.includes('introspection')) {
    const tag = process.env.BENCH_INTRO_PARTS ? `-${process.env.BENCH_INTRO_PARTS.replace(/,/g, '+')}` : '';
    for (const n of sizes) for (const e of engines) save('introspection', `${e}-${n}${tag}`, await introspectionAtSize(e, n, runs));
  }
  if (sections.includes('export')) save('export', '1000000', await exportBench(1_000_000));
  process.stdout.write(render(process.env.BENCH_PARTIAL !== '1') + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
