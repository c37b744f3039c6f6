// `npx tsx bench/gen-client.ts`: the TypeScript client `flash gen` writes, against raw `pg` with and
// without named prepared statements, on the PostgreSQL fixture of test/fixtures/gen. Same SQL
// everywhere, one pooled connection (max: 1), the variants interleaved within each repetition (their
// order rotated from one repetition to the next), each repetition in its own Node process; prints
// the median per workload and variant.
//   Workloads:
//     insert — 1,000 users inserted one by one (CreateUser: INSERT … RETURNING *, JSON and array params);
//     join   — CommentCounts (posts LEFT JOIN comments LEFT JOIN users, GROUP BY) ×500 over
//              200 posts / 2,000 comments / 50+ users;
//     mix    — 1,000 operations, by i % 10: 0–5 read a user by email (GetUserByEmail), 6–7 insert a
//              user (InsertUserReturningId), 8–9 update a bio (UpdateBio) — 600 reads, 200 inserts, 200 updates.
//   BENCH_RUNS=5  FLASH_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/test
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

type Variant = 'generated' | 'pg prepared' | 'pg unprepared';
type Workload = 'insert' | 'join' | 'mix';
const VARIANTS: Variant[] = ['generated', 'pg prepared', 'pg unprepared'];
const WORKLOADS: Workload[] = ['insert', 'join', 'mix'];
const root = path.resolve(import.meta.dirname, '..');

if (process.env.BENCH_CHILD) await child(process.env.BENCH_CHILD, Number(process.env.BENCH_REP));
else await parent();

async function parent(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const baseUrl = process.env.FLASH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flash-bench-gen-'));
  cpSync(path.join(root, 'test/fixtures/gen/postgresql'), dir, { recursive: true });
  execFileSync(process.execPath, [path.join(root, 'bin/flash.js'), 'gen'], { cwd: dir, stdio: 'inherit' });

  const dbName = `flash_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  try {
    const setup = new pg.Pool({ connectionString: url.toString(), max: 1 });
    await setup.query(readFileSync(path.join(dir, 'db/schema/schema.sql'), 'utf8'));
    // some users, posts and comments for the join to aggregate and the mix to read
    for (let i = 0; i < 50; i++) await setup.query('INSERT INTO users (email, name) VALUES ($1, $2)', [`seed${i}@x`, `Seed ${i}`]);
    for (let i = 0; i < 200; i++) await setup.query('INSERT INTO posts (author_id, title) VALUES ($1, $2)', [(i % 50) + 1, `post ${i}`]);
    for (let i = 0; i < 2000; i++)
      await setup.query('INSERT INTO comments (post_id, user_id, body) VALUES ($1, $2, $3)', [(i % 200) + 1, (i % 50) + 1, `c${i}`]);
    await setup.end();

    const results = Object.fromEntries(WORKLOADS.map((w) => [w, Object.fromEntries(VARIANTS.map((v) => [v, [] as number[]]))])) as Record<
      Workload,
      Record<Variant, number[]>
    >;
    for (let rep = 0; rep < runs; rep++) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/gen-client.ts')], {
        cwd: root,
        env: { ...process.env, BENCH_CHILD: JSON.stringify({ dir, url: url.toString() }), BENCH_REP: String(rep) },
        encoding: 'utf8',
      });
      const times = JSON.parse(out.trim().split('\n').at(-1)!) as Record<Workload, Record<Variant, number>>;
      for (const w of WORKLOADS) for (const v of VARIANTS) results[w][v].push(times[w][v]);
      process.stderr.write(`run ${rep + 1}/${runs} done\n`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const label: Record<Workload, string> = {
      insert: 'insert 1,000 users one by one',
      join: 'join + aggregate ×500',
      mix: 'mix of 1,000 reads/inserts/updates',
    };
    console.log(`\n| workload (median of ${runs} processes) | generated client | raw pg prepared | raw pg unprepared |`);
    console.log('|---|---|---|---|');
    for (const w of WORKLOADS) {
      const base = median(results[w]['pg prepared']);
      const cell = (v: Variant) => `${median(results[w][v]).toFixed(0)} ms (${(median(results[w][v]) / base).toFixed(2)}×)`;
      console.log(`| ${label[w]} | ${cell('generated')} | ${cell('pg prepared')} | ${cell('pg unprepared')} |`);
    }
  } finally {
    await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

/** One repetition: every workload, every variant (rotated order), one pooled connection; prints JSON times. */
async function child(spec: string, rep: number): Promise<void> {
  const { dir, url } = JSON.parse(spec) as { dir: string; url: string };
  const q = await import(pathToFileURL(path.join(dir, 'flash_gen/index.js')).href);
  const js = readFileSync(path.join(dir, 'flash_gen/index.js'), 'utf8');
  const sqlOf = (name: string) => JSON.parse(new RegExp(`const ${name}Sql = (".*");`).exec(js)![1]) as string;
  const text = {
    insert: sqlOf('createUser'),
    join: sqlOf('commentCounts'),
    read: sqlOf('getUserByEmail'),
    add: sqlOf('insertUserReturningId'),
    update: sqlOf('updateBio'),
  };
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  // the same statement names as the raw prepared variant would choose by hand
  const raw = async (v: Variant, name: string, sql: string, values: unknown[]) =>
    v === 'pg prepared' ? pool.query({ name: `bench_${name}`, text: sql, values }) : pool.query(sql, values);

  const workloads: Record<Workload, (v: Variant, tag: string) => Promise<void>> = {
    insert: async (v, tag) => {
      for (let i = 0; i < 1000; i++) {
        if (v === 'generated')
          await q.createUser(pool, { email: `${tag}_${i}@x`, name: `User ${i}`, bio: null, role: 'member', settings: { i }, tags: ['a'] });
        else await raw(v, 'insert', text.insert, [`${tag}_${i}@x`, `User ${i}`, null, 'member', JSON.stringify({ i }), ['a']]);
      }
    },
    join: async (v) => {
      for (let i = 0; i < 500; i++) {
        if (v === 'generated') await q.commentCounts(pool);
        else await raw(v, 'join', text.join, []);
      }
    },
    mix: async (v, tag) => {
      for (let i = 0; i < 1000; i++) {
        const k = i % 10;
        const seed = `seed${i % 50}@x`;
        if (k <= 5) {
          if (v === 'generated') await q.getUserByEmail(pool, { email: seed });
          else await raw(v, 'read', text.read, [seed]);
        } else if (k <= 7) {
          if (v === 'generated') await q.insertUserReturningId(pool, { email: `${tag}_m${i}@x`, name: 'M' });
          else await raw(v, 'add', text.add, [`${tag}_m${i}@x`, 'M']);
        } else if (v === 'generated') await q.updateBio(pool, { bio: `bio ${i}`, id: (i % 50) + 1 });
        else await raw(v, 'update', text.update, [`bio ${i}`, (i % 50) + 1]);
      }
    },
  };
  const times = {} as Record<Workload, Record<Variant, number>>;
  const order = VARIANTS.map((_, i) => VARIANTS[(i + rep) % VARIANTS.length]);
  for (const w of WORKLOADS) {
    times[w] = {} as Record<Variant, number>;
    for (const v of order) {
      const t = performance.now();
      await workloads[w](v, `r${rep}_${v.replace(/ /g, '')}`);
      times[w][v] = performance.now() - t;
    }
  }
  await pool.end();
  console.log(JSON.stringify(times));
}
