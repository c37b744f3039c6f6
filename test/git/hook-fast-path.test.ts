import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/config/load-config.js';
import { findRepo } from '../../src/git/repo.js';
import { currentBranch } from '../../src/git/current-branch.js';
import { hookHasNothingToDo } from '../../src/api/project/branch-fast-path.js';
import { loadDialect } from '../../src/dialects/registry.js';
import { PG_URL, uniqueDbName, withDatabase } from '../helpers/db-urls.js';
import { tempDir } from '../helpers/cli.js';
import { cleanEnv, flashOk, flashRepo, gitOk, gitRun } from './git-fixture.js';

/**
 * The hook shim's POSIX-sh fast path (hooks/in-sync.sh) must never skip a needed switch. Random
 * sequences of branch create / checkout / migrate / apply / commit / .env edits; at every step, before
 * the hook runs, Node's own answer (`hookHasNothingToDo`) is computed in this process, then the
 * installed shim runs with a `node` on PATH that logs its calls. A shim that did not start Node must
 * have faced a state where Node had nothing to do. The seed is printed with every failure
 * (FLASH_TEST_SEED=<n> replays a run).
 */
type Engine = 'sqlite' | 'postgresql';
type Op = 'create' | 'checkout' | 'migrate' | 'apply' | 'commit' | 'env-edit' | 'noop';
const OPS: Op[] = ['create', 'checkout', 'checkout', 'migrate', 'apply', 'commit', 'env-edit', 'noop', 'noop', 'noop'];
const STEPS = 24;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function nodeHasNothingToDo(dir: string): Promise<boolean> {
  const project = await loadProject(dir);
  const branch = await currentBranch(await findRepo(dir));
  return branch !== undefined && (await hookHasNothingToDo(project, branch, cleanEnv()));
}

/** A `node` first on PATH that notes each start, then runs the real one. */
function loggingNode(): { binDir: string; log: string } {
  const binDir = tempDir('pf-node-');
  const log = path.join(binDir, 'calls.log');
  writeFileSync(path.join(binDir, 'node'), `#!/bin/sh\necho started >> '${log}'\nexec '${process.execPath}' "$@"\n`);
  chmodSync(path.join(binDir, 'node'), 0o755);
  return { binDir, log };
}

/** Run the installed post-checkout shim as git would (at the work tree root); true when it started Node. */
function runShim(dir: string, node: { binDir: string; log: string }): { startedNode: boolean; stderr: string } {
  rmSync(node.log, { force: true });
  const env = cleanEnv({ PATH: `${node.binDir}:${process.env.PATH ?? ''}` });
  const r = spawnSync('sh', [path.join(dir, '.git/hooks/post-checkout'), '0'.repeat(40), '1'.repeat(40), '1'], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
  return { startedNode: existsSync(node.log), stderr: r.stderr };
}

async function randomRun(engine: Engine, seed: number, urls: string[]): Promise<{ skipped: number; nodeRan: number; work: number }> {
  const random = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  let configured: string | undefined;
  if (engine === 'postgresql') {
    configured = withDatabase(PG_URL, uniqueDbName('pf_hook'));
    urls.push(configured);
    await (await loadDialect('postgresql')).databases.create(configured);
  }
  const dir = await flashRepo(engine, configured);
  await flashOk(dir, ['hooks', 'install']);
  const node = loggingNode();
  const skip = { FLASH_SKIP_HOOKS: '1' };
  const branches = ['main'];
  let tables = 0;
  let skipped = 0;
  let nodeRan = 0;
  let work = 0;
  let previous: { nothingToDo: boolean } | undefined;
  const trail: string[] = [];
  try {
    for (let step = 0; step < STEPS; step++) {
      const op = step === 0 ? 'noop' : pick(OPS);
      trail.push(op);
      switch (op) {
        case 'create': {
          const name = `b${step}`;
          await gitOk(dir, ['checkout', '-q', '-b', name], skip);
          branches.push(name);
          break;
        }
        case 'checkout': {
          // git itself refuses when uncommitted migrate output differs on the target: HEAD stays, as for the user.
          const r = await gitRun(dir, ['checkout', '-q', pick(branches)], skip);
          if (r.code !== 0 && !/would be overwritten by checkout/.test(r.stderr)) throw new Error(`git checkout failed: ${r.stderr}`);
          break;
        }
        case 'migrate':
          tables++;
          appendFileSync(
            path.join(dir, 'db/schema/tables.sql'),
            `CREATE TABLE s${seed % 1000}_${tables} (\n  id integer PRIMARY KEY\n);\n`,
          );
          await flashOk(dir, ['migrate', `m${tables}`]);
          if (random() < 0.5) await flashOk(dir, ['apply']);
          break;
        case 'apply':
          await flashOk(dir, ['apply']);
          break;
        case 'commit':
          await gitOk(dir, ['add', '-A'], skip);
          await gitOk(dir, ['commit', '-q', '--allow-empty', '-m', `step ${step}`], skip);
          break;
        case 'env-edit':
          appendFileSync(path.join(dir, '.env'), `# note ${step}\n`);
          break;
        case 'noop':
          break;
      }
      const expected = await nodeHasNothingToDo(dir);
      const shim = runShim(dir, node);
      const where = `${engine}, seed ${seed}, step ${step} (${trail.join(' → ')})`;
      // The property: the fast path skips Node only where Node itself had nothing to do.
      if (!shim.startedNode) expect(expected, `the sh fast path skipped a needed switch: ${where}`).toBe(true);
      // And it is a fast path: the same files as when Node last found nothing to do are answered in sh.
      if (op === 'noop' && previous?.nothingToDo)
        expect(shim.startedNode, `Node started for an unchanged, in-sync state: ${where}`).toBe(false);
      if (shim.startedNode) nodeRan++;
      else skipped++;
      if (!expected) work++;
      // Node may refuse a lossy switch (an applied, uncommitted migration copied into a branch whose
      // commit does not have it): that warning is the hook doing its job. Anything else is a failure.
      expect(
        shim.stderr.replace(/^flash: warning\[E_DATA_LOSS\]: Bringing \S+ database to its schema would lose data: .*$/gm, ''),
        where,
      ).not.toMatch(/warning|error/i);
      if (/would lose data/.test(shim.stderr)) {
        // What the user does next (the warning's own advice): finish the switch, accepting the loss.
        const branch = (await gitOk(dir, ['rev-parse', '--abbrev-ref', 'HEAD'], skip)).trim();
        await flashOk(dir, ['checkout', branch, '--yes']);
      }
      previous = { nothingToDo: await nodeHasNothingToDo(dir) };
    }
  } finally {
    if (engine === 'postgresql') {
      const mapping = JSON.parse(readFileSync(path.join(dir, '.flash/local/branches.json'), 'utf8')) as {
        branches: Record<string, { url: string }>;
      };
      for (const b of Object.values(mapping.branches)) urls.push(b.url);
    }
    rmSync(dir, { recursive: true, force: true });
    rmSync(node.binDir, { recursive: true, force: true });
  }
  return { skipped, nodeRan, work };
}

describe('hook shim fast path (randomized)', () => {
  const urls: string[] = [];
  afterAll(async () => {
    const dialect = await loadDialect('postgresql');
    for (const url of new Set(urls)) await dialect.databases.drop(url).catch(() => undefined);
  });

  for (const engine of ['sqlite', 'postgresql'] as const) {
    it(`never skips a needed switch (${engine})`, async () => {
      // Fixed seeds in CI (a failure there is reproducible; 40229 crosses a lossy switch), fresh ones locally.
      const seeds = process.env.FLASH_TEST_SEED
        ? [Number(process.env.FLASH_TEST_SEED)]
        : process.env.CI
          ? [40229, 7919]
          : [Date.now() % 100_000, (Date.now() + 7919) % 100_000];
      let skipped = 0;
      let work = 0;
      for (const seed of seeds) {
        const r = await randomRun(engine, seed, urls);
        skipped += r.skipped;
        work += r.work;
      }
      // Both answers were exercised: some steps had work for Node, some were skipped in sh.
      expect(skipped).toBeGreaterThan(0);
      expect(work).toBeGreaterThan(0);
    }, 600_000);
  }

  it('starts Node when the stamp names another branch, a file changed, or the URL variable is set', async () => {
    const dir = await flashRepo('sqlite');
    const node = loggingNode();
    try {
      await flashOk(dir, ['hooks', 'install']);
      await flashOk(dir, ['apply']); // main's database exists
      await gitOk(dir, ['checkout', '-q', '-b', 'feature']); // the real hook: creates feature's database and the stamp
      expect(existsSync(path.join(dir, '.flash/local/hook-stamp/key'))).toBe(true);
      expect(runShim(dir, node).startedNode).toBe(false);
      await gitOk(dir, ['checkout', '-q', 'main'], { FLASH_SKIP_HOOKS: '1' });
      expect(runShim(dir, node).startedNode).toBe(true); // another branch: .env must be re-pointed
      expect(runShim(dir, node).startedNode).toBe(false);
      const state = path.join(dir, '.flash/local/state.json');
      const text = readFileSync(state, 'utf8');
      writeFileSync(
        state,
        text.replace(/"snapshot": "([0-9a-f])/, (_m, c: string) => `"snapshot": "${c === '0' ? '1' : '0'}`),
      );
      expect(await nodeHasNothingToDo(dir)).toBe(false);
      expect(runShim(dir, node).startedNode).toBe(true);
      writeFileSync(state, text);
      expect(runShim(dir, node).startedNode).toBe(true); // Node stamps again after any change it saw
      expect(runShim(dir, node).startedNode).toBe(false);
      mkdirSync(path.join(dir, 'sub'));
      const env = cleanEnv({ DATABASE_URL: 'file:./other.db', PATH: `${node.binDir}:${process.env.PATH ?? ''}` });
      spawnSync('sh', [path.join(dir, '.git/hooks/post-checkout'), 'a', 'b', '1'], { cwd: dir, env });
      expect(existsSync(node.log)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(node.binDir, { recursive: true, force: true });
    }
  });
});
