import path from 'node:path';
import type { Schema } from '../../core/model/schema.js';
import type { LockEntry } from '../../core/plan/lock-file.js';
import { migrationChecksum, parseMigrationFile, renderMigrationFile, slugify } from '../../core/plan/migration-file.js';
import { sqlText, timestampAfter } from './append-migration.js';
import { columnOrderInsensitiveId, snapshotOf } from '../../core/snapshot/hash.js';
import { readText } from '../../store/read-if-exists.js';
import { planChange } from './plan-change.js';
import type { ProjectContext } from './project-context.js';

/** A migration file Flash is about to write (not written yet: the history is verified first). */
export interface PlannedFile {
  name: string;
  file: string;
  text: string;
}

export interface RemainderHistory {
  entries: LockEntry[];
  /** theirs' migrations whose `flash:from`/`flash:to` lines change */
  repointed: Array<{ name: string; from: string; to: string }>;
  /** the remainder migrations to write: from ours' head, and from theirs' head, to the target */
  files: PlannedFile[];
  /** snapshots the new lock names (to store) */
  snapshots: Schema[];
  targetId: string;
}

/**
 * The history for two branches whose new migrations cannot run one after the other — they overlap
 * only partly (both add `bio`, one also indexes it), or a resolution replaced what theirs did — but
 * whose target schema is known (docs/MERGE.md, "Partial overlap"). Every new migration of one side is
 * skipped where the other side's ran, and a regenerated *remainder* brings each head the rest of the way:
 *
 *     ours' new…        satisfied-by=<theirs' last>   (ran on ours' head and on an empty database)
 *     theirs' new…      satisfied-by=<ours' last>     (ran only on theirs' head)
 *     merge_<b>         satisfied-by=<theirs' last>   ours' head → target (runs where ours' ran)
 *     merge_<b>_theirs  satisfied-by=<ours' last>     theirs' head → target (runs where theirs' ran)
 *
 * `satisfied-by` counts only migrations that ran, so each database runs exactly its own remainder. The
 * lock's chain stays linear: theirs' lines are no-op edges at ours' head, the second remainder a no-op
 * edge at the target, and `flash check`'s replay from empty passes through every `to`.
 */
export function planRemainderHistory(
  pc: ProjectContext,
  input: {
    base: LockEntry[];
    ours: LockEntry[];
    theirs: LockEntry[];
    schemaOf: (id: string) => Schema;
    emptyHash: string;
    target: Schema;
    branch: string;
    now: Date;
  },
): RemainderHistory {
  const oursNew = input.ours.slice(input.base.length);
  const oursNames = new Set(oursNew.map((e) => e.name));
  const theirsNew = input.theirs.slice(input.base.length).filter((e) => !oursNames.has(e.name));
  const head = (lock: LockEntry[]) => lock.at(-1)?.to ?? input.emptyHash;
  const [oursHead, theirsHead] = [head(input.ours), head(input.theirs)];
  const oursLast = oursNew.at(-1)?.name;
  const theirsLast = theirsNew.at(-1)?.name;
  const mark = (e: LockEntry, by: string | undefined): LockEntry => (by ? { ...e, satisfiedBy: by } : e);

  const files: PlannedFile[] = [];
  const snapshots: Schema[] = [];
  // Strictly after every migration of both sides, one second apart (append-migration.ts's rule: a
  // timestamp is a date, so 20261202120059 is followed by 20261202120100, never …060).
  let last = [...input.ours, ...theirsNew]
    .map((e) => e.name.slice(0, 14))
    .filter((t) => /^\d{14}$/.test(t))
    .sort()
    .at(-1);
  /** A regenerated migration from `from` to the target; its `to` is `toId`, or the id of what it really leaves. */
  const remainder = (from: Schema, fromId: string, toId: string | undefined, suffix: string) => {
    const plan = planChange(pc, from, input.target);
    last = timestampAfter(last, input.now);
    const name = `${last}_merge_${slugify(input.branch)}${suffix}`;
    const to = toId ?? snapshotOf(plan.result).id;
    const text = renderMigrationFile(
      {
        name,
        title: `merge ${input.branch}${suffix ? ` (for a database at ${input.branch}'s head)` : ''}`,
        created: input.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        from: fromId,
        to,
        up: sqlText(plan.up, pc.dialect.capabilities.statementTerminator),
        down: sqlText(plan.down, pc.dialect.capabilities.statementTerminator),
      },
      pc.dialect.capabilities.quoteSyntax,
    );
    files.push({ name, file: path.join(pc.project.migrationsDir, `${name}.sql`), text });
    return { name, to, checksum: migrationChecksum(text), result: plan.result };
  };

  const entries: LockEntry[] = [...input.ours.slice(0, input.base.length), ...oursNew.map((e) => mark(e, theirsLast))];
  const repointed: RemainderHistory['repointed'] = [];
  for (const e of theirsNew) {
    if (e.from !== oursHead || e.to !== oursHead) repointed.push({ name: e.name, from: oursHead, to: oursHead });
    entries.push(mark({ ...e, from: oursHead, to: oursHead }, oursLast));
  }
  let targetId = oursHead;
  const oursSchema = input.schemaOf(oursHead);
  if (columnOrderInsensitiveId(oursSchema) !== columnOrderInsensitiveId(input.target)) {
    const r = remainder(oursSchema, oursHead, undefined, '');
    snapshots.push(r.result);
    targetId = r.to;
    entries.push(mark({ name: r.name, checksum: r.checksum, from: oursHead, to: targetId }, theirsLast));
  }
  const theirsSchema = input.schemaOf(theirsHead);
  if (columnOrderInsensitiveId(theirsSchema) !== columnOrderInsensitiveId(input.target)) {
    const r = remainder(theirsSchema, targetId, targetId, '_theirs');
    entries.push(mark({ name: r.name, checksum: r.checksum, from: targetId, to: targetId }, oursLast));
  }
  return { entries, repointed, files, snapshots, targetId };
}

/**
 * Migrations whose Up section is not what Flash generates for their change: a hand-written backfill, an
 * edited statement. Skipping such a migration where the other side's ran would silently drop what the
 * user wrote, so the remainder history is not used for them.
 */
export async function handWritten(pc: ProjectContext, migrations: LockEntry[], schemaOf: (id: string) => Schema): Promise<string[]> {
  const out: string[] = [];
  for (const m of migrations) {
    const file = path.join(pc.project.migrationsDir, `${m.name}.sql`);
    const up = parseMigrationFile(m.name, await readText(file), pc.dialect.capabilities.quoteSyntax).up;
    const generated = sqlText(planChange(pc, schemaOf(m.from), schemaOf(m.to)).up, pc.dialect.capabilities.statementTerminator);
    if (normalized(up) !== normalized(generated)) out.push(m.name);
  }
  return out;
}

function normalized(sql: string): string {
  return sql
    .split('\n')
    .filter((l) => !l.trim().startsWith('--'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
