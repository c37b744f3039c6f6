import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDialect } from '../../src/dialects/registry.js';
import { snapshotId } from '../../src/core/snapshot/hash.js';
import { rng } from '../helpers/random-schema.js';
import { PG_URL, uniqueDbName, withDatabase } from '../helpers/db-urls.js';
import { flash, flashOk, gitOk, gitRun } from '../git/git-fixture.js';
import type { CliResult } from '../helpers/cli.js';
import { dropAll, hookedRepo, sql, type Engine } from './state-fixture.js';

/**
 * The randomized state test (issue 12), on PostgreSQL and SQLite: random checkouts (new and
 * existing branches), schema changes committed with their migration, apply, down, rows written,
 * `flash merge` of another branch and `git merge --abort`, finished switches, and "server down" steps
 * (the next command sees the branch's database on a closed port — the shared server itself is never
 * stopped). Step 2 always switches branches with the server down, so every seed has a failed switch.
 *
 * After every step:
 *  - every database Flash recorded a snapshot for really has that schema;
 *  - the database `status` reads is the checked-out branch's (never the one a stale `.env` names),
 *    with no drift and nothing foreign applied — or status refuses with a coded error;
 *  - no half-done merge: with no merge in progress the work tree has no uncommitted change Flash made
 *    and no conflict state is acted on; with one in progress, `apply` refuses (E_MERGE_IN_PROGRESS);
 *  - nothing the user wrote is gone: every row written into a branch's database is still there.
 *
 * A fixed seed runs in CI; FLASH_STATE_SEED / FLASH_STATE_STEPS replay or lengthen it (the issue asks
 * for 200 steps with 3 random seeds locally).
 */
const SEED = Number(process.env.FLASH_STATE_SEED ?? 20261202);
const STEPS = Number(process.env.FLASH_STATE_STEPS ?? 30);

type Step = 'checkout' | 'new branch' | 'change' | 'apply' | 'down' | 'rows' | 'finish switch' | 'merge' | 'server down';
const WEIGHTS: Array<[Step, number]> = [
  ['checkout', 4],
  ['new branch', 2],
  ['change', 4],
  ['apply', 3],
  ['down', 2],
  ['rows', 2],
  ['finish switch', 2],
  ['merge', 2],
  ['server down', 2],
];

function coded(r: CliResult): boolean {
  return /^error\[E_[A-Z_]+\]/m.test(r.stderr) || /^flash: (warning|error)/m.test(r.stderr);
}

/** Where the checked-out branch's database lives, as `flash url` says (SQLite: an absolute file). */
async function branchUrl(dir: string): Promise<string> {
  const url = (await flashOk(dir, ['url'])).stdout.trim();
  return url.startsWith('file:') ? path.resolve(dir, url.slice('file:'.length)) : url;
}

function databaseName(engine: Engine, url: string): string {
  return engine === 'sqlite' ? url : decodeURIComponent(new URL(url).pathname.slice(1));
}

/**
 * Run `work` while the current branch's database cannot be reached, without touching the shared server:
 * PostgreSQL sees the same database on a port nothing listens on; SQLite finds a directory where the
 * file was (the file is put back afterwards, rows and all).
 */
async function whileServerDown<T>(engine: Engine, url: string, work: (env: Record<string, string>) => Promise<T>): Promise<T> {
  if (engine === 'postgresql') {
    const u = new URL(url);
    u.port = '1';
    return work({ DATABASE_URL: u.toString() });
  }
  const aside = `${url}.down`;
  const had = existsSync(url);
  if (had) renameSync(url, aside);
  mkdirSync(url);
  try {
    return await work({});
  } finally {
    rmSync(url, { recursive: true, force: true });
    if (had) renameSync(aside, url);
  }
}

const cleanup: string[] = [];
afterAll(async () => {
  // The configured database and every branch database made from it (`<db>__<branch>`), even after a failure.
  const dialect = await loadDialect('postgresql');
  const conn = await dialect.connect(PG_URL);
  try {
    for (const url of [...cleanup]) {
      const name = databaseName('postgresql', url);
      const rows = await conn.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE ?', [`${name}\\_\\_%`]);
      cleanup.push(...rows.map((r) => withDatabase(url, r.datname)));
    }
  } finally {
    await conn.close();
  }
  await dropAll('postgresql', cleanup);
});

for (const engine of ['sqlite', 'postgresql'] as const) {
  describe(`randomized branch database state (${engine}, issue 12)`, () => {
    it(`keeps every database at what Flash recorded, or refuses with a code (seed ${SEED}, ${STEPS} steps)`, async () => {
      const rand = rng(SEED);
      const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)];
      const configured = engine === 'postgresql' ? withDatabase(PG_URL, uniqueDbName('ms_rand')) : undefined;
      const dir = await hookedRepo(engine, configured, cleanup);
      const dialect = await loadDialect(engine);
      const schemaFile = path.join(dir, 'db/schema/app.sql');
      writeFileSync(schemaFile, 'CREATE TABLE users (id integer PRIMARY KEY, name text);\n');
      await flashOk(dir, ['migrate', 'users']);
      await flashOk(dir, ['apply']);
      await gitOk(dir, ['add', '-A']);
      await gitOk(dir, ['commit', '-q', '-m', 'users']);
      let counter = 0;
      let failedSwitches = 0;
      const log: string[] = [];
      /** rows the "user" wrote, per database: they must never silently disappear */
      const written = new Map<string, number[]>();

      const current = async () => (await gitOk(dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
      const branches = async () => (await gitOk(dir, ['for-each-ref', '--format=%(refname:short)', 'refs/heads'])).trim().split('\n');
      const merging = () => existsSync(path.join(dir, '.git/MERGE_HEAD'));
      const open = (url: string) => dialect.connect(url);

      async function check(step: number): Promise<void> {
        const where = `step ${step} (${engine}, seed ${SEED}):\n${log.slice(-8).join('\n')}`;
        // Every recorded snapshot is the schema the database really has.
        const localDir = path.join(dir, '.flash/local');
        const state = existsSync(path.join(localDir, 'state.json'))
          ? (JSON.parse(readFileSync(path.join(localDir, 'state.json'), 'utf8')) as { databases: Record<string, { snapshot: string }> })
          : { databases: {} };
        for (const [key, { snapshot }] of Object.entries(state.databases)) {
          if (engine === 'sqlite' && !existsSync(key)) continue;
          if (engine === 'postgresql' && !(await dialect.databases.exists(key))) continue;
          const conn = await open(key);
          try {
            expect(snapshotId(await dialect.introspect(conn)), `${key} is not at the snapshot Flash recorded — ${where}`).toBe(snapshot);
          } finally {
            await conn.close();
          }
        }
        // Nothing the user wrote is gone.
        for (const [url, ids] of written) {
          const rows = await sql(engine, dir, url, 'SELECT id FROM users').catch(() => []);
          const have = new Set(rows.map((r) => Number(r.id)));
          expect(
            ids.filter((id) => !have.has(id)),
            `rows written into ${databaseName(engine, url)} are gone — ${where}`,
          ).toEqual([]);
        }
        // No half-done merge.
        if (merging()) {
          // Text conflicts alone (no Flash conflict) are git's to settle; a Flash conflict blocks apply.
          if (!existsSync(path.join(dir, '.flash/MERGE_CONFLICTS.json'))) return;
          const refused = await flash(dir, ['apply']);
          expect(refused.stderr, `apply ran during an unresolved merge — ${where}`).toContain('E_MERGE_IN_PROGRESS');
          return;
        }
        const dirty = (await gitOk(dir, ['status', '--porcelain', '--untracked-files=no'])).trim();
        expect(dirty, `uncommitted changes with no merge in progress — ${where}`).toBe('');
        if (existsSync(path.join(dir, '.flash/MERGE_CONFLICTS.json'))) {
          const stale = await flash(dir, ['resolve', 'history:theirs', '--theirs']);
          expect(stale.stderr, `conflict state outlived its merge — ${where}`).toContain('No Flash merge is waiting');
        }
        // The database status reads is the checked-out branch's.
        const status = await flash(dir, ['status', '--json']);
        if (status.code !== 0) {
          expect(coded(status), `status failed without a coded error — ${where}\n${status.stderr}`).toBe(true);
          return;
        }
        const report = JSON.parse(status.stdout) as { database: string; drift: unknown[]; unknownApplied: string[] };
        const name = databaseName(engine, await branchUrl(dir));
        expect(report.database, `status read another branch's database — ${where}`).toMatch(
          new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w$])`),
        );
        expect(report.drift, `status shows drift — ${where}`).toEqual([]);
        expect(report.unknownApplied, `another branch's migrations are applied here — ${where}`).toEqual([]);
      }

      for (let step = 1; step <= STEPS; step++) {
        let roll = rand() * WEIGHTS.reduce((n, [, w]) => n + w, 0);
        let kind = WEIGHTS.find(([, w]) => (roll -= w) < 0)![0];
        if (step === 2) kind = 'server down'; // every seed: a switch whose hook cannot reach the server
        let r: CliResult | undefined;
        const here = await current();
        if (merging()) {
          // A merge is in progress: it is resolved by aborting it (the path Flash itself recommends).
          r = await gitRun(dir, ['merge', '--abort']);
          log.push(`git merge --abort: ${r.code}`);
          await check(step);
          continue;
        }
        switch (kind) {
          case 'checkout': {
            const others = (await branches()).filter((b) => b !== here);
            if (others.length === 0) continue;
            const to = pick(others);
            r = await gitRun(dir, ['checkout', to]);
            log.push(`git checkout ${to}: ${r.code}`);
            break;
          }
          case 'server down': {
            // The branch's database unreachable for one command: a checkout (its hook fails), or apply/status.
            const url = await branchUrl(dir);
            const others = (await branches()).filter((b) => b !== here);
            if (step === 2 || (others.length && rand() < 0.6)) {
              const to = step === 2 || !others.length ? `b${++counter}` : pick(others);
              const args = (await branches()).includes(to) ? ['checkout', to] : ['checkout', '-b', to];
              r = await whileServerDown(engine, url, (env) => gitRun(dir, args, env));
              if (/flash: (error|warning)/.test(r.stderr) || r.code !== 0) failedSwitches++;
              log.push(`git ${args.join(' ')} (server down): ${r.code}`);
              r = undefined; // git itself succeeds; the hook's failure is reported on stderr
            } else {
              const cmd = pick(['apply', 'status']);
              r = await whileServerDown(engine, url, (env) => flash(dir, [cmd], env));
              log.push(`flash ${cmd} (server down): ${r.code}`);
              expect(r.code, `flash ${cmd} reached a database with the server down`).not.toBe(0);
            }
            break;
          }
          case 'new branch': {
            const name = `b${++counter}`;
            const start = rand() < 0.3 ? pick(await branches()) : 'HEAD';
            r = await gitRun(dir, ['checkout', '-b', name, start]);
            log.push(`git checkout -b ${name} ${start}: ${r.code}`);
            break;
          }
          case 'change': {
            const text = readFileSync(schemaFile, 'utf8');
            const tables = [...text.matchAll(/^CREATE TABLE (t\d+) /gm)].map((m) => m[1]);
            let next: string;
            if (!text.includes('users_name') && rand() < 0.25) {
              // Fails wherever two rows share a name (the rows step writes duplicates): switches that must
              // apply it fail in the hook, which is where a stale .env used to send commands elsewhere.
              next = `${text}CREATE UNIQUE INDEX users_name ON users (name);\n`;
              ++counter;
            } else if (tables.length > 0 && rand() < 0.3) {
              const drop = pick(tables);
              next = text.replace(new RegExp(`^CREATE TABLE ${drop} .*\\n`, 'm'), '');
            } else next = `${text}CREATE TABLE t${++counter} (id integer PRIMARY KEY, v text);\n`;
            writeFileSync(schemaFile, next);
            r = await flash(dir, ['migrate', `s${counter}`]);
            log.push(`migrate s${counter} on ${here}: ${r.code}`);
            if (r.code === 0) {
              await gitOk(dir, ['add', '-A']);
              await gitOk(dir, ['commit', '-q', '-m', `s${counter}`]);
            } else {
              await gitOk(dir, ['checkout', '--', '.']);
              await gitOk(dir, ['clean', '-fdq', 'db']);
            }
            break;
          }
          case 'merge': {
            const others = (await branches()).filter((b) => b !== here);
            if (others.length === 0) continue;
            const from = pick(others);
            r = await flash(dir, ['merge', from]);
            log.push(`flash merge ${from} into ${here}: ${r.code}`);
            // Exit 3: conflicts, the merge stays in progress for the next step to meet; 1: text conflicts.
            if (r.code === 3 || r.code === 1) r = undefined;
            break;
          }
          case 'apply':
          case 'down':
            r = await flash(dir, [kind]);
            log.push(`flash ${kind} on ${here}: ${r.code}`);
            break;
          case 'rows': {
            // Data in the current branch's database, so that switches and downs have something to lose.
            const url = await branchUrl(dir);
            if (engine === 'sqlite' && !existsSync(url)) continue;
            const id = ++counter;
            const ok = await sql(engine, dir, url, `INSERT INTO users (id, name) VALUES (${id}, 'dup')`).then(
              () => true,
              () => false,
            );
            if (ok) written.set(url, [...(written.get(url) ?? []), id]);
            log.push(`row ${id} (name dup) into ${here}: ${ok}`);
            break;
          }
          case 'finish switch':
            r = await flash(dir, ['checkout', here]);
            log.push(`flash checkout ${here}: ${r.code}`);
            break;
        }
        if (r && r.code !== 0) expect(coded(r), `${log.at(-1)} failed without a coded error:\n${r.stderr}`).toBe(true);
        await check(step);
      }
      expect(failedSwitches, 'no switch failed: the test did not exercise a stale .env').toBeGreaterThan(0);
    }, 1_800_000);
  });
}
