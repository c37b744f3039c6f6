// `flash seed` throughput (issue 17): 10,000 rows across 5 related PostgreSQL tables (2,000 each:
// customers → orders → order_items ← products ← categories, UNIQUE emails and SKUs, CHECK ranges and
// lists, an enum), a fresh database per run, the CLI as a subprocess. Goal: under 5 s.
// Run: npx tsx bench/seed.ts [runs]   — prints the figures and rewrites the "flash seed" section of bench/RESULTS.md.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { benchEnv, flash, fmtStats, log, pgServer, repeat, root, tempDir, uniqueName, withDatabase, type RunOutcome } from './lib.js';

const schema = `
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');
CREATE TABLE categories (id serial PRIMARY KEY, name varchar(60) NOT NULL, slug varchar(80) NOT NULL UNIQUE);
CREATE TABLE products (id serial PRIMARY KEY, category_id integer NOT NULL REFERENCES categories(id), sku varchar(12) NOT NULL UNIQUE,
  name varchar(120) NOT NULL, price numeric(8,2) NOT NULL CHECK (price > 0 AND price < 10000), stock integer NOT NULL CHECK (stock >= 0));
CREATE TABLE customers (id serial PRIMARY KEY, email varchar(120) NOT NULL UNIQUE, first_name varchar(60) NOT NULL, last_name varchar(60) NOT NULL,
  phone varchar(40), created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE orders (id serial PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers(id), status order_status NOT NULL,
  placed_at timestamptz NOT NULL, note text);
CREATE TABLE order_items (id serial PRIMARY KEY, order_id integer NOT NULL REFERENCES orders(id), product_id integer NOT NULL REFERENCES products(id),
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 20), channel text NOT NULL CHECK (channel IN ('web', 'app', 'store')), UNIQUE (order_id, product_id));
`;

async function once(): Promise<RunOutcome> {
  const name = uniqueName('flash_bench_seed');
  const admin = new pg.Client({ connectionString: pgServer });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDatabase(pgServer, name);
  try {
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    await db.query(schema);
    await db.end();
    const dir = tempDir('seed');
    writeFileSync(
      path.join(dir, 'flash.config.json'),
      JSON.stringify({ version: '2', database: { provider: 'postgresql', url_env: 'DATABASE_URL' } }),
    );
    const run = await flash(dir, ['seed', '--count', '2000', '--seed', '1'], { ...benchEnv, DATABASE_URL: url });
    if (run.code !== 0) throw new Error(`flash seed failed: ${run.stderr}`);
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const { rows } = await check.query<{ n: string }>(
      'SELECT (SELECT count(*) FROM categories) + (SELECT count(*) FROM products) + (SELECT count(*) FROM customers) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_items) AS n',
    );
    await check.end();
    if (Number(rows[0].n) !== 10_000) throw new Error(`expected 10,000 rows, found ${rows[0].n}`);
    return run;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const runs = Number(process.argv[2] ?? 5);
const loadBefore = os.loadavg()[0];
const st = await repeat(runs, once);
const load = Math.max(loadBefore, os.loadavg()[0]).toFixed(1);
const verdict = st.median < 5000 ? 'met' : '**missed**';
log(`flash seed, 10,000 rows / 5 tables on PostgreSQL: ${fmtStats(st)} (${verdict})`);
const section = [
  '<!-- seed-bench:start (written by bench/seed.ts) -->',
  `## flash seed (issue 17) — measured ${new Date().toISOString()}, load ${load} on ${os.cpus().length} cores`,
  '',
  '| measurement | result | goal | |',
  '|---|---|---|---|',
  `| \`flash seed --count 2000 --seed 1\`: 10,000 rows across 5 related PostgreSQL tables (FKs, UNIQUE, CHECK, enum), CLI process on a fresh database | ${fmtStats(st)} | < 5 s | ${verdict} |`,
  '',
  "The wall time waits for the CPU when the machine is busy (the load above); the cpu figure is the flash process alone (user+sys). The database server's work is in the wall time only.",
  '',
  '<!-- seed-bench:end -->',
].join('\n');
const file = path.join(root, 'bench', 'RESULTS.md');
const text = readFileSync(file, 'utf8');
const re = /<!-- seed-bench:start[\s\S]*?<!-- seed-bench:end -->/;
writeFileSync(file, re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`);
