import { FlashError } from '../../errors.js';
import type { Schema } from '../../core/model/schema.js';
import type { LockEntry } from '../../core/plan/lock-file.js';
import { columnOrderInsensitiveId } from '../../core/snapshot/hash.js';
import { satisfiedBy } from './convergence.js';
import { asRecorded } from './recorded-match.js';
import type { ProjectContext } from './project-context.js';
import { materialize, runScript, withShadow } from './shadow.js';

/** Where a database can stand when it meets a merged history: at one branch's head, or empty. */
export interface ReplayStart {
  label: 'ours' | 'theirs' | 'empty';
  schema: Schema;
  /** migrations already applied to a database at that start */
  applied: string[];
}

export type ReplayOutcome = { reached: true } | { reached: false; reason: string };

/**
 * What `flash apply` would do to a database at `start` with the merged lock `entries`, on a shadow:
 * every migration not applied yet runs in lock order, except one whose `satisfied-by` migration is
 * applied (merge convergence). Reached when the result equals `want` (column order aside: a database
 * at theirs' head keeps theirs' column order). `sqlOf` gives a migration's Up SQL and its file.
 */
export async function replayFrom(
  pc: ProjectContext,
  start: ReplayStart,
  entries: LockEntry[],
  want: Schema,
  sqlOf: (name: string) => Promise<{ up: string; file: string }>,
): Promise<ReplayOutcome> {
  // A head's own migrations all ran there (the shadow cannot know which an earlier merge recorded as satisfied).
  const ran = new Set(start.applied);
  return withShadow(pc, async (conn) => {
    await materialize(pc, conn, start.schema);
    for (const entry of entries) {
      if (start.applied.includes(entry.name)) continue;
      if (satisfiedBy(entry, ran)) continue;
      ran.add(entry.name);
      const { up, file } = await sqlOf(entry.name);
      try {
        await runScript(pc, conn, up, file);
      } catch (err) {
        if (err instanceof FlashError && err.code === 'E_SQL') return { reached: false, reason: `${entry.name} fails: ${err.message}` };
        throw err;
      }
    }
    const got = await pc.dialect.introspect(conn);
    return columnOrderInsensitiveId(asRecorded(pc, want, got)) === columnOrderInsensitiveId(want)
      ? { reached: true }
      : { reached: false, reason: 'the result differs from the merged schema' };
  });
}
