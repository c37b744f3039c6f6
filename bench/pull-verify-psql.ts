// Issue 19, goal 4b: `flash pull` (which verifies by default: the written db/schema is applied to a
// shadow and compared with the live database) next to its yardstick, `psql -1 -f` of the same
// db/schema files into an empty database on the same server, interleaved per repetition.
// Run: npx tsx bench/pull-verify-psql.ts [tables=1000] [runs=3] — prints a table row; RESULTS.md's
// issue-19 table is hand-written from it.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { dropDatabase, loadGenerated } from './generate-schema.js';
import { benchEnv, flash, fmtStats, log, pgServer, stats, tempDir, timed, uniqueName, withDatabase } from './lib.js';

const tables = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 3);
const name = uniqueName('flash_bench_pv');
const load0 = os.loadavg()[0];

log(`loading ${tables} tables into ${name}`);
const url = await loadGenerated('postgresql', pgServer, name, { tables, checks: true });
const env = { ...benchEnv, DATABASE_URL: url };
const pulls: number[] = [];
const psqls: number[] = [];
const dirs: string[] = [];
const admin = new pg.Client({ connectionString: pgServer });
admin.on('error', (err) => log(`admin connection: ${err.message}`));
await admin.connect();
try {
  for (let i = 0; i < runs; i++) {
    const dir = tempDir('pull-verify');
    dirs.push(dir);
    await flash(dir, ['init', '--postgresql'], env);
    // the shadow is a temp database on the same server (shadow_url), where the psql yardstick runs too
    const configFile = path.join(dir, 'flash.config.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { database: { shadow_url?: string } };
    config.database.shadow_url = pgServer;
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query('DROP TABLE IF EXISTS _flash_migrations');
    await c.end();
    const pull = await flash(dir, ['pull'], env);
    if (pull.code !== 0 || !/reproduces the database exactly/.test(pull.stdout))
      throw new Error(`flash pull did not verify: ${pull.stdout.slice(0, 300)} ${pull.stderr.slice(0, 300)}`);
    pulls.push(pull.ms);
    const target = `${name}_psql${i}`;
    await admin.query(`CREATE DATABASE ${target}`);
    const files = readdirSync(path.join(dir, 'db/schema'))
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .flatMap((f) => ['-f', path.join(dir, 'db/schema', f)]);
    const r = await timed('psql', ['-X', '-q', '-1', '-v', 'ON_ERROR_STOP=1', '-d', withDatabase(pgServer, target), ...files], {
      cwd: dir,
    });
    if (r.code !== 0) throw new Error(`psql failed: ${r.stderr.slice(0, 300)}`);
    psqls.push(r.ms);
    await admin.query(`DROP DATABASE ${target}`);
  }
} finally {
  await admin.end();
  await dropDatabase('postgresql', pgServer, name);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
const p = stats(pulls);
const q = stats(psqls);
const load = Math.max(load0, os.loadavg()[0]);
process.stdout.write(
  `| ${tables.toLocaleString('en')} tables, load ${load.toFixed(1)} | \`flash pull\` (verifying): ${fmtStats(p)} | \`psql -1 -f\` of the written files into an empty database: ${fmtStats(q)} | ${(p.median / q.median).toFixed(2)}× |\n`,
);
