import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDialect } from '../../src/dialects/registry.js';
import { snapshotId } from '../../src/core/snapshot/hash.js';
import { rng } from '../helpers/random-schema.js';
import { flash, flashOk, gitOk, gitRun } from '../git/git-fixture.js';
import type { CliResult } from '../helpers/cli.js';
import { hookedRepo, sql } from './state-fixture.js';

/**
 * The randomized state test, on SQLite: random checkouts (new and existing branches), schema
 * changes committed with their migration, apply, down, rows written and finished switches. After every
 * step, for every branch database Flash knows: the schema it really has is the snapshot Flash recorded
 * for it, and the current branch's database is either usable (status shows no drift and nothing
 * foreign applied) or refused with a coded error — never a silent wrong state.
 *
 * A fixed seed runs in CI; FLASH_STATE_SEED / FLASH_STATE_STEPS replay or lengthen it (the issue asks
 * for 200 steps with 3 random seeds locally).
 */
const SEED = Number(process.env.FLASH_STATE_SEED ?? 20261202);
const STEPS = Number(process.env.FLASH_STATE_STEPS ?? 40);

type Step = 'checkout' | 'new branch' | 'change' | 'apply' | 'down' | 'rows' | 'finish switch';
const WEIGHTS: Array<[Step, number]> = [
  ['checkout', 4],
  ['new branch', 2],
  ['change', 4],
  ['apply', 3],
  ['down', 2],
  ['rows', 2],
  ['finish switch', 2],
];

function coded(r: CliResult): boolean {
  return /^error\[E_[A-Z_]+\]/m.test(r.stderr) || /^flash: warning: /m.test(r.stderr);
}

describe('randomized branch database state (SQLite, issue 12)', () => {
  it(`keeps every branch database at what Flash recorded, or refuses with a code (seed ${SEED}, ${STEPS} steps)`, async () => {
    const rand = rng(SEED);
    const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)];
    const dir = await hookedRepo('sqlite', undefined, []);
    const dialect = await loadDialect('sqlite');
    const schemaFile = path.join(dir, 'db/schema/app.sql');
    writeFileSync(schemaFile, 'CREATE TABLE users (id integer PRIMARY KEY, name text);\n');
    await flashOk(dir, ['migrate', 'users']);
    await flashOk(dir, ['apply']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'users']);
    let counter = 0;
    const log: string[] = [];

    const current = async () => (await gitOk(dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
    const branches = async () => (await gitOk(dir, ['for-each-ref', '--format=%(refname:short)', 'refs/heads'])).trim().split('\n');

    async function check(step: number): Promise<void> {
      const where = `step ${step} (seed ${SEED}):\n${log.slice(-6).join('\n')}`;
      const localDir = path.join(dir, '.flash/local');
      const state = existsSync(path.join(localDir, 'state.json'))
        ? (JSON.parse(readFileSync(path.join(localDir, 'state.json'), 'utf8')) as { databases: Record<string, { snapshot: string }> })
        : { databases: {} };
      for (const [file, { snapshot }] of Object.entries(state.databases)) {
        if (!existsSync(file)) continue;
        const conn = await dialect.connect(file);
        try {
          expect(
            snapshotId(await dialect.introspect(conn)),
            `${path.relative(dir, file)} is not at the snapshot Flash recorded — ${where}`,
          ).toBe(snapshot);
        } finally {
          await conn.close();
        }
      }
      const status = await flash(dir, ['status', '--json']);
      if (status.code !== 0) {
        expect(coded(status), `status failed without a coded error — ${where}\n${status.stderr}`).toBe(true);
        return;
      }
      const report = JSON.parse(status.stdout) as { database: string; drift: unknown[]; unknownApplied: string[] };
      // The database status looked at is the checked-out branch's, not the one a stale .env names.
      const branchDb = path.resolve(dir, (await flashOk(dir, ['url'])).stdout.trim().replace(/^file:/, ''));
      expect(report.database, `status read another branch's database — ${where}`).toBe(`sqlite:${branchDb}`);
      expect(report.drift, `status shows drift — ${where}`).toEqual([]);
      expect(report.unknownApplied, `another branch's migrations are applied here — ${where}`).toEqual([]);
    }

    for (let step = 1; step <= STEPS; step++) {
      let roll = rand() * WEIGHTS.reduce((n, [, w]) => n + w, 0);
      const kind = WEIGHTS.find(([, w]) => (roll -= w) < 0)![0];
      let r: CliResult | undefined;
      const here = await current();
      switch (kind) {
        case 'checkout': {
          const others = (await branches()).filter((b) => b !== here);
          if (others.length === 0) continue;
          const to = pick(others);
          r = await gitRun(dir, ['checkout', to]);
          log.push(`git checkout ${to}`);
          break;
        }
        case 'new branch': {
          const name = `b${++counter}`;
          const start = rand() < 0.3 ? pick(await branches()) : 'HEAD';
          r = await gitRun(dir, ['checkout', '-b', name, start]);
          log.push(`git checkout -b ${name} ${start}`);
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
          log.push(`migrate s${counter}: ${r.code}`);
          if (r.code === 0) {
            await gitOk(dir, ['add', '-A']);
            await gitOk(dir, ['commit', '-q', '-m', `s${counter}`]);
          } else {
            await gitOk(dir, ['checkout', '--', '.']);
            await gitOk(dir, ['clean', '-fdq', 'db']);
          }
          break;
        }
        case 'apply':
        case 'down':
          r = await flash(dir, [kind]);
          log.push(`flash ${kind}: ${r.code}`);
          break;
        case 'rows': {
          // Data in the current branch's database, so that switches have something to lose.
          const url = (await flashOk(dir, ['url'])).stdout.trim();
          const file = path.resolve(dir, url.replace(/^file:/, ''));
          if (!existsSync(file)) continue;
          await sql('sqlite', dir, url, `INSERT INTO users (id, name) VALUES (${++counter}, 'dup')`).catch(() => undefined);
          log.push(`row ${counter} (name dup) into ${here}`);
          continue;
        }
        case 'finish switch':
          r = await flash(dir, ['checkout', here, '--yes']);
          log.push(`flash checkout ${here} --yes: ${r.code}`);
          break;
      }
      if (r && r.code !== 0) expect(coded(r), `${log.at(-1)} failed without a coded error:\n${r.stderr}`).toBe(true);
      await check(step);
    }
  }, 1_800_000);
});
