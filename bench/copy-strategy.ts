// Goal 2 of issue 19: how PostgreSQL 15 copies a small dev database for a new branch. CREATE DATABASE
// … TEMPLATE with STRATEGY WAL_LOG (the default since 15: every block of the source is written to the
// WAL) against STRATEGY FILE_COPY (files copied directly, around two checkpoints of the whole
// cluster), interleaved on one open connection, from the 50-table, 10k-row database of the hook bench.
import pg from 'pg';
import { log, pgServer, stats, uniqueName, withDatabase, type Stats } from './lib.js';

export interface CopyStrategyResults {
  sourceMb: number;
  walLog: Stats;
  fileCopy: Stats;
  notes: string[];
}

/** A PostgreSQL database of `tables` tables with `rowsPerTable` rows each (id, name, value, note + an index). */
export async function createSampleDatabase(name: string, tables = 50, rowsPerTable = 200, padding = 0): Promise<void> {
  const admin = new pg.Client({ connectionString: pgServer });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const c = new pg.Client({ connectionString: withDatabase(pgServer, name) });
  await c.connect();
  try {
    for (let i = 0; i < tables; i++) {
      await c.query(
        `CREATE TABLE t${i} (id integer PRIMARY KEY, name varchar(100) NOT NULL, value integer NOT NULL, note text); CREATE INDEX t${i}_value_idx ON t${i} (value)`,
      );
      await c.query(`INSERT INTO t${i} SELECT g, 'row ' || g, g, repeat('x', ${padding}) FROM generate_series(1, ${rowsPerTable}) g`);
    }
  } finally {
    await c.end();
  }
}

export async function copyStrategyBench(runs: number): Promise<CopyStrategyResults> {
  const source = uniqueName('flash_bench_strategy');
  log('copy strategy: WAL_LOG vs FILE_COPY');
  await createSampleDatabase(source);
  const c = new pg.Client({ connectionString: pgServer });
  await c.connect();
  const copy = uniqueName('flash_bench_strategy_copy');
  const notes: string[] = [];
  try {
    const size = await c.query<{ s: string }>('SELECT pg_database_size($1) AS s', [source]);
    const wal: number[] = [];
    const file: number[] = [];
    for (let i = 0; i < runs * 2; i++) {
      // alternate which goes first, so neither always follows the other's checkpoint
      for (const strategy of i % 2 ? ['FILE_COPY', 'WAL_LOG'] : ['WAL_LOG', 'FILE_COPY']) {
        const t = performance.now();
        await c.query(`CREATE DATABASE ${copy} TEMPLATE ${source} STRATEGY ${strategy}`);
        (strategy === 'WAL_LOG' ? wal : file).push(performance.now() - t);
        await c.query(`DROP DATABASE ${copy}`);
      }
    }
    return { sourceMb: Number(size.rows[0].s) / 2 ** 20, walLog: stats(wal), fileCopy: stats(file), notes };
  } finally {
    await c.query(`DROP DATABASE IF EXISTS ${copy}`).catch(() => undefined);
    await c.query(`DROP DATABASE IF EXISTS ${source} WITH (FORCE)`).catch(() => undefined);
    await c.end();
  }
}

if (process.argv[1]?.endsWith('copy-strategy.ts')) {
  const r = await copyStrategyBench(Number(process.argv[2] ?? 5));
  console.log(JSON.stringify(r, null, 1));
}
