import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import type { Schema } from '../core/model/schema.js';
import { mergeSchemas } from '../core/merge/merge-schemas.js';
import { mergeHistories, snapshotsForHistoryMerge } from '../core/merge/merge-history.js';
import { ConflictCode, type MergeConflict } from '../core/merge/merge-conflict.js';
import type { LockEntry } from '../core/plan/lock-file.js';
import { parseMigrationFile, setChainHashes } from '../core/plan/migration-file.js';
import { atomicWrite } from '../store/atomic-write.js';
import { pathExists, readText } from '../store/read-if-exists.js';
import { findRepo } from '../git/repo.js';
import { branchExists, mergeBase } from '../git/branches.js';
import { git, runGit, firstLines } from '../git/run-git.js';
import type { ProjectContext } from './project/project-context.js';
import { emptyHashOf, lockPath, writeLock } from './project/chain.js';
import { replayFrom, type ReplayStart } from './project/history-replay.js';
import { emptySchema } from '../core/model/schema.js';
import { SnapshotSource, lockAtRef } from './project/snapshot-source.js';
import { writeMergeConflicts, type MergeConflictsFile } from './project/merge-state.js';
import { reconcileSchemaFiles } from './project/schema-reconcile.js';
import { annotateConflictMarkers } from '../core/merge/annotate-markers.js';
import { columnConflict, typeCombinations } from '../core/merge/column-combinations.js';
import { sharedChanges } from '../core/merge/overlap.js';
import { handWritten, planRemainderHistory, type PlannedFile, type RemainderHistory } from './project/merge-remainder.js';

export interface MergeReport {
  status: 'merged' | 'up-to-date' | 'conflicts' | 'text-conflicts';
  branch: string;
  mergedHash?: string;
  ours: string[];
  theirs: string[];
  repointed: Array<{ name: string; from: string; to: string }>;
  conflicts: MergeConflict[];
  warnings: MergeConflict[];
  /** files git could not merge as text (other than flash.lock, which Flash rebuilds) */
  textConflicts: string[];
  committed: boolean;
  /** migrations recorded as satisfied by the other branch's identical change (docs/MERGE.md, convergence) */
  convergent: Array<{ name: string; satisfiedBy: string }>;
  /** db/schema files git left in text conflict that Flash rewrote from the merged schema (verified, staged) */
  rewritten: string[];
  /** why the db/schema text conflicts could not be reconciled, when they could not */
  notReconciled?: string;
  /** histories that overlap only partly: the objects both changed alike, and the remainder migrations written */
  overlap?: { shared: string[]; remainders: string[] };
}

const NO_HOOKS = { FLASH_SKIP_HOOKS: '1' };

/** `mergeBranches`: one report per database (a single-database project has one, `name` undefined). */
export interface MergeAllReport {
  status: MergeReport['status'];
  branch: string;
  committed: boolean;
  databases: Array<{ name?: string; report: MergeReport }>;
}

/**
 * `flash merge <branch>`: git merge without committing, then a three-way merge of the schemas
 * (merge base, HEAD, branch) and of the migration histories. Clean: the lock lists ours' migrations
 * then theirs' with from/to re-pointed, checked by replaying both orders on a shadow, and the merge
 * is committed. Conflicts: `.flash/MERGE_CONFLICTS.json` is written and the work tree left as git left it.
 */
export async function mergeBranch(pc: ProjectContext, branch: string, options: { commit?: boolean } = {}): Promise<MergeReport> {
  return (await mergeBranches([pc], branch, options)).databases[0].report;
}

/**
 * The merge of every database of a `[[databases]]` project: one git merge, then each database's
 * schemas and chain merged as `mergeBranch` does (each its own store, lock and MERGE_CONFLICTS.json),
 * and one commit when every database merged cleanly. A database with conflicts leaves the merge in
 * progress for `flash resolve --db <name>`; the others' merged chains are staged.
 */
export async function mergeBranches(all: ProjectContext[], branch: string, options: { commit?: boolean } = {}): Promise<MergeAllReport> {
  const repo = await findRepo(all[0].project.dir);
  if (!(await branchExists(repo, branch))) {
    throw new FlashError('E_UNKNOWN_BRANCH', `There is no branch "${branch}".`, 'List branches with `git branch` or `flash branch list`.');
  }
  if (await pathExists(path.join(repo.gitDir, 'MERGE_HEAD'))) {
    throw new FlashError(
      'E_MERGE_IN_PROGRESS',
      'A merge is already in progress.',
      'Finish it (`flash resolve`, then `git commit`) or abort it with `git merge --abort`.',
    );
  }
  const dirty = (await git(repo.root, ['status', '--porcelain', '--untracked-files=no'])).trim();
  if (dirty)
    throw new FlashError('E_DIRTY_TREE', 'The work tree has uncommitted changes.', `Commit or stash them first:\n${firstLines(dirty)}`);

  const oursCommit = (await git(repo.root, ['rev-parse', 'HEAD'])).trim();
  const theirsCommit = (await git(repo.root, ['rev-parse', `${branch}^{commit}`])).trim();
  const baseCommit = await mergeBase(repo, oursCommit, theirsCommit);
  if (!baseCommit)
    throw new FlashError('E_GIT', `HEAD and ${branch} share no history.`, 'Flash merges branches that have a common ancestor.');
  const commits = { base: baseCommit, ours: oursCommit, theirs: theirsCommit };
  const prepared: Array<{
    pc: ProjectContext;
    report: MergeReport;
    lockRel: string;
    source: SnapshotSource;
    locks: { base: LockEntry[]; ours: LockEntry[]; theirs: LockEntry[] };
  }> = [];
  for (const pc of all) {
    const report: MergeReport = {
      status: 'up-to-date',
      branch,
      ours: [],
      theirs: [],
      repointed: [],
      conflicts: [],
      warnings: [],
      textConflicts: [],
      committed: false,
      convergent: [],
      rewritten: [],
    };
    const lockRel = path.relative(repo.root, lockPath(pc)).split(path.sep).join('/');
    const [baseLock, oursLock, theirsLock] = await Promise.all([
      lockAtRef(repo, baseCommit, lockRel),
      lockAtRef(repo, oursCommit, lockRel),
      lockAtRef(repo, theirsCommit, lockRel),
    ]);
    const source = new SnapshotSource(pc.store, pc.provider, repo, [oursCommit, theirsCommit, baseCommit]);
    if (baseCommit !== theirsCommit) {
      await source.loadAll(snapshotsForHistoryMerge({ base: baseLock, ours: oursLock, theirs: theirsLock, emptyHash: emptyHashOf(pc) }));
      report.ours = oursLock.slice(baseLock.length).map((e) => e.name);
      report.theirs = theirsLock.slice(baseLock.length).map((e) => e.name);
    }
    prepared.push({ pc, report, lockRel, source, locks: { base: baseLock, ours: oursLock, theirs: theirsLock } });
  }
  const result = (status: MergeReport['status'], committed: boolean): MergeAllReport => ({
    status,
    branch,
    committed,
    databases: prepared.map((p) => ({ ...(p.pc.project.database ? { name: p.pc.project.database.name } : {}), report: p.report })),
  });
  if (baseCommit === theirsCommit) return result('up-to-date', false);

  const gitMerge = await runGit(repo.root, ['merge', '--no-ff', '--no-commit', '-m', `Merge branch '${branch}'`, theirsCommit], NO_HOOKS);
  const unmerged = (await git(repo.root, ['diff', '--name-only', '--diff-filter=U'])).split('\n').filter(Boolean);
  if (gitMerge.code !== 0 && unmerged.length === 0) {
    throw new FlashError(
      'E_GIT',
      `git merge failed: ${firstLines(gitMerge.stderr || gitMerge.stdout)}`,
      'Nothing was changed; fix the problem git reports and retry.',
    );
  }
  const lockRels = new Set(prepared.map((p) => p.lockRel));
  const textConflicts = unmerged.filter((f) => !lockRels.has(f));
  try {
    for (const p of prepared) {
      p.report.textConflicts = textConflicts;
      await mergeStarted(p.pc, repo, { branch, lockRel: p.lockRel, locks: p.locks, commits, source: p.source, report: p.report });
    }
    if (prepared.some((p) => p.report.status === 'conflicts')) return result('conflicts', false);
    const rewritten = new Set(prepared.flatMap((p) => p.report.rewritten));
    const remaining = textConflicts.filter((f) => !rewritten.has(f));
    for (const p of prepared) p.report.textConflicts = remaining;
    if (remaining.length) {
      for (const p of prepared) p.report.status = 'text-conflicts';
      return result('text-conflicts', false);
    }
    if (options.commit === false) return result('merged', false);
    await git(repo.root, ['commit', '--no-edit', '--no-verify'], NO_HOOKS);
    for (const p of prepared) p.report.committed = true;
    return result('merged', true);
  } catch (err) {
    throw await undoStartedMerge(repo.root, err);
  }
}

/**
 * A merge Flash refuses after git's merge started (E_CHAIN from a rewritten history, a shadow that
 * cannot be reached, …) must not stay in progress: nothing recorded it as a Flash merge, so `apply`
 * would act on a half-merged tree. The tree was clean before the merge (checked above), so
 * resetting to HEAD restores exactly what the user had; untracked files are never touched.
 */
async function undoStartedMerge(root: string, err: unknown): Promise<unknown> {
  const reset = await runGit(root, ['reset', '--hard', '--quiet', 'HEAD'], NO_HOOKS);
  if (!(err instanceof FlashError)) return err;
  const hint =
    reset.code === 0
      ? `Flash undid the merge it started; the work tree is as it was.${err.hint ? ` ${err.hint}` : ''}`
      : `Flash could not undo the merge it started (${firstLines(reset.stderr)}): run \`git merge --abort\`.${err.hint ? ` ${err.hint}` : ''}`;
  return new FlashError(err.code, err.message, hint, { exitCode: err.exitCode, data: err.data, cause: err });
}

async function mergeStarted(
  pc: ProjectContext,
  repo: Awaited<ReturnType<typeof findRepo>>,
  m: {
    branch: string;
    lockRel: string;
    locks: { base: LockEntry[]; ours: LockEntry[]; theirs: LockEntry[] };
    commits: { base: string; ours: string; theirs: string };
    source: SnapshotSource;
    report: MergeReport;
  },
): Promise<MergeReport> {
  const { branch, lockRel, source, report } = m;
  const { base: baseLock, ours: oursLock, theirs: theirsLock } = m.locks;
  const { base: baseCommit, ours: oursCommit, theirs: theirsCommit } = m.commits;
  const emptyHash = emptyHashOf(pc);
  const hashOf = (lock: LockEntry[]) => lock.at(-1)?.to ?? emptyHash;
  const schemaMerge = mergeSchemas(source.get(hashOf(baseLock)), source.get(hashOf(oursLock)), source.get(hashOf(theirsLock)), {
    traits: pc.dialect.traits,
  });
  report.warnings = schemaMerge.warnings;
  const state: MergeConflictsFile = {
    version: 1,
    branch,
    base: { commit: baseCommit, hash: hashOf(baseLock), lock: baseLock },
    ours: { commit: oursCommit, hash: hashOf(oursLock), lock: oursLock },
    theirs: { commit: theirsCommit, hash: hashOf(theirsLock), lock: theirsLock },
    conflicts: [],
    warnings: schemaMerge.warnings,
    resolutions: {},
  };
  if (!schemaMerge.ok) return stopWithConflicts(pc, state, report, schemaMerge.conflicts);

  const history = mergeHistories(
    { base: baseLock, ours: oursLock, theirs: theirsLock, schemaOf: (id) => source.get(id), emptyHash },
    pc.dialect.traits,
  );
  if (!history.ok) return stopWithConflicts(pc, state, report, history.conflicts);

  // Plan, verify, then write: a merge stopped by the verification leaves no Flash file behind.
  report.repointed = history.repointed;
  report.mergedHash = history.mergedId;
  const { conflicts: nonCommuting, reasons } = await verifyMergedHistory(
    pc,
    source,
    { base: baseLock, ours: oursLock, theirs: theirsLock },
    history.entries,
    history.merged,
  );
  let planned: { entries: LockEntry[]; repointed: MergeReport['repointed']; snapshots: Schema[]; files: PlannedFile[] } = {
    ...history,
    files: [],
  };
  if (nonCommuting.length) {
    // A type change on one side and a default/nullability/collation change on the other is a column-level
    // disagreement: name the column (C008), not the history.
    const [b, o, t] = [source.get(hashOf(baseLock)), source.get(hashOf(oursLock)), source.get(hashOf(theirsLock))];
    const combos = typeCombinations(b, o, t);
    const why = reasons[0] ?? 'the merged migrations do not replay';
    if (combos.length)
      return stopWithConflicts(
        pc,
        state,
        report,
        combos.map((c) => columnConflict(c, b, o, t, why)),
      );
    // Histories that overlap only partly (both add `bio`, one also indexes it): each side's migrations are
    // skipped where the other's ran, and a regenerated remainder completes each head (docs/MERGE.md).
    const shared = sharedChanges(b, o, t);
    if (!shared.length) return stopWithConflicts(pc, state, report, nonCommuting);
    const overlap = await planPartialOverlap(pc, source, m.locks, history.merged, branch, shared);
    if (!overlap.ok) return stopWithConflicts(pc, state, report, [overlap.conflict]);
    planned = overlap.history;
    report.mergedHash = overlap.history.targetId;
    report.repointed = overlap.history.repointed;
    report.overlap = { shared, remainders: overlap.history.files.map((f) => f.name) };
  }

  for (const s of planned.snapshots) await pc.store.put(s);
  for (const r of planned.repointed) {
    const file = path.join(pc.project.migrationsDir, `${r.name}.sql`);
    await atomicWrite(file, setChainHashes(await fs.readFile(file, 'utf8'), r.from, r.to));
  }
  for (const f of planned.files) await atomicWrite(f.file, f.text);
  await writeLock(pc, planned.entries);
  if (!report.overlap)
    report.convergent = planned.entries.filter((e) => e.satisfiedBy).map((e) => ({ name: e.name, satisfiedBy: e.satisfiedBy! }));

  const schemaDirRel = path.relative(repo.root, pc.project.schemaDir).split(path.sep).join('/');
  const schemaConflicts = report.textConflicts.filter((f) => isSchemaFile(f, schemaDirRel));
  if (schemaConflicts.length) {
    const outcome = await reconcileSchemaFiles(pc, repo, schemaConflicts, history.merged, report.mergedHash);
    if (outcome.ok) {
      report.rewritten = outcome.rewritten;
      report.textConflicts = report.textConflicts.filter((f) => !outcome.rewritten.includes(f));
    } else report.notReconciled = outcome.reason;
  }

  await git(repo.root, [
    'add',
    '--',
    lockRel,
    path.relative(repo.root, pc.store.root),
    ...planned.repointed.map((r) => path.relative(repo.root, path.join(pc.project.migrationsDir, `${r.name}.sql`))),
    ...planned.files.map((f) => path.relative(repo.root, f.file)),
  ]);
  // Text conflicts left and the commit are the caller's: one git merge spans every database.
  report.status = 'merged';
  return report;
}

async function stopWithConflicts(
  pc: ProjectContext,
  state: MergeConflictsFile,
  report: MergeReport,
  conflicts: MergeConflict[],
): Promise<MergeReport> {
  state.conflicts = conflicts;
  // The schema files stay for the user to edit; their conflict markers say which Flash conflict each hunk is.
  const repo = await findRepo(pc.project.dir);
  const schemaDirRel = path.relative(repo.root, pc.project.schemaDir).split(path.sep).join('/');
  for (const rel of report.textConflicts.filter((f) => isSchemaFile(f, schemaDirRel))) {
    const file = path.join(repo.root, rel);
    const text = await fs.readFile(file, 'utf8');
    const annotated = annotateConflictMarkers(text, conflicts);
    if (annotated !== text) await fs.writeFile(file, annotated);
  }
  await writeMergeConflicts(pc.store.root, state);
  report.status = 'conflicts';
  report.conflicts = conflicts;
  return report;
}

/**
 * The promise of a merge: a database at ours' head, one at theirs' head and an empty one all reach the
 * merged schema with plain `flash apply` of the merged lock (convergent migrations skipped as
 * satisfied). Replayed on shadows before anything is written; a miss means the SQL of the two
 * histories does not commute (e.g. a SQLite table rebuild that would drop the other side's column)
 * and is reported as a conflict whose resolution regenerates theirs' migration.
 */
async function verifyMergedHistory(
  pc: ProjectContext,
  source: SnapshotSource,
  locks: { base: LockEntry[]; ours: LockEntry[]; theirs: LockEntry[] },
  entries: LockEntry[],
  merged: Schema,
  planned: PlannedFile[] = [],
): Promise<{ conflicts: MergeConflict[]; reasons: string[] }> {
  const hashOf = (lock: LockEntry[]) => lock.at(-1)?.to ?? emptyHashOf(pc);
  const sqlOf = async (name: string) => {
    const file = path.join(pc.project.migrationsDir, `${name}.sql`);
    const text = planned.find((f) => f.name === name)?.text ?? (await readText(file));
    return { file, up: parseMigrationFile(name, text, pc.dialect.capabilities.quoteSyntax).up };
  };
  const names = (lock: LockEntry[]) => lock.map((e) => e.name);
  const starts: ReplayStart[] = [
    { label: 'ours', schema: source.get(hashOf(locks.ours)), applied: names(locks.ours) },
    { label: 'theirs', schema: source.get(hashOf(locks.theirs)), applied: names(locks.theirs) },
    { label: 'empty', schema: emptySchema(pc.provider), applied: [] },
  ];
  const conflicts: MergeConflict[] = [];
  const reasons: string[] = [];
  for (const start of starts) {
    const pending = entries.filter((e) => !start.applied.includes(e.name));
    if (!pending.length) continue;
    const outcome = await replayFrom(pc, start, entries, merged, sqlOf);
    if (outcome.reached) continue;
    reasons.push(outcome.reason);
    // A database at ours' head runs theirs' migrations (and vice versa); from empty, theirs' run last.
    const runs = start.label === 'theirs' ? 'ours' : 'theirs';
    const conflictPath = `history:${runs}`;
    const detail = start.label === 'empty' ? 'an empty database applying the merged history' : `a database at ${start.label}' head`;
    const message = `${runs === 'theirs' ? "Theirs'" : "Ours'"} migrations (${pending.map((e) => e.name).join(', ')}) do not bring ${detail} to the merged schema (${outcome.reason}).`;
    const existing = conflicts.find((c) => c.path === conflictPath);
    if (existing) existing.message += ` Also: ${message}`;
    else
      conflicts.push({
        code: ConflictCode.historyNonCommuting,
        kind: 'history-non-commuting',
        path: conflictPath,
        message,
        resolutions: ['theirs'],
      });
  }
  return { conflicts, reasons };
}

/**
 * Partial overlap (docs/MERGE.md): plan the remainder history and verify it like any merged history.
 * Refused as C009, naming the shared objects, when a migration that would be skipped holds SQL Flash
 * did not generate (a backfill would silently not run) or the remainder history does not replay.
 */
async function planPartialOverlap(
  pc: ProjectContext,
  source: SnapshotSource,
  locks: { base: LockEntry[]; ours: LockEntry[]; theirs: LockEntry[] },
  merged: Schema,
  branch: string,
  shared: string[],
): Promise<{ ok: true; history: RemainderHistory } | { ok: false; conflict: MergeConflict }> {
  const schemaOf = (id: string) => source.get(id);
  const history = planRemainderHistory(pc, { ...locks, schemaOf, emptyHash: emptyHashOf(pc), target: merged, branch, now: new Date() });
  const fresh = [...locks.ours, ...locks.theirs].slice(0).filter((e, i, all) => all.findIndex((x) => x.name === e.name) === i);
  const newOnes = fresh.filter((e) => !locks.base.some((b) => b.name === e.name));
  const written = await handWritten(pc, newOnes, schemaOf);
  const objects = shared.join(', ');
  const conflict = (why: string): MergeConflict => ({
    code: ConflictCode.historyPartialOverlap,
    kind: 'history-partial-overlap',
    path: 'history:theirs',
    message: `Both branches made the same change to ${objects}, but only partly in the same migrations; ${why}`,
    resolutions: ['theirs'],
  });
  if (written.length) {
    return {
      ok: false,
      conflict: conflict(
        `${written.join(', ')} ${written.length === 1 ? 'holds' : 'hold'} SQL Flash did not generate, which would not run on every database if the overlap were skipped.`,
      ),
    };
  }
  const check = await verifyMergedHistory(pc, source, locks, history.entries, merged, history.files);
  if (check.conflicts.length)
    return { ok: false, conflict: conflict(`the remainder history does not replay (${check.reasons[0] ?? ''}).`) };
  return { ok: true, history };
}

function isSchemaFile(rel: string, schemaDirRel: string): boolean {
  return rel.startsWith(`${schemaDirRel}/`) && rel.toLowerCase().endsWith('.sql');
}
