// Shadow database: `flash migrate` with no schema change on a 200-table PostgreSQL schema, with the
// default embedded PGlite shadow — cold (no initdb image, no desired-schema cache), after an edit
// that changes the files but not the schema (image warm, cache miss), and unchanged (cache hit) —
// and with `shadow_url` on the real server. Every run is a fresh CLI process, as a user's would be.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { schemaSqlText } from './generate-schema.js';
import { benchEnv, flash, log, pgServer, repeat, stats, tempDir, uniqueName, withDatabase, type Stats } from './lib.js';

export interface ShadowResults {
  tables: number;
  /** no PGlite image, no desired-schema cache: a first run on a new machine */
  pgliteCold: number;
  pgliteCpuCold?: number;
  /** PGlite booted from the cached initdb image, db/schema edited before each run (cache miss) */
  pgliteEdited?: Stats;
  /** db/schema unchanged since the last run: answered from the desired-schema cache */
  pgliteWarm: Stats;
  /** shadow_url on the real server, db/schema edited before each run (cache miss) */
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

/** Append a comment: the schema is the same, but the files' hash (the desired-schema cache key) is not. */
function touchSchema(file: string, run: number): void {
  writeFileSync(file, readFileSync(file, 'utf8').replace(/\n-- bench run \d+\n$/, '\n') + `\n-- bench run ${run}\n`);
}

export async function shadowBench(tables: number, runs: number): Promise<ShadowResults> {
  const name = uniqueName('flash_bench_shadow');
  const url = withDatabase(pgServer, name);
  const admin = new pg.Client({ connectionString: pgServer });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dir = tempDir('shadow');
  // A private user cache: the cold run must not find a PGlite image from an earlier run.
  const env = { ...benchEnv, DATABASE_URL: url, FLASH_CACHE_DIR: path.join(dir, '.user-cache') };
  const schemaFile = path.join(dir, 'db/schema/schema.sql');
  const notes: string[] = [];
  let run = 0;
  try {
    await flash(dir, ['init', '--postgresql'], env);
    writeFileSync(schemaFile, schemaSqlText('postgresql', { tables }));
    setShadowUrl(dir, pgServer);
    log(`shadow: writing the ${tables}-table migration (setup)`);
    await flash(dir, ['migrate', 'schema'], env);
    const check = (label: string) => (r: { stdout: string }) => {
      if (!/No changes/i.test(r.stdout)) notes.push(`${label}: migrate was not a no-change: ${r.stdout.trim().slice(0, 200)}`);
    };
    const migrate = async (label: string, edit: boolean) => {
      if (edit) touchSchema(schemaFile, ++run);
      const r = await flash(dir, ['migrate', 'again'], env);
      check(label)(r);
      return r;
    };
    log('shadow: shadow_url (db/schema edited before each run)');
    const shadowUrl = await repeat(runs, () => migrate('shadow_url', true));
    setShadowUrl(dir, undefined);
    log('shadow: PGlite cold');
    const first = await migrate('PGlite cold', true);
    log('shadow: PGlite from the cached image, db/schema edited before each run');
    const pgliteEdited = await repeat(runs, () => migrate('PGlite edited', true));
    log('shadow: PGlite, db/schema unchanged');
    const pgliteWarm = await repeat(runs, () => migrate('PGlite unchanged', false));
    return { tables, pgliteCold: first.ms, pgliteCpuCold: first.cpuMs, pgliteEdited, pgliteWarm, shadowUrl, notes: [...new Set(notes)] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: pgServer });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await c.end();
  }
}

export { stats };
