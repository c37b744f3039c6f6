import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import { loadChain, writeLock } from './project/chain.js';
import { forgetGenerated, isAsGenerated } from './project/generated-migrations.js';
import { migrationUse } from './project/migration-use.js';
import type { ProjectContext } from './project/project-context.js';

export interface UndoLastOptions {
  /** Delete the file even though it was edited after Flash wrote it. */
  yes?: boolean;
  /** Ask the user (TTY only); absent → an edited file is refused with E_NEEDS_YES. */
  confirm?: (question: string) => Promise<boolean>;
}

export interface UndoLastResult {
  name: string;
  file: string;
  /** the file had been edited after Flash generated it (deleted with --yes or a confirmation) */
  edited: boolean;
}

/**
 * `flash migrate --undo-last`: discard the last migration while it is still private — not committed in
 * git, not applied (even partly) in the dev database. Removes its lock line, then its file, and nothing
 * else. The snapshot object it pointed to stays in `.flash/objects`: objects are immutable and
 * content-addressed, an unreferenced one is harmless, and another migration may share it. A file that
 * is no longer byte-identical to what Flash generated holds the user's work: it is deleted only with
 * `yes` or a confirmation.
 */
export async function undoLastMigration(pc: ProjectContext, options: UndoLastOptions = {}): Promise<UndoLastResult> {
  const chain = await loadChain(pc);
  const last = chain.migrations.at(-1);
  if (!last) throw new FlashError('E_NOTHING_TO_DO', 'There is no migration to undo: flash.lock lists none.', 'Nothing to do.');
  const rel = path.relative(pc.project.dir, last.file);
  const use = await migrationUse(pc, last.name, last.file);
  if (use.committed) {
    throw new FlashError(
      'E_MIGRATION_COMMITTED',
      `Migration ${last.name} is committed in git, so it is history and cannot be undone by deleting it.`,
      'Write a new migration that reverses it (change db/schema, then `flash migrate`), or `git revert` the commit that added it.',
      {
        data: { migration: last.name },
      },
    );
  }
  if (use.applied || use.partial) {
    throw new FlashError(
      'E_MIGRATION_APPLIED',
      `Migration ${last.name} is ${use.applied ? 'applied' : 'partly applied'} in the dev database; deleting its file would leave the database with changes no migration describes.`,
      'Revert it first with `flash down` (or finish/undo the partial run), then run `flash migrate --undo-last` again.',
      {
        data: { migration: last.name, partial: Boolean(use.partial) },
      },
    );
  }
  if (use.applied === undefined) {
    throw new FlashError(
      'E_DB_CONNECT',
      `Cannot tell whether ${last.name} is applied: the dev database cannot be reached (${use.unreachable}).`,
      'Start the database and retry; Flash deletes a migration only once it knows no database ran it.',
      {
        data: { migration: last.name },
      },
    );
  }
  const edited = !(await isAsGenerated(pc, last.name, last.text));
  if (edited && !options.yes) {
    const question = `${rel} was edited after Flash generated it (or Flash did not write it). Delete it and its lock line anyway?`;
    if (!options.confirm || !(await options.confirm(question))) {
      throw new FlashError(
        'E_NEEDS_YES',
        `${rel} is not byte-identical to what Flash generated, so it may hold your work; nothing was deleted.`,
        'Pass --yes to delete it anyway (or remove it and its flash.lock line by hand).',
        {
          data: { migration: last.name, file: rel },
        },
      );
    }
  }
  // Lock line first: a crash in between leaves an unsealed file (sealed again by the next migrate), never a lock naming a missing file.
  await writeLock(
    pc,
    chain.migrations.slice(0, -1).map((m) => m.lock),
  );
  await fs.rm(last.file);
  await forgetGenerated(pc, last.name);
  return { name: last.name, file: last.file, edited };
}
