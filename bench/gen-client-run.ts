// What bench/gen-client.ts (PostgreSQL) and bench/gen-client-mysql.ts (MariaDB/MySQL) share: the four
// workloads' names, Prisma 7 installed on demand and generated per run, the parent that runs each
// repetition in its own Node process and prints the medians, and the child's timing loop (untimed
// warm-up at a tenth of the size, variants interleaved in an order rotated per repetition, every
// variant's results checked equal to the yardstick's).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export type Workload = 'insert' | 'batch' | 'join' | 'mix';
export const WORKLOADS: Workload[] = ['insert', 'batch', 'join', 'mix'];
export type Times<V extends string> = Record<Workload, Record<V, number>>;
/** One workload run by variant v; `n(count)` scales the size (a tenth of it in the warm-up). */
export type WorkloadFn<V extends string> = (v: V, tag: string, out: unknown[], n: (count: number) => number) => Promise<void>;

const root = path.resolve(import.meta.dirname, '..');

/**
 * Prisma 7 is not a dependency of Flash (over 200 MB, and @prisma/engines' postinstall would download
 * engine binaries at install time): the benchmarks install it on first use into a cache, from the npm
 * registry with install scripts off, and reuse it afterwards. The TypeScript "prisma-client" generator
 * with a driver adapter (@prisma/adapter-pg, @prisma/adapter-mariadb) needs no engine at run time.
 * Both adapters are installed together: a later `npm install --no-save` of one would prune the other.
 * @prisma/adapter-mariadb has no 7.10.1 (its latest is 7.10.0, like @prisma/client's).
 */
const PRISMA_PACKAGES = ['prisma@7.10.1', '@prisma/client@7.10.0', '@prisma/adapter-pg@7.10.1', '@prisma/adapter-mariadb@7.10.0'];
const PRISMA_ADAPTERS = ['@prisma/adapter-pg', '@prisma/adapter-mariadb'];
const prismaCache = path.join(process.env.FLASH_BENCH_CACHE ?? path.join(os.tmpdir(), 'flash-bench-cache'), 'prisma-7.10.1');

function ensurePrisma(): void {
  if (PRISMA_ADAPTERS.every((a) => existsSync(path.join(prismaCache, 'node_modules', a, 'package.json')))) return;
  mkdirSync(prismaCache, { recursive: true });
  writeFileSync(path.join(prismaCache, 'package.json'), '{ "private": true }\n');
  execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', ...PRISMA_PACKAGES], {
    cwd: prismaCache,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** `prisma generate` of bench/<schema> into a temp dir (node_modules linked to the cache so the generated code finds @prisma/client). */
export function prismaGenerate(schema: string): string {
  ensurePrisma();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flash-bench-prisma-'));
  copyFileSync(path.join(root, 'bench', schema), path.join(dir, 'schema.prisma'));
  symlinkSync(path.join(prismaCache, 'node_modules'), path.join(dir, 'node_modules'));
  const noDownload = {
    PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
    PRISMA_QUERY_ENGINE_LIBRARY: '/bin/false',
    PRISMA_QUERY_ENGINE_BINARY: '/bin/false',
    PRISMA_SKIP_POSTINSTALL_GENERATE: '1',
    PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1',
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
  execFileSync(process.execPath, [path.join(prismaCache, 'node_modules/prisma/build/index.js'), 'generate', '--schema', 'schema.prisma'], {
    cwd: dir,
    env: { ...process.env, ...noDownload },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return dir;
}

/** The generated PrismaClient, with a driver adapter built by `adapter(exports of the adapter package)`. */
export async function prismaClient(
  prismaDir: string,
  adapterPackage: string,
  adapter: (exports: Record<string, new (...args: unknown[]) => unknown>) => unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the client is generated at bench time
): Promise<any> {
  const { PrismaClient } = await import(pathToFileURL(path.join(prismaDir, 'generated/client.ts')).href);
  // from the cache ensurePrisma() filled (Prisma is not a dependency of Flash)
  const resolved = createRequire(path.join(prismaCache, 'package.json')).resolve(adapterPackage);
  const prisma = new PrismaClient({ adapter: adapter(await import(pathToFileURL(resolved).href)) });
  await prisma.$connect();
  return prisma;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const label: Record<Workload, string> = {
  insert: 'insert 1,000 users one by one',
  batch: '1,000 users in one transaction',
  join: 'join + aggregate ×500',
  mix: 'mix of 1,000 reads/inserts/updates',
};

/**
 * Runs `runs` repetitions of `script` as children (BENCH_CHILD = the JSON of `spec`, BENCH_REP), then
 * prints the median per workload and variant with the ratio to the yardstick, and each variant's ratio
 * to the yardstick within each repetition (median and range).
 */
export function runRepetitions<V extends string>(o: {
  script: string;
  runs: number;
  variants: V[];
  yardstick: V;
  spec: object;
  title: string;
}): void {
  const started = Date.now();
  const results = Object.fromEntries(WORKLOADS.map((w) => [w, Object.fromEntries(o.variants.map((v) => [v, [] as number[]]))])) as Record<
    Workload,
    Record<V, number[]>
  >;
  const loads: number[] = [];
  for (let rep = 0; rep < o.runs; rep++) {
    loads.push(os.loadavg()[0]);
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', o.script)], {
      cwd: root,
      env: { ...process.env, BENCH_CHILD: JSON.stringify(o.spec), BENCH_REP: String(rep) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const times = JSON.parse(out.trim().split('\n').at(-1)!) as Times<V>;
    for (const w of WORKLOADS) for (const v of o.variants) results[w][v].push(times[w][v]);
    process.stderr.write(`run ${rep + 1}/${o.runs} done (load ${os.loadavg()[0].toFixed(1)})\n`);
  }
  loads.push(os.loadavg()[0]);
  process.stderr.write(`per-repetition times (ms): ${JSON.stringify(results)}\n`);
  console.log(
    `\n${o.title}, ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${os.cpus().length} cores`,
  );
  console.log(`\n| workload (median of ${o.runs} processes) | ${o.variants.join(' | ')} |`);
  console.log(`|---|${o.variants.map(() => '---|').join('')}`);
  for (const w of WORKLOADS) {
    const base = median(results[w][o.yardstick]);
    const cell = (v: V) => `${median(results[w][v]).toFixed(0)} ms (${(median(results[w][v]) / base).toFixed(2)}×)`;
    console.log(`| ${label[w]} | ${o.variants.map(cell).join(' | ')} |`);
  }
  // the variant ÷ yardstick ratio within each repetition: both measured seconds apart in one process,
  // so it resists a load that changes between repetitions better than the ratio of the medians
  console.log(`\n| ÷ ${o.yardstick} within each repetition, median (range) | ${o.variants.join(' | ')} |`);
  console.log(`|---|${o.variants.map(() => '---|').join('')}`);
  for (const w of WORKLOADS) {
    const cell = (v: V) => {
      const r = results[w][v].map((t, i) => t / results[w][o.yardstick][i]);
      return `${median(r).toFixed(2)}× (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)})`;
    };
    console.log(`| ${label[w]} | ${o.variants.map(cell).join(' | ')} |`);
  }
}

/**
 * One repetition in a child: every workload at a tenth of its size for every variant (untimed warm-up:
 * JIT, pools, server-side statements, so the variant that happens to run first is not charged for it),
 * then every workload timed for every variant in an order rotated by `rep`; `before(w)` runs untimed
 * before each timed variant. Throws when a variant's `digest` differs from the yardstick's.
 */
export async function timeRepetition<V extends string>(o: {
  rep: number;
  variants: V[];
  yardstick: V;
  workloads: Record<Workload, WorkloadFn<V>>;
  before?: (w: Workload) => Promise<unknown>;
  digest: (v: V, out: unknown[], tag: string) => string;
}): Promise<Times<V>> {
  const tagOf = (prefix: string, v: V) => `${prefix}${o.rep}_${v.replace(/ /g, '')}`;
  const tenth = (count: number) => Math.round(count * 0.1);
  const whole = (count: number) => count;
  for (const w of WORKLOADS) for (const v of o.variants) await o.workloads[w](v, tagOf('w', v), [], tenth);
  const times = {} as Times<V>;
  const order = o.variants.map((_, i) => o.variants[(i + o.rep) % o.variants.length]);
  for (const w of WORKLOADS) {
    times[w] = {} as Record<V, number>;
    const digests = new Map<V, string>();
    for (const v of order) {
      await o.before?.(w);
      const tag = tagOf('r', v);
      const out: unknown[] = [];
      const t = performance.now();
      await o.workloads[w](v, tag, out, whole);
      times[w][v] = performance.now() - t;
      digests.set(v, o.digest(v, out, tag));
    }
    for (const v of o.variants)
      if (digests.get(v) !== digests.get(o.yardstick))
        throw new Error(
          `${w}: ${v} returned other results than ${o.yardstick}\n${digests.get(v)?.slice(0, 600)}\n---\n${digests.get(o.yardstick)?.slice(0, 600)}`,
        );
  }
  return times;
}
