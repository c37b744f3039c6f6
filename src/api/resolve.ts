import path from 'node:path';
import { FlashError, isFlashError } from '../errors.js';
import { ConflictCode, type MergeConflict, type MergeTraits, type Resolution } from '../core/merge/merge-conflict.js';
import type { Column, Schema, Table } from '../core/model/schema.js';
import { mergeSchemas } from '../core/merge/merge-schemas.js';
import { resolveConflicts } from '../core/merge/resolve-conflicts.js';
import { columnOrderInsensitiveId } from '../core/snapshot/hash.js';
import { parseMigrationFile, setChainHashes } from '../core/plan/migration-file.js';
import { emptySchema, emptyTable } from '../core/model/schema.js';
import { replayFrom, type ReplayStart } from './project/history-replay.js';
import { atomicWrite } from '../store/atomic-write.js';
import { readText } from '../store/read-if-exists.js';
import { findRepo } from '../git/repo.js';
import { git } from '../git/run-git.js';
import type { ProjectContext } from './project/project-context.js';
import { emptyHashOf, lockPath, writeLock } from './project/chain.js';
import { planRemainderHistory } from './project/merge-remainder.js';
import { desiredSchema } from './project/desired-schema.js';
import { SnapshotSource } from './project/snapshot-source.js';
import { loadProjects } from '../config/load-config.js';
import { clearMergeConflicts, readMergeConflicts, writeMergeConflicts, type MergeConflictsFile } from './project/merge-state.js';

export interface ResolveReport {
  state: MergeConflictsFile;
  remaining: string[];
  finished: boolean;
  migration?: string;
  committed: boolean;
  notes: string[];
}

/**
 * `flash resolve <path> --ours|--theirs|--both`: record a resolution of a stopped `flash merge`. When
 * the last conflict is settled, theirs' migrations are replaced by one regenerated migration from
 * ours' head to the resolved schema, the lock is rewritten and the merge is committed.
 */
export async function resolveMerge(
  pc: ProjectContext,
  choices: Record<string, Resolution>,
  options: { commit?: boolean } = {},
): Promise<ResolveReport> {
  const state = await readMergeConflicts(pc.store.root);
  if (!state) throw new FlashError('E_NO_MERGE', 'No Flash merge is waiting for resolutions.', 'Start one with `flash merge <branch>`.');
  for (const [p, choice] of Object.entries(choices)) {
    const conflict = state.conflicts.find((c) => c.path === p);
    if (!conflict)
      throw new FlashError(
        'E_USAGE',
        `There is no merge conflict at "${p}".`,
        `Open conflicts: ${state.conflicts.map((c) => c.path).join(', ')}.`,
      );
    if (!conflict.resolutions.includes(choice))
      throw new FlashError(
        'E_USAGE',
        `The conflict at "${p}" cannot be resolved with --${choice}.`,
        `Choose one of: ${conflict.resolutions.map((r) => `--${r}`).join(', ')}.`,
      );
    state.resolutions[p] = choice;
  }
  settleHistoryTogether(state);
  const remaining = state.conflicts.filter((c) => !state.resolutions[c.path]).map((c) => c.path);
  const report: ResolveReport = { state, remaining, finished: false, committed: false, notes: [] };
  if (remaining.length) {
    await writeMergeConflicts(pc.store.root, state);
    return report;
  }

  const repo = await findRepo(pc.project.dir);
  const source = new SnapshotSource(pc.store, pc.provider, repo, [state.ours.commit, state.theirs.commit, state.base.commit]);
  const [base, ours, theirs] = [
    await source.load(state.base.hash),
    await source.load(state.ours.hash),
    await source.load(state.theirs.hash),
  ];
  // C008 column choices are applied to the merged schema here; mergeSchemas combines such a column cleanly.
  const columnPaths = new Set(state.conflicts.filter((c) => c.code === ConflictCode.columnNonCommuting).map((c) => c.path));
  const schemaChoices = Object.fromEntries(
    Object.entries(state.resolutions).filter(([p]) => !p.startsWith('history:') && !columnPaths.has(p)),
  );
  const merged = Object.keys(schemaChoices).length
    ? resolveConflicts({ base, ours, theirs, traits: pc.dialect.traits }, schemaChoices)
    : cleanMerge(base, ours, theirs, pc.dialect.traits);
  const resolved = withColumnChoices(
    merged,
    { ours, theirs },
    Object.entries(state.resolutions).filter(([p]) => columnPaths.has(p)),
  );

  // The resolution as a remainder history (docs/MERGE.md): theirs' migrations stay, skipped wherever
  // ours' ran; a regenerated migration brings ours' head to the resolved schema and another brings
  // theirs' head there, so databases at either head and empty ones all follow with plain `flash apply`.
  const planned = planRemainderHistory(pc, {
    base: state.base.lock,
    ours: state.ours.lock,
    theirs: state.theirs.lock,
    schemaOf: (id) => source.get(id),
    emptyHash: emptyHashOf(pc),
    target: resolved,
    branch: state.branch,
    now: new Date(),
  });
  const resolvedSchema = planned.snapshots[0] ?? ours;
  const sqlOf = async (n: string) => {
    const f = path.join(pc.project.migrationsDir, `${n}.sql`);
    const text = planned.files.find((p) => p.name === n)?.text ?? (await readText(f));
    return { up: parseMigrationFile(n, text, pc.dialect.capabilities.quoteSyntax).up, file: f };
  };
  // Verified before anything is written: the resolution must bring a database at ours' head, one at
  // theirs' head and an empty one to the resolved schema with plain `flash apply` (docs/MERGE.md).
  const starts: ReplayStart[] = [
    { label: 'ours', schema: ours, applied: state.ours.lock.map((e) => e.name) },
    { label: 'theirs', schema: theirs, applied: state.theirs.lock.map((e) => e.name) },
    { label: 'empty', schema: emptySchema(pc.provider), applied: [] },
  ];
  for (const start of starts) {
    const outcome = await replayFrom(pc, start, planned.entries, resolvedSchema, sqlOf);
    if (!outcome.reached) {
      const where = start.label === 'empty' ? 'an empty database' : `a database at ${start.label}' head`;
      throw new FlashError(
        'E_RESOLUTION_FAILS',
        `This resolution does not bring ${where} to the resolved schema (${outcome.reason}); nothing was written.`,
        'Choose another side for the conflict (`flash resolve <path> --ours|--theirs`), or abort with `git merge --abort` and merge by hand.',
        { data: { start: start.label, reason: outcome.reason } },
      );
    }
  }
  const relTo = (p: string) => path.relative(repo.root, p);
  for (const r of planned.repointed) {
    const f = path.join(pc.project.migrationsDir, `${r.name}.sql`);
    await atomicWrite(f, setChainHashes(await readText(f), r.from, r.to));
  }
  const { entries, files } = planned;
  for (const snap of planned.snapshots) await pc.store.put(snap);
  for (const f of files) await atomicWrite(f.file, f.text);
  await writeLock(pc, entries);
  await clearMergeConflicts(pc.store.root);
  await git(repo.root, [
    'add',
    '--',
    relTo(lockPath(pc)),
    ...files.map((f) => relTo(f.file)),
    ...planned.repointed.map((r) => relTo(path.join(pc.project.migrationsDir, `${r.name}.sql`))),
    relTo(pc.store.root),
  ]);
  report.finished = true;
  report.migration = files.map((f) => f.name).join(', ');

  // A db/schema that does not build (conflict markers, a half-edited file) gets the same advice; a bug still surfaces.
  const desired = await desiredSchema(pc).catch((err: unknown) => {
    if (isFlashError(err)) return undefined;
    throw err;
  });
  if (!desired || columnOrderInsensitiveId(desired) !== columnOrderInsensitiveId(resolvedSchema)) {
    report.notes.push(
      `db/schema does not describe the resolved schema yet: edit it until \`flash migrate\` reports no changes, then commit.`,
    );
  }
  // One git merge spans every database of a [[databases]] project: it is committed once none has conflicts left.
  for (const other of await databasesWaiting(pc))
    report.notes.push(`database ${other} still has merge conflicts: resolve them with \`flash resolve --db ${other}\`.`);
  const unmerged = (await git(repo.root, ['diff', '--name-only', '--diff-filter=U'])).split('\n').filter(Boolean);
  if (unmerged.length) {
    report.notes.push(`git still has text conflicts in: ${unmerged.join(', ')}; fix them, \`git add\` and \`git commit\`.`);
  } else if (options.commit !== false && report.notes.length === 0) {
    await git(repo.root, ['commit', '--no-edit', '--no-verify'], { FLASH_SKIP_HOOKS: '1' });
    report.committed = true;
  }
  return report;
}

/** The other databases of a `[[databases]]` project whose merge still waits for resolutions. */
async function databasesWaiting(pc: ProjectContext): Promise<string[]> {
  if (!pc.project.database) return [];
  const waiting: string[] = [];
  for (const other of await loadProjects(pc.project.dir, { all: true })) {
    if (other.database && other.database.name !== pc.project.database.name && (await readMergeConflicts(other.storeDir)))
      waiting.push(other.database.name);
  }
  return waiting;
}

/**
 * Every history conflict ends the same way: theirs' migrations are replaced by one migration
 * regenerated from ours' head. After that no migration of either side runs after the other's, so
 * settling one history conflict settles them all; asking twice would only confuse.
 */
function settleHistoryTogether(state: MergeConflictsFile): void {
  const chosen = Object.entries(state.resolutions).find(([p]) => p.startsWith('history:'))?.[1];
  if (!chosen) return;
  for (const c of state.conflicts) {
    if (c.path.startsWith('history:') && !state.resolutions[c.path] && c.resolutions.includes(chosen)) state.resolutions[c.path] = chosen;
  }
}

/** `ours`/`theirs` on a C008 column: that side's whole column replaces the combination ('both' keeps it). */
function withColumnChoices(merged: Schema, sides: { ours: Schema; theirs: Schema }, choices: Array<[string, Resolution]>): Schema {
  if (!choices.some(([, r]) => r !== 'both')) return merged;
  const out = structuredClone(merged);
  for (const [p, choice] of choices) {
    if (choice === 'both') continue;
    const [tableName, columnName] = p.split('.') as [string, string];
    const source = sides[choice].tables.find((t) => t.name === tableName)?.columns.find((c) => c.name === columnName);
    const table = out.tables.find((t) => t.name === tableName);
    const i = table?.columns.findIndex((c) => c.name === columnName) ?? -1;
    if (source && table && i >= 0) table.columns[i] = structuredClone(source);
  }
  return out;
}

function cleanMerge(
  base: Parameters<typeof mergeSchemas>[0],
  ours: Parameters<typeof mergeSchemas>[0],
  theirs: Parameters<typeof mergeSchemas>[0],
  traits: MergeTraits,
) {
  const r = mergeSchemas(base, ours, theirs, { traits });
  if (!r.ok)
    throw new FlashError('E_CONFLICT', 'The schemas still conflict.', 'Resolve each conflict with `flash resolve <path> --ours|--theirs`.');
  return r.merged;
}

/** One conflict (or warning) of a stopped merge as a page shows it: each side as code, and the resolution recorded so far. */
export interface ConflictView extends MergeConflict {
  /** base / ours / theirs as the engine's DDL (a table, a column line), a description, or JSON for what has no DDL */
  sides: Record<'base' | 'ours' | 'theirs', string>;
  resolved?: Resolution;
  warning: boolean;
}

export interface MergeConflictsView {
  /** the branch being merged in; undefined when no Flash merge is waiting */
  merging?: string;
  conflicts: ConflictView[];
  remaining: string[];
}

/**
 * What `flash resolve` (and the TUI) would offer: the conflicts of the stopped `flash merge` from
 * `.flash/MERGE_CONFLICTS.json`, each side rendered as the engine's DDL. Nothing is written; an
 * empty view means no merge is in progress.
 */
export async function mergeConflicts(pc: ProjectContext): Promise<MergeConflictsView> {
  const state = await readMergeConflicts(pc.store.root);
  if (!state) return { conflicts: [], remaining: [] };
  const view = (c: MergeConflict, warning: boolean): ConflictView => ({
    ...c,
    sides: { base: sideCode(pc, c.base), ours: sideCode(pc, c.ours), theirs: sideCode(pc, c.theirs) },
    ...(state.resolutions[c.path] ? { resolved: state.resolutions[c.path] } : {}),
    warning,
  });
  return {
    merging: state.branch,
    conflicts: [...state.conflicts.map((c) => view(c, false)), ...state.warnings.map((c) => view(c, true))],
    remaining: state.conflicts.filter((c) => !state.resolutions[c.path]).map((c) => c.path),
  };
}

/** A table as its CREATE TABLE, a column as its line in one, a description as is; what has no DDL of its own as JSON. */
function sideCode(pc: ProjectContext, value: unknown): string {
  if (value === null || value === undefined) return '(absent)';
  if (typeof value === 'string') return value;
  if (typeof value !== 'object') return String(value);
  const v = value as Record<string, unknown>;
  const render = (table: Table) => {
    try {
      return pc.dialect.renderSchema({ ...emptySchema(pc.provider), tables: [table] }).trim();
    } catch {
      return undefined;
    }
  };
  if (typeof v.name === 'string' && Array.isArray(v.columns) && Array.isArray(v.indexes)) {
    const ddl = render(value as Table);
    if (ddl) return ddl;
  }
  if (typeof v.name === 'string' && typeof v.type === 'string' && typeof v.nullable === 'boolean') {
    const ddl = render({ ...emptyTable('t'), columns: [value as Column] });
    const line = ddl
      ?.split('\n')
      .map((l) => l.trim().replace(/,$/, ''))
      .find((l) => l.includes(v.name as string) && !/^CREATE\b/i.test(l));
    if (line) return line;
  }
  return JSON.stringify(value, null, 2);
}
