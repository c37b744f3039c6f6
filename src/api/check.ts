import path from 'node:path';
import { FlashError, ExitCode, isFlashError } from '../errors.js';
import type { Schema } from '../core/model/schema.js';
import { snapshotId } from '../core/snapshot/hash.js';
import { asRecorded } from './project/recorded-match.js';
import { diffSchemas } from '../core/diff/diff.js';
import { mergeSchemas } from '../core/merge/merge-schemas.js';
import { mergeHistories, snapshotsForHistoryMerge } from '../core/merge/merge-history.js';
import { describeConflict, type MergeConflict } from '../core/merge/merge-conflict.js';
import { findRepo, type GitRepo } from '../git/repo.js';
import { mergeBase } from '../git/branches.js';
import { runGit } from '../git/run-git.js';
import type { ProjectContext } from './project/project-context.js';
import { loadChain, lockPath, type Chain } from './project/chain.js';
import { desiredSchema } from './project/desired-schema.js';
import { runScript, withShadow } from './project/shadow.js';
import { lintPlan } from './project/lint-report.js';
import { SnapshotSource, lockAtRef } from './project/snapshot-source.js';
import { satisfiedBy } from './project/convergence.js';
import { describeOperation, formatChangeLine } from '../core/diff/describe-operation.js';
import type { Operation } from '../core/diff/operations.js';
import { genTargets } from '../config/gen-config.js';
import { gen } from './gen.js';
import { queryFiles } from './project/gen-queries.js';

const summarizeOps = (ops: readonly Operation[]) => ops.map((op) => formatChangeLine(describeOperation(op)));

export type CheckSeverity = 'error' | 'warning' | 'info';

/** One problem `flash check` found; `file`/`line` point at the migration or schema file when known. */
export interface CheckFinding {
  severity: CheckSeverity;
  code: string;
  message: string;
  file?: string;
  line?: number;
  /** schema object path for lint findings and conflicts */
  path?: string;
}

export interface CheckReport {
  ok: boolean;
  exitCode: number;
  base: { ref: string; commit?: string; mergeBase?: string };
  head: { commit?: string; expected: string };
  migrations: { total: number; new: string[] };
  findings: CheckFinding[];
  conflicts: MergeConflict[];
  warnings: MergeConflict[];
}

export interface CheckOptions {
  base?: string;
}

/**
 * CI gate for a pull request: chain and checksums, replay of every migration on a shadow database,
 * db/schema vs the last snapshot (a missing migration), a three-way merge against the base branch's
 * head, and lint of the migrations this branch adds. Read-only.
 */
export async function checkProject(pc: ProjectContext, options: CheckOptions = {}): Promise<CheckReport> {
  const repo = await findRepo(pc.project.dir);
  const findings: CheckFinding[] = [];
  const rel = (file: string) => path.relative(repo.root, file).split(path.sep).join('/');
  const baseRef = options.base ?? (await defaultBaseRef(repo));
  const baseCommit = (await runGit(repo.root, ['rev-parse', '--verify', '--quiet', `${baseRef}^{commit}`])).stdout.trim() || undefined;
  if (!baseCommit)
    throw new FlashError(
      'E_UNKNOWN_BRANCH',
      `Base ref "${baseRef}" does not exist in this repository.`,
      'Pass --base <branch or commit>; in CI fetch it first (actions/checkout with fetch-depth: 0).',
    );
  const headCommit = (await runGit(repo.root, ['rev-parse', '--verify', '--quiet', 'HEAD'])).stdout.trim() || undefined;
  const forkPoint = headCommit ? await mergeBase(repo, 'HEAD', baseCommit) : undefined;

  let chain: Chain;
  try {
    chain = await loadChain(pc);
  } catch (err) {
    if (!(err instanceof FlashError)) throw err;
    findings.push({ severity: 'error', code: err.code, message: err.message, file: rel(lockPath(pc)) });
    return finish({ baseRef, baseCommit, forkPoint, headCommit, expected: '', chain: undefined, findings, conflicts: [], warnings: [] });
  }
  for (const m of chain.migrations) {
    if (m.modified)
      findings.push({
        severity: 'error',
        code: 'E_CHECKSUM_MISMATCH',
        message: `${m.name}.sql changed after it was recorded in flash.lock (checksum ${m.checksum.slice(0, 12)} ≠ ${m.lock.checksum.slice(0, 12)}).`,
        file: rel(m.file),
        line: 1,
      });
    if ((m.parsed.from && m.parsed.from !== m.lock.from) || (m.parsed.to && m.parsed.to !== m.lock.to)) {
      findings.push({
        severity: 'warning',
        code: 'W_CHAIN_LINES',
        message: `${m.name}.sql's flash:from/flash:to lines differ from flash.lock (the lock is authoritative).`,
        file: rel(m.file),
        line: 1,
      });
    }
  }
  for (const name of chain.unsealed)
    findings.push({
      severity: 'error',
      code: 'E_CHAIN',
      message: `${name}.sql is not recorded in flash.lock.`,
      file: rel(path.join(pc.project.migrationsDir, `${name}.sql`)),
      line: 1,
    });

  const lockRel = rel(lockPath(pc));
  // lockAtRef says [] only when the file is absent at that commit; an unreadable or malformed base
  // lock is an error, not "the base has no migrations" (which would pass every rewrite of them).
  const baseLock = forkPoint ? await lockAtRef(repo, forkPoint, lockRel) : [];
  const baseHeadLock = await lockAtRef(repo, baseCommit, lockRel);
  const ours = chain.migrations.map((m) => m.lock);
  const sharedCount = countSharedPrefix(baseLock, ours);
  if (sharedCount < baseLock.length) {
    const at = baseLock[sharedCount];
    findings.push({
      severity: 'error',
      code: 'E_CHAIN',
      message: `This branch rewrote ${at.name}, a migration that already exists on ${baseRef}: merged migrations must not be edited, removed or reordered.`,
      file: lockRel,
    });
  }
  const newMigrations = chain.migrations.slice(sharedCount);

  const source = new SnapshotSource(pc.store, pc.provider, repo, [baseCommit, ...(headCommit ? ['HEAD'] : [])]);
  await replay(pc, chain, sharedCount, source, findings, rel);
  await compareDesired(pc, chain, source, findings, rel);
  await lintNew(pc, newMigrations, source, findings, rel);
  await checkGenerated(pc, findings, rel);
  const merge = await mergeWithBase(pc, source, baseLock.slice(0, sharedCount), ours, baseHeadLock, chain.emptyHash, findings);

  return finish({
    baseRef,
    baseCommit,
    forkPoint,
    headCommit,
    expected: chain.expected,
    chain,
    newNames: newMigrations.map((m) => m.name),
    findings,
    ...merge,
  });
}

function finish(r: {
  baseRef: string;
  baseCommit?: string;
  forkPoint?: string;
  headCommit?: string;
  expected: string;
  chain?: Chain;
  newNames?: string[];
  findings: CheckFinding[];
  conflicts: MergeConflict[];
  warnings: MergeConflict[];
}): CheckReport {
  const integrity = r.findings.some((f) => f.severity === 'error' && (f.code === 'E_CHECKSUM_MISMATCH' || f.code === 'E_STORE_CORRUPT'));
  const errors = r.findings.some((f) => f.severity === 'error');
  const exitCode = r.conflicts.length ? ExitCode.conflict : integrity ? ExitCode.integrity : errors ? ExitCode.user : ExitCode.ok;
  return {
    ok: exitCode === ExitCode.ok,
    exitCode,
    base: { ref: r.baseRef, commit: r.baseCommit, mergeBase: r.forkPoint },
    head: { commit: r.headCommit, expected: r.expected },
    migrations: { total: r.chain?.migrations.length ?? 0, new: r.newNames ?? [] },
    findings: r.findings,
    conflicts: r.conflicts,
    warnings: r.warnings,
  };
}

/** origin's default branch when a remote is set up, else `main`, else `master`. */
async function defaultBaseRef(repo: GitRepo): Promise<string> {
  const originHead = await runGit(repo.root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (originHead.code === 0 && originHead.stdout.trim()) return originHead.stdout.trim();
  for (const candidate of ['main', 'master']) {
    if ((await runGit(repo.root, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`])).code === 0) return candidate;
  }
  return 'main';
}

function countSharedPrefix(base: { name: string; to: string }[], ours: { name: string; to: string }[]): number {
  let i = 0;
  while (i < base.length && i < ours.length && base[i].name === ours[i].name && base[i].to === ours[i].to) i++;
  return i;
}

/** Run every Up section in order on a shadow; the migrations this branch adds are checked against their `to`. */
async function replay(
  pc: ProjectContext,
  chain: Chain,
  sharedCount: number,
  source: SnapshotSource,
  findings: CheckFinding[],
  rel: (f: string) => string,
): Promise<void> {
  await withShadow(pc, async (conn) => {
    const ran = new Set<string>();
    for (const [i, m] of chain.migrations.entries()) {
      // As `flash apply` does on an empty database: a migration satisfied by a convergent one that ran is skipped.
      const satisfied = satisfiedBy(m.lock, ran) !== undefined;
      if (!satisfied) ran.add(m.name);
      try {
        if (!satisfied) await runScript(pc, conn, m.parsed.up, m.file, m.parsed.upLine);
      } catch (err) {
        if (!(err instanceof FlashError) || err.code !== 'E_SQL') throw err;
        const line = Number((err.data as { line?: number } | undefined)?.line ?? 1);
        findings.push({ severity: 'error', code: 'E_SQL', message: `${m.name} does not replay: ${err.message}`, file: rel(m.file), line });
        return;
      }
      const last = i === chain.migrations.length - 1;
      if (i < sharedCount && !last) continue;
      const replayed = await pc.dialect.introspect(conn);
      // spelled as the recorded snapshot spells it (an earlier Flash may have recorded it in other words)
      const expected = snapshotId(replayed) === m.lock.to ? undefined : await loadIfKnown(source, m.lock.to);
      const actual = snapshotId(expected ? asRecorded(pc, expected, replayed) : replayed);
      if (actual !== m.lock.to) {
        const detail = expected
          ? `: ${summarizeOps(diffSchemas(asRecorded(pc, expected, replayed), expected, { traits: pc.dialect.traits }))
              .slice(0, 3)
              .join('; ')}`
          : '';
        findings.push({
          severity: 'error',
          code: 'E_CHAIN',
          message: `Replaying ${m.name} gives schema ${actual.slice(0, 12)}, not its recorded ${m.lock.to.slice(0, 12)}${detail}.`,
          file: rel(m.file),
          line: 1,
        });
        return;
      }
    }
  });
}

async function compareDesired(
  pc: ProjectContext,
  chain: Chain,
  source: SnapshotSource,
  findings: CheckFinding[],
  rel: (f: string) => string,
): Promise<void> {
  let desired;
  try {
    desired = await desiredSchema(pc);
  } catch (err) {
    if (!(err instanceof FlashError) || err.code !== 'E_SQL') throw err;
    const data = err.data as { file?: string; line?: number } | undefined;
    const message = data?.file ? err.message.replace(`${data.file}:${data.line}: `, '') : err.message;
    findings.push({ severity: 'error', code: 'E_SQL', message, file: data?.file, line: data?.line });
    return;
  }
  if (snapshotId(desired) === chain.expected) return;
  const expected = await loadIfKnown(source, chain.expected);
  const changes = expected ? summarizeOps(diffSchemas(expected, desired, { traits: pc.dialect.traits })) : [];
  if (expected && snapshotId(asRecorded(pc, expected, desired)) === chain.expected) {
    // The same catalog in other words: an earlier Flash recorded it so (recorded-spelling.ts). Not a
    // missing change, but the database still says it the recorded way: said, not failed.
    findings.push({
      severity: 'warning',
      code: 'W_RECORDED_SPELLING',
      message: `${rel(pc.project.schemaDir)} spells ${changes.slice(0, 4).join('; ')}${changes.length > 4 ? '; …' : ''} other than the last migration's schema, which an earlier Flash recorded in other words for the same catalog: \`flash migrate\` writes the migration that makes the database say it as the files do.`,
      file: rel(pc.project.schemaDir),
    });
    return;
  }
  findings.push({
    severity: 'error',
    code: 'E_MISSING_MIGRATION',
    message: `${rel(pc.project.schemaDir)} differs from the last migration's schema${changes.length ? ` (${changes.slice(0, 4).join('; ')}${changes.length > 4 ? '; …' : ''})` : ''}: a migration is missing.`,
    file: rel(pc.project.schemaDir),
  });
}

async function lintNew(
  pc: ProjectContext,
  migrations: Chain['migrations'],
  source: SnapshotSource,
  findings: CheckFinding[],
  rel: (f: string) => string,
): Promise<void> {
  for (const m of migrations) {
    const from = await loadIfKnown(source, m.lock.from);
    const to = await loadIfKnown(source, m.lock.to);
    if (!from || !to) continue; // lint needs both; a snapshot neither stored nor committed is `flash fsck`'s to report
    const ops = diffSchemas(from, to, { traits: pc.dialect.traits });
    const statements = pc.dialect.render(ops, { from, to });
    for (const f of lintPlan(pc, ops, statements, from, to)) {
      findings.push({
        severity: f.severity,
        code: f.code,
        message: `${m.name}: ${f.message}`,
        file: rel(m.file),
        line: lineOf(m.text, m.parsed.upLine ?? 1, f.object),
        path: f.object,
      });
    }
  }
}

/** Line of the first mention of the object's last name segment in the Up section, else the Up marker. */
function lineOf(text: string, up: number, object: string): number {
  const name = object.split('.').pop() ?? object;
  const lines = text.split('\n');
  for (let i = up - 1; i < lines.length; i++) {
    if (/^--\s*\+migrate\s+down/i.test(lines[i])) break;
    if (name && lines[i].includes(name)) return i + 1;
  }
  return up;
}

async function mergeWithBase(
  pc: ProjectContext,
  source: SnapshotSource,
  base: Chain['migrations'][number]['lock'][],
  ours: Chain['migrations'][number]['lock'][],
  theirs: Chain['migrations'][number]['lock'][],
  emptyHash: string,
  findings: CheckFinding[],
): Promise<{ conflicts: MergeConflict[]; warnings: MergeConflict[] }> {
  try {
    await source.loadAll(snapshotsForHistoryMerge({ base, ours, theirs, emptyHash }));
  } catch (err) {
    if (!(err instanceof FlashError)) throw err;
    findings.push({ severity: 'error', code: err.code, message: err.message });
    return { conflicts: [], warnings: [] };
  }
  const baseHash = base.at(-1)?.to ?? emptyHash;
  const oursHash = ours.at(-1)?.to ?? emptyHash;
  const theirsHash = theirs.at(-1)?.to ?? emptyHash;
  const schemaMerge = mergeSchemas(source.get(baseHash), source.get(oursHash), source.get(theirsHash), { traits: pc.dialect.traits });
  if (!schemaMerge.ok) return { conflicts: schemaMerge.conflicts, warnings: schemaMerge.warnings };
  try {
    const history = mergeHistories({ base, ours, theirs, schemaOf: (id) => source.get(id), emptyHash }, pc.dialect.traits);
    if (!history.ok) return { conflicts: history.conflicts, warnings: schemaMerge.warnings };
  } catch (err) {
    if (!(err instanceof FlashError)) throw err;
    findings.push({ severity: 'error', code: err.code, message: err.message });
  }
  for (const w of schemaMerge.warnings) findings.push({ severity: 'warning', code: w.code, message: describeConflict(w), path: w.path });
  return { conflicts: [], warnings: schemaMerge.warnings };
}

/**
 * `flash check` runs `flash gen --check` when the project generates clients (a gen target is enabled
 * and db/queries holds query files): committed generated code that differs from what `flash gen`
 * writes is an error (E_GEN_STALE), and so is a query that no longer prepares (E_QUERY).
 */
async function checkGenerated(pc: ProjectContext, findings: CheckFinding[], rel: (file: string) => string): Promise<void> {
  if (!pc.dialect.queries || genTargets(pc.project.config, pc.project.dir).length === 0) return;
  if ((await queryFiles(pc.project.queriesDir)).length === 0) return;
  let report;
  try {
    report = await gen(pc, { check: true });
  } catch (err) {
    if (!(err instanceof FlashError) || err.code !== 'E_QUERY') throw err;
    const data = err.data as { file?: string; line?: number } | undefined;
    findings.push({
      severity: 'error',
      code: 'E_QUERY',
      message: data?.file ? err.message.replace(`${data.file}:${data.line}: `, '') : err.message,
      file: data?.file ? rel(path.join(pc.project.dir, data.file)) : undefined,
      line: data?.line,
    });
    return;
  }
  for (const f of report.files.filter((x) => x.state === 'stale')) {
    findings.push({
      severity: 'error',
      code: 'E_GEN_STALE',
      message: `missing or stale: it differs from what \`flash gen\` writes for db/queries and db/schema; run \`flash gen\` and commit the result.`,
      file: rel(path.resolve(pc.project.dir, f.path)),
    });
  }
}

/** The snapshot `id`, or undefined when neither the store nor the refs hold it: the finding then goes without its detail. */
async function loadIfKnown(source: SnapshotSource, id: string): Promise<Schema | undefined> {
  try {
    return await source.load(id);
  } catch (err) {
    if (isFlashError(err) && err.code === 'E_STORE_MISSING') return undefined;
    throw err;
  }
}
