// `npx tsx bench/gen-client.ts`: the TypeScript client `flash gen` writes, against raw `pg` with and
// without named prepared statements, on the PostgreSQL fixture of test/fixtures/gen. Same SQL
// everywhere, one pooled connection, the three variants interleaved per repetition; prints medians.
//   Workloads: insert — 1,000 users inserted one by one (CreateUser-shaped INSERT … RETURNING *);
//              join — CommentCounts (posts LEFT JOIN comments LEFT JOIN users, GROUP BY) ×500.
//   BENCH_RUNS=5  FLASH_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/test
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const baseUrl = process.env.FLASH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const dir = mkdtempSync(path.join(os.tmpdir(), 'flash-bench-gen-'));
cpSync(path.join(root, 'test/fixtures/gen/postgresql'), dir, { recursive: true });
execFileSync(process.execPath, [path.join(root, 'bin/flash.js'), 'gen'], { cwd: dir, stdio: 'inherit' });
const q = await import(pathToFileURL(path.join(dir, 'flash_gen/index.js')).href);

const dbName = `flash_bench_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(baseUrl);
url.pathname = `/${dbName}`;
const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
await pool.query(readFileSync(path.join(dir, 'db/schema/schema.sql'), 'utf8'));

const insertSql = 'INSERT INTO users (email, name, bio, role, settings, tags)\nVALUES ($1, $2, $3, $4, $5, $6)\nRETURNING *';
const joinSql = readFileSync(path.join(dir, 'flash_gen/index.js'), 'utf8').match(/const commentCountsSql = (".*");/)![1];
const joinText = JSON.parse(joinSql) as string;

type Variant = 'generated' | 'pg prepared' | 'pg unprepared';
const variants: Variant[] = ['generated', 'pg prepared', 'pg unprepared'];
let seq = 0;

async function insertUsers(v: Variant): Promise<void> {
  const tag = `${v.replace(/ /g, '')}_${seq++}`;
  for (let i = 0; i < 1000; i++) {
    const values = [`${tag}_${i}@x`, `User ${i}`, null, 'member', JSON.stringify({ i }), ['a']];
    if (v === 'generated')
      await q.createUser(pool, { email: values[0], name: values[1], bio: null, role: 'member', settings: { i }, tags: ['a'] });
    else if (v === 'pg prepared') await pool.query({ name: 'bench_insert', text: insertSql, values });
    else await pool.query(insertSql, values);
  }
}

async function joinAggregate(v: Variant): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (v === 'generated') await q.commentCounts(pool);
    else if (v === 'pg prepared') await pool.query({ name: 'bench_join', text: joinText });
    else await pool.query(joinText);
  }
}

// some posts and comments for the join to aggregate
await insertUsers('pg unprepared');
const users = (await pool.query('SELECT id FROM users ORDER BY id LIMIT 50')).rows as Array<{ id: number }>;
for (let i = 0; i < 200; i++) await pool.query('INSERT INTO posts (author_id, title) VALUES ($1, $2)', [users[i % 50].id, `post ${i}`]);
for (let i = 0; i < 2000; i++)
  await pool.query('INSERT INTO comments (post_id, user_id, body) VALUES ((SELECT min(id) FROM posts) + $1, $2, $3)', [
    i % 200,
    users[i % 50].id,
    `c${i}`,
  ]);

const results: Record<string, Record<Variant, number[]>> = {
  insert: { generated: [], 'pg prepared': [], 'pg unprepared': [] },
  join: { generated: [], 'pg prepared': [], 'pg unprepared': [] },
};
for (let r = 0; r < runs; r++) {
  for (const v of variants) {
    let t = performance.now();
    await insertUsers(v);
    results.insert[v].push(performance.now() - t);
    t = performance.now();
    await joinAggregate(v);
    results.join[v].push(performance.now() - t);
  }
}
await pool.end();
await admin.query(`DROP DATABASE ${dbName}`);
await admin.end();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`\n| workload (median of ${runs}) | generated client | raw pg prepared | raw pg unprepared |`);
console.log('|---|---|---|---|');
for (const [name, byVariant] of Object.entries(results)) {
  const base = median(byVariant['pg prepared']);
  const cell = (v: Variant) => `${median(byVariant[v]).toFixed(0)} ms (${(median(byVariant[v]) / base).toFixed(2)}×)`;
  console.log(
    `| ${name === 'insert' ? 'insert 1,000 users one by one' : 'join + aggregate ×500'} | ${cell('generated')} | ${cell('pg prepared')} | ${cell('pg unprepared')} |`,
  );
}
