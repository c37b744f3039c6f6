// `npx tsx bench/gen-client-mysql.ts`: bench/gen-client.ts on MariaDB/MySQL — the TypeScript client
// `flash gen` writes for test/fixtures/gen/mysql, against raw mysql2 `execute()` (server-side prepared
// statements, the yardstick) and `query()` (client-side escaping, text protocol). Same SQL and options
// (supportBigNumbers, bigNumberStrings) everywhere, one pooled connection (connectionLimit: 1), the
// variants interleaved within each repetition (order rotated per repetition), each repetition in its
// own Node process after an untimed warm-up at a tenth of the size; median per workload and variant,
// ratios to mysql2 execute(). Every child checks that each variant's results equal execute()'s: the raw
// rows are given the generated client's conversions (JSON column parsed, TINYINT(1) → boolean) after
// the clock stops, ids and created_at masked, the per-variant email tag masked.
//   Workloads:
//     insert — 1,000 users inserted one by one (CreateUser :execlastid, JSON param);
//     batch  — the same 1,000 CreateUser rows in ONE transaction (BEGIN, 1,000 single-row INSERTs,
//              COMMIT) on one connection: `flash gen` has no multi-row/batch query form;
//     join   — PostCounts (users LEFT JOIN posts, GROUP BY, COUNT, SUM) ×500 over 50 users / 200 posts (the
//              users the inserts added are deleted, untimed, before it);
//     mix    — 1,000 operations, by i % 10: 0–5 GetUser by id, 6–7 CreateUser, 8–9 SetActive (:execrows);
//              the seed users' `active` is reset (untimed) before each variant.
//   Not covered: drizzle-orm / kysely on MySQL.
//   BENCH_RUNS=5  FLASH_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import mysql from 'mysql2/promise';
import { maskedDigest } from './gen-client-check.js';

type Variant = 'generated' | 'mysql2 execute' | 'mysql2 query';
type Workload = 'insert' | 'batch' | 'join' | 'mix';
const VARIANTS: Variant[] = ['generated', 'mysql2 execute', 'mysql2 query'];
const WORKLOADS: Workload[] = ['insert', 'batch', 'join', 'mix'];
const root = path.resolve(import.meta.dirname, '..');
const opts = { supportBigNumbers: true, bigNumberStrings: true };

if (process.env.BENCH_CHILD) await child(process.env.BENCH_CHILD, Number(process.env.BENCH_REP));
else await parent();

async function parent(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const base = new URL(process.env.FLASH_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
  base.pathname = '';
  const baseUrl = base.toString().replace(/\/$/, '');
  const dbName = `${process.env.BENCH_DB_PREFIX ?? 'flash_bench_'}${Date.now().toString(36)}`;
  const url = `${baseUrl}/${dbName}`;
  const admin = await mysql.createConnection({ uri: baseUrl });
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flash-bench-genmy-'));
  const started = Date.now();
  try {
    cpSync(path.join(root, 'test/fixtures/gen/mysql'), dir, { recursive: true });
    // flash gen on MySQL builds its shadow database on the server named by DATABASE_URL
    execFileSync(process.execPath, [path.join(root, 'bin/flash.js'), 'gen'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DATABASE_URL: url },
    });
    const setup = await mysql.createConnection({ uri: url, multipleStatements: true });
    await setup.query(readFileSync(path.join(dir, 'db/schema/schema.sql'), 'utf8'));
    for (let i = 0; i < 50; i++)
      await setup.execute("INSERT INTO users (email, name, settings) VALUES (?, ?, '{}')", [`seed${i}@x`, `Seed ${i}`]);
    for (let i = 0; i < 200; i++) await setup.execute('INSERT INTO posts (author_id, title) VALUES (?, ?)', [(i % 50) + 1, `post ${i}`]);
    await setup.end();

    const results = Object.fromEntries(WORKLOADS.map((w) => [w, Object.fromEntries(VARIANTS.map((v) => [v, [] as number[]]))])) as Record<
      Workload,
      Record<Variant, number[]>
    >;
    const loads: number[] = [];
    for (let rep = 0; rep < runs; rep++) {
      loads.push(os.loadavg()[0]);
      const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/gen-client-mysql.ts')], {
        cwd: root,
        env: { ...process.env, BENCH_CHILD: JSON.stringify({ dir, url }), BENCH_REP: String(rep) },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const times = JSON.parse(out.trim().split('\n').at(-1)!) as Record<Workload, Record<Variant, number>>;
      for (const w of WORKLOADS) for (const v of VARIANTS) results[w][v].push(times[w][v]);
      process.stderr.write(`run ${rep + 1}/${runs} done (load ${os.loadavg()[0].toFixed(1)})\n`);
    }
    loads.push(os.loadavg()[0]);
    process.stderr.write(`per-repetition times (ms): ${JSON.stringify(results)}\n`);
    const [[{ version }]] = (await admin.query('SELECT VERSION() AS version')) as unknown as [[{ version: string }]];
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const label: Record<Workload, string> = {
      insert: 'insert 1,000 users one by one',
      batch: '1,000 users in one transaction',
      join: 'join + aggregate ×500',
      mix: 'mix of 1,000 reads/inserts/updates',
    };
    console.log(
      `\n${version}, ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${os.cpus().length} cores`,
    );
    console.log(`\n| workload (median of ${runs} processes) | ${VARIANTS.join(' | ')} |`);
    console.log(`|---|${VARIANTS.map(() => '---|').join('')}`);
    for (const w of WORKLOADS) {
      const base = median(results[w]['mysql2 execute']);
      const cell = (v: Variant) => `${median(results[w][v]).toFixed(0)} ms (${(median(results[w][v]) / base).toFixed(2)}×)`;
      console.log(`| ${label[w]} | ${VARIANTS.map(cell).join(' | ')} |`);
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function child(spec: string, rep: number): Promise<void> {
  const { dir, url } = JSON.parse(spec) as { dir: string; url: string };
  const q = await import(pathToFileURL(path.join(dir, 'flash_gen/index.js')).href);
  const js = readFileSync(path.join(dir, 'flash_gen/index.js'), 'utf8');
  const sqlOf = (name: string) => JSON.parse(new RegExp(`const ${name}Sql = (".*");`).exec(js)![1]) as string;
  const text = { insert: sqlOf('createUser'), join: sqlOf('postCounts'), read: sqlOf('getUser'), update: sqlOf('setActive') };
  const pool = mysql.createPool({ uri: url, connectionLimit: 1 });
  type Db = mysql.Pool | mysql.PoolConnection;
  const raw = async (db: Db, v: Variant, sql: string, values: unknown[]) =>
    (v === 'mysql2 execute' ? db.execute({ sql, values, ...opts }) : db.query({ sql, values, ...opts })) as Promise<[any, unknown]>; // eslint-disable-line @typescript-eslint/no-explicit-any -- rows or a ResultSetHeader
  let scale = 1;
  const n = (count: number) => Math.round(count * scale);
  const userRow = (tag: string, i: number) => ({ email: `${tag}_${i}@x`, name: `User ${i}`, bio: null, role: 'member', settings: { i } });
  const createUser = async (v: Variant, db: Db, u: ReturnType<typeof userRow>): Promise<unknown> => {
    if (v === 'generated') return typeof (await q.createUser(db, u)) === 'number' ? 'id' : 'no id';
    const [r] = await raw(db, v, text.insert, [u.email, u.name, u.bio, u.role, JSON.stringify(u.settings)]);
    return typeof r.insertId === 'number' ? 'id' : 'no id';
  };
  const workloads: Record<Workload, (v: Variant, tag: string, out: unknown[]) => Promise<void>> = {
    insert: async (v, tag, out) => {
      for (let i = 0; i < n(1000); i++) out.push(await createUser(v, pool, userRow(tag, i)));
    },
    batch: async (v, tag, out) => {
      const rows = Array.from({ length: n(1000) }, (_, i) => userRow(`${tag}b`, i));
      const conn = await pool.getConnection();
      try {
        await conn.query('BEGIN');
        for (const u of rows) out.push(await createUser(v, conn, u));
        await conn.query('COMMIT');
      } finally {
        conn.release();
      }
    },
    join: async (v, _tag, out) => {
      for (let i = 0; i < n(500); i++) {
        const r = v === 'generated' ? await q.postCounts(pool) : (await raw(pool, v, text.join, []))[0];
        if (i === 0) out.push(r);
      }
    },
    mix: async (v, tag, out) => {
      for (let i = 0; i < n(1000); i++) {
        const k = i % 10;
        const id = (i % 50) + 1;
        if (k <= 5) out.push(v === 'generated' ? await q.getUser(pool, { id }) : (await raw(pool, v, text.read, [id]))[0][0]);
        else if (k <= 7) out.push(await createUser(v, pool, userRow(`${tag}m`, i)));
        else {
          const active = Math.floor(i / 10) % 2 === 0;
          out.push(
            v === 'generated' ? await q.setActive(pool, { active, id }) : (await raw(pool, v, text.update, [active, id]))[0].affectedRows,
          );
        }
      }
    },
  };
  // the generated client's row conversions, applied to the raw rows after the clock stops
  const convert = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(convert);
    if (x && typeof x === 'object' && 'settings' in x && 'active' in x) {
      const r = x;
      return { ...r, settings: typeof r.settings === 'string' ? JSON.parse(r.settings) : r.settings, active: Boolean(r.active) };
    }
    return x;
  };

  scale = 0.1;
  for (const w of WORKLOADS) for (const v of VARIANTS) await workloads[w](v, `w${rep}_${v.replace(/ /g, '')}`, []);
  scale = 1;
  const times = {} as Record<Workload, Record<Variant, number>>;
  const order = VARIANTS.map((_, i) => VARIANTS[(i + rep) % VARIANTS.length]);
  for (const w of WORKLOADS) {
    times[w] = {} as Record<Variant, number>;
    const digests = new Map<Variant, string>();
    for (const v of order) {
      if (w === 'mix') await pool.query('UPDATE users SET active = 1 WHERE id <= 50');
      // PostCounts groups every user: drop the ones the inserts added (untimed), so every join runs on 50 users
      if (w === 'join') await pool.query('DELETE FROM users WHERE id > 50');
      const tag = `r${rep}_${v.replace(/ /g, '')}`;
      const out: unknown[] = [];
      const t = performance.now();
      await workloads[w](v, tag, out);
      times[w][v] = performance.now() - t;
      digests.set(v, maskedDigest(v === 'generated' ? out : out.map(convert), tag));
    }
    for (const v of VARIANTS)
      if (digests.get(v) !== digests.get('mysql2 execute'))
        throw new Error(
          `${w}: ${v} returned other results than mysql2 execute\n${digests.get(v)?.slice(0, 600)}\n---\n${digests.get('mysql2 execute')?.slice(0, 600)}`,
        );
  }
  await pool.end();
  console.log(JSON.stringify(times));
}
