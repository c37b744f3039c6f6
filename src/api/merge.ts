import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import type { Schema } from '../core/model/schema.js';
import { columnOrderInsensitiveId } from '../core/snapshot/hash.js';
import { mergeSchemas } from '../core/merge/merge-schemas.js';
import { mergeHistories, snapshotsForHistoryMerge } from '../core/merge/merge-history.js';
import { ConflictCode, type MergeConflict } from '../core/merge/merge-conflict.js';
import type { LockEntry } from '../core/plan/lock-file.js';
import { parseMigrationFile, setChainHashes } from '../core/plan/migration-file.js';
import { atomicWrite } from '../store/atomic-write.js';
import { findRepo } from '../git/repo.js';
import { branchExists, mergeBase } from '../git/branches.js';
import { git, runGit, firstLines } from '../git/run-git.js';
import { openProject, type ProjectContext } from './project-context.js';
import { emptyHashOf, lockPath, writeLock } from './chain.js';
import { materialize, runScript, withShadow } from './shadow.js';
import { SnapshotSource, lockAtRef } from './snapshot-source.js';
import { writeMergeConflicts, type MergeConflictsFile } from './merge-state.js';

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
}

const NO_HOOKS = { FLASH_SKIP_HOOKS: '1' };

/**
 * `flash merge <branch>`: git merge without committing, then a three-way merge of the schemas
 * (merge base, HEAD, branch) and of the migration histories. Clean: the lock lists ours' migrations
 * then theirs' with from/to re-pointed, checked by replaying both orders on a shadow, and the merge
 * is committed. Conflicts: `.flash/MERGE_CONFLICTS.json` is written and the work tree left as git left it.
 */
export async function mergeBranch(dir: string, branch: string, options: { commit?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<MergeReport> {
  const pc = await openProject(dir, options.env);
  const repo = await findRepo(pc.project.dir);
  if (!(await branchExists(repo, branch))) {
    throw new FlashError('E_UNKNOWN_BRANCH', `There is no branch "${branch}".`, 'List branches with `git branch` or `flash branch list`.');
  }
  if (await exists(path.join(repo.gitDir, 'MERGE_HEAD'))) {
    throw new FlashError('E_USAGE', 'A merge is already in progress.', 'Finish it (`flash resolve`, then `git commit`) or abort it with `git merge --abort`.');
  }
  const dirty = (await git(repo.root, ['status', '--porcelain', '--untracked-files=no'])).trim();
  if (dirty) throw new FlashError('E_DIRTY_TREE', 'The work tree has uncommitted changes.', `Commit or stash them first:\n${firstLines(dirty)}`);

  const oursCommit = (await git(repo.root, ['rev-parse', 'HEAD'])).trim();
  const theirsCommit = (await git(repo.root, ['rev-parse', `${branch}^{commit}`])).trim();
  const baseCommit = await mergeBase(repo, oursCommit, theirsCommit);
  if (!baseCommit) throw new FlashError('E_GIT', `HEAD and ${branch} share no history.`, 'Flash merges branches that have a common ancestor.');
  const report: MergeReport = { status: 'up-to-date', branch, ours: [], theirs: [], repointed: [], conflicts: [], warnings: [], textConflicts: [], committed: false };
  if (baseCommit === theirsCommit) return report;

  const lockRel = path.relative(repo.root, lockPath(pc)).split(path.sep).join('/');
  const [baseLock, oursLock, theirsLock] = await Promise.all([lockAtRef(repo, baseCommit, lockRel), lockAtRef(repo, oursCommit, lockRel), lockAtRef(repo, theirsCommit, lockRel)]);
  const emptyHash = emptyHashOf(pc);
  const source = new SnapshotSource(pc.store, pc.provider, repo, [oursCommit, theirsCommit, baseCommit]);
  await source.loadAll(snapshotsForHistoryMerge({ base: baseLock, ours: oursLock, theirs: theirsLock, emptyHash }));
  const hashOf = (lock: LockEntry[]) => lock.at(-1)?.to ?? emptyHash;
  report.ours = oursLock.slice(baseLock.length).map((e) => e.name);
  report.theirs = theirsLock.slice(baseLock.length).map((e) => e.name);

  const gitMerge = await runGit(repo.root, ['merge', '--no-ff', '--no-commit', '-m', `Merge branch '${branch}'`, theirsCommit], NO_HOOKS);
  const unmerged = (await git(repo.root, ['diff', '--name-only', '--diff-filter=U'])).split('\n').filter(Boolean);
  if (gitMerge.code !== 0 && unmerged.length === 0) {
    throw new FlashError('E_GIT', `git merge failed: ${firstLines(gitMerge.stderr || gitMerge.stdout)}`, 'Nothing was changed; fix the problem git reports and retry.');
  }
  report.textConflicts = unmerged.filter((f) => f !== lockRel);

  const schemaMerge = mergeSchemas(source.get(hashOf(baseLock)), source.get(hashOf(oursLock)), source.get(hashOf(theirsLock)));
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

  const history = mergeHistories({ base: baseLock, ours: oursLock, theirs: theirsLock, schemaOf: (id) => source.get(id), emptyHash });
  if (!history.ok) return stopWithConflicts(pc, state, report, history.conflicts);

  for (const s of history.snapshots) await pc.store.put(s);
  for (const r of history.repointed) {
    const file = path.join(pc.project.migrationsDir, `${r.name}.sql`);
    await atomicWrite(file, setChainHashes(await fs.readFile(file, 'utf8'), r.from, r.to));
  }
  await writeLock(pc, history.entries);
  report.repointed = history.repointed;
  report.mergedHash = history.mergedId;

  const nonCommuting = await verifyBothOrders(pc, source, { ours: hashOf(oursLock), theirs: hashOf(theirsLock) }, report, history.merged);
  if (nonCommuting.length) return stopWithConflicts(pc, state, report, nonCommuting);

  await git(repo.root, ['add', '--', lockRel, path.relative(repo.root, pc.store.root), ...history.repointed.map((r) => path.relative(repo.root, path.join(pc.project.migrationsDir, `${r.name}.sql`)))]);
  if (report.textConflicts.length) {
    report.status = 'text-conflicts';
    return report;
  }
  report.status = 'merged';
  if (options.commit !== false) {
    await git(repo.root, ['commit', '--no-edit', '--no-verify'], NO_HOOKS);
    report.committed = true;
  }
  return report;
}

async function stopWithConflicts(pc: ProjectContext, state: MergeConflictsFile, report: MergeReport, conflicts: MergeConflict[]): Promise<MergeReport> {
  state.conflicts = conflicts;
  await writeMergeConflicts(pc.store.root, state);
  report.status = 'conflicts';
  report.conflicts = conflicts;
  return report;
}

/**
 * The promise of a merge: a database at ours' head reaches the merged schema by running theirs'
 * migrations, and one at theirs' head by running ours'. Replayed on shadows; a mismatch means the
 * SQL of the two histories does not commute (e.g. a SQLite table rebuild that would drop the other
 * side's column) and is reported as a conflict whose resolution regenerates theirs' migration.
 */
async function verifyBothOrders(pc: ProjectContext, source: SnapshotSource, heads: { ours: string; theirs: string }, report: MergeReport, merged: Schema): Promise<MergeConflict[]> {
  const want = columnOrderInsensitiveId(merged);
  const conflicts: MergeConflict[] = [];
  const runs: Array<{ start: string; names: string[]; label: 'ours' | 'theirs' }> = [
    { start: heads.ours, names: report.theirs, label: 'theirs' },
    { start: heads.theirs, names: report.ours, label: 'ours' },
  ];
  for (const run of runs) {
    if (!run.names.length) continue;
    const got = await withShadow(pc, async (conn) => {
      await materialize(pc, conn, source.get(run.start));
      for (const name of run.names) {
        const file = path.join(pc.project.migrationsDir, `${name}.sql`);
        const text = await fs.readFile(file, 'utf8');
        try {
          await runScript(pc, conn, parseMigrationFile(name, text, pc.dialect.capabilities.quoteSyntax).up, file);
        } catch (err) {
          if (err instanceof FlashError && err.code === 'E_SQL') return `fails: ${err.message}`;
          throw err;
        }
      }
      return columnOrderInsensitiveId(await pc.dialect.introspect(conn));
    });
    if (got !== want) {
      const other = run.label === 'theirs' ? 'ours' : 'theirs';
      conflicts.push({
        code: ConflictCode.historyNonCommuting,
        kind: 'history-non-commuting',
        path: `history:${run.label}`,
        message: `${run.label === 'theirs' ? "Theirs'" : "Ours'"} migrations (${run.names.join(', ')}) do not reach the merged schema when run after ${other}' migrations${got.startsWith('fails') ? ` (${got})` : ''}.`,
        resolutions: ['theirs'],
      });
    }
  }
  return conflicts;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}
