// Shadow database: a no-change `flash migrate` on a 200-table PostgreSQL schema, with the default
// embedded PGlite shadow (first run = cold, the following runs = warm) and with `shadow_url` on the
// real server. Every run is a fresh CLI process, as a user's would be.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { schemaSqlText } from './generate-schema.js';
import { benchEnv, flash, log, pgServer, repeat, stats, tempDir, uniqueName, withDatabase, type Stats } from './lib.js';

export interface ShadowResults {
  tables: number;
  pgliteCold: number;
  pgliteCpuCold?: number;
  pgliteWarm: Stats;
  shadowUrl: Stats;
  notes: string[];
}

function setShadowUrl(dir: string, shadowUrl: string | undefined): void {
  const file = path.join(dir, 'flash.config.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  if (shadowUrl) config.database.shadow_url = shadowUrl;
  else delete config.database.shadow_url;
  writeFileSync(file, JSON.stringify(config, null, 2));
}

export async function shadowBench(tables: number, runs: number): Promise<ShadowResults> {
  const name = uniqueName('flash_bench_shadow');
  const url = withDatabase(pgServer, name);
  const admin = new pg.Client({ connectionString: pgServer });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dir = tempDir('shadow');
  const env = { ...benchEnv, DATABASE_URL: url };
  const notes: string[] = [];
  try {
    await flash(dir, ['init', '--postgresql'], env);
    writeFileSync(path.join(dir, 'db/schema/schema.sql'), schemaSqlText('postgresql', { tables }));
    setShadowUrl(dir, pgServer);
    log(`shadow: writing the ${tables}-table migration (setup)`);
    await flash(dir, ['migrate', 'schema'], env);
    const check = (label: string) => (r: { stdout: string }) => {
      if (!/No changes/i.test(r.stdout)) notes.push(`${label}: migrate was not a no-change: ${r.stdout.trim().slice(0, 200)}`);
    };
    log('shadow: shadow_url');
    const shadowUrl = await repeat(runs, async () => {
      const r = await flash(dir, ['migrate', 'again'], env);
      check('shadow_url')(r);
      return r;
    });
    setShadowUrl(dir, undefined);
    log('shadow: PGlite');
    const first = await flash(dir, ['migrate', 'again'], env);
    check('PGlite')(first);
    const pgliteWarm = await repeat(runs, async () => {
      const r = await flash(dir, ['migrate', 'again'], env);
      check('PGlite')(r);
      return r;
    });
    return { tables, pgliteCold: first.ms, pgliteCpuCold: first.cpuMs, pgliteWarm, shadowUrl, notes: [...new Set(notes)] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: pgServer });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await c.end();
  }
}

export { stats };
