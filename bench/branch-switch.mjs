#!/usr/bin/env node
// Issue 4 benchmark (not a test): git-hook latency. Prints medians (min–max) and ratios; never fails on slowness.
//  1. post-checkout no-op (branch DB already at the expected hash) vs `node -e 0` — goal ≤ 1.5×
//  2. post-checkout that must switch the schema: the branch's DB is created as a copy of main's 50-table,
//     10k-row database and gets the branch's migration (a column on 10 tables) — goal ≤ 300 ms (SQLite, PG)
// Usage: npm run build && node bench/branch-switch.mjs [runs]   (FLASH_BENCH_PG_URL, default the local test server)
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'flash.js');
const runs = Number(process.argv[2] ?? 7);
const pgBase = process.env.FLASH_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const env = { ...process.env, CI: '1', NO_COLOR: '1', GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };
delete env.DATABASE_URL;

const sh = (cwd, cmd, args) => execFileSync(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const flash = (cwd, ...args) => sh(cwd, process.execPath, [bin, ...args]);
const ms = (fn) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s.at(-1) };
};
const fmt = (st) => `${st.median.toFixed(0)} ms (${st.min.toFixed(0)}–${st.max.toFixed(0)})`;
const hookArgs = [bin, 'hook', 'post-checkout', '0'.repeat(40), '1'.repeat(40), '1'];

function schema(withBio) {
  let sql = '';
  for (let i = 0; i < 50; i++) {
    sql += `CREATE TABLE t${i} (\n  id integer PRIMARY KEY,\n  name varchar(100) NOT NULL,\n  value integer NOT NULL,\n  note varchar(200)${withBio && i < 10 ? ',\n  bio varchar(200)' : ''}\n);\n`;
  }
  return sql;
}

async function project(provider, url) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `flash-bench-${provider}-`));
  sh(dir, 'git', ['init', '-q', '-b', 'main']);
  flash(dir, 'init', `--${provider}`);
  if (url) writeFileSync(path.join(dir, '.env'), `DATABASE_URL=${url}\n`);
  appendFileSync(path.join(dir, '.gitignore'), 'dev.db*\n.env\n');
  writeFileSync(path.join(dir, 'db/schema/tables.sql'), schema(false));
  flash(dir, 'migrate', 'tables');
  flash(dir, 'apply');
  return dir;
}

async function seed(provider, dir, url) {
  const { loadDialect } = await import(path.join(root, 'dist/src/dialects/registry.js'));
  const dialect = await loadDialect(provider);
  const conn = await dialect.connect(url ?? path.join(dir, 'dev.db'));
  try {
    for (let i = 0; i < 50; i++) {
      const values = Array.from({ length: 200 }, (_, r) => `(${r + 1}, 'row ${r}', ${r}, 'note')`).join(',');
      await conn.exec(`INSERT INTO t${i} (id, name, value, note) VALUES ${values}`);
    }
  } finally {
    await conn.close();
  }
  return dialect;
}

async function switchBench(provider, url) {
  const dir = await project(provider, url);
  const dialect = await seed(provider, dir, url);
  sh(dir, 'git', ['add', '-A']);
  sh(dir, 'git', ['commit', '-q', '-m', 'tables']);
  flash(dir, 'branch', 'feature');
  writeFileSync(path.join(dir, 'db/schema/tables.sql'), schema(true));
  flash(dir, 'migrate', 'bio');
  flash(dir, 'apply');
  sh(dir, 'git', ['add', '-A']);
  sh(dir, 'git', ['commit', '-q', '-m', 'bio']);
  const times = [];
  for (let i = 0; i < runs; i++) {
    sh(dir, 'git', ['checkout', '-q', 'main']);
    flash(dir, 'branch', 'delete', 'feature', '--yes');
    sh(dir, 'git', ['checkout', '-q', 'feature']); // hooks not installed: the timed call below is the hook
    times.push(ms(() => spawnSync(process.execPath, hookArgs, { cwd: dir, env, stdio: 'ignore' })));
  }
  const check = spawnSync(process.execPath, [bin, 'branch', 'list', '--json'], { cwd: dir, env, encoding: 'utf8' });
  const feature = JSON.parse(check.stdout).branches.find((b) => b.branch === 'feature');
  if (feature.state !== 'in sync') throw new Error(`switch did not reach the branch schema: ${feature.state}`);
  if (url) {
    const mapping = JSON.parse(readFileSync(path.join(dir, '.flash/local/branches.json'), 'utf8'));
    for (const b of Object.values(mapping.branches)) if (b.url !== url) await dialect.databases.drop(b.url).catch(() => {});
  }
  rmSync(dir, { recursive: true, force: true });
  return stats(times);
}

async function noopBench() {
  const dir = await project('sqlite');
  sh(dir, 'git', ['add', '-A']);
  sh(dir, 'git', ['commit', '-q', '-m', 'tables']);
  flash(dir, 'checkout', 'main'); // records main's database
  const node = [];
  const hook = [];
  for (let i = 0; i < runs * 3; i++) {
    node.push(ms(() => spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' })));
    hook.push(ms(() => spawnSync(process.execPath, hookArgs, { cwd: dir, env, stdio: 'ignore' })));
  }
  rmSync(dir, { recursive: true, force: true });
  return { node: stats(node), hook: stats(hook) };
}

const noop = await noopBench();
console.log('| measurement | result | goal |');
console.log('|---|---|---|');
console.log(`| \`node -e 0\` | ${fmt(noop.node)} | |`);
console.log(`| post-checkout, schema unchanged | ${fmt(noop.hook)} — ${(noop.hook.median / noop.node.median).toFixed(2)}× node | ≤ 1.5× |`);
const sqlite = await switchBench('sqlite');
console.log(`| post-checkout switch, SQLite, 50 tables / 10k rows (copy + migration) | ${fmt(sqlite)} — ${(sqlite.median / noop.node.median).toFixed(2)}× node | ≤ 300 ms |`);
const pgName = `flash_bench_${Date.now().toString(36)}`;
const pgUrl = pgBase.replace(/\/[^/]*$/, '/' + pgName);
const { loadDialect } = await import(path.join(root, 'dist/src/dialects/registry.js'));
const pg = await loadDialect('postgresql');
await pg.databases.create(pgUrl);
try {
  const pgStats = await switchBench('postgresql', pgUrl);
  console.log(`| post-checkout switch, PostgreSQL, 50 tables / 10k rows (template copy + migration) | ${fmt(pgStats)} — ${(pgStats.median / noop.node.median).toFixed(2)}× node | ≤ 300 ms |`);
} finally {
  await pg.databases.drop(pgUrl).catch(() => {});
}
console.log(`\n${runs} runs each (no-op: ${runs * 3}); ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}; medians (min–max).`);
