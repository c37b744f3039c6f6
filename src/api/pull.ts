import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import { describeUnmodelled, type UnmodelledObject } from '../core/model/unmodelled.js';
import { unmodelledInDatabaseError } from './project/unmodelled-check.js';
import { snapshotOf, type Snapshot } from '../core/snapshot/hash.js';
import { loadChain, schemaAt } from './project/chain.js';
import { appendMigration, sqlText } from './project/append-migration.js';
import { headOf, plan } from './apply.js';
import { desiredSchemaOf, schemaFiles } from './project/desired-schema.js';
import { planSchemaFiles, writeSchemaFiles, type SchemaFilesPlan } from './project/pull-files.js';
import { planDeclaredSchemaFiles } from './project/pull-declared-files.js';
import { recordDatabaseSnapshot } from './project/local-state.js';
import { planChange } from './project/plan-change.js';
import { closeQuietly, connectLive, type ProjectContext } from './project/project-context.js';
import { describeOperation, formatChangeLine } from '../core/diff/describe-operation.js';
import { ensureTrackingTable, readTracking, recordApplied } from './project/tracking.js';

export { PULLED_SCHEMA_FILE } from './project/pull-files.js';
export const BASELINE_NAME = '00000000000000_baseline';

export interface PullResult {
  snapshot: string;
  database: string;
  /** where new objects went (db/schema/schema.sql or the --into file) */
  schemaFile: string;
  /** files written, with the objects each holds */
  writtenFiles: Array<{ file: string; objects: string[] }>;
  /** schema files removed because none of the database's objects is defined in them any more */
  removedFiles: string[];
  /** migration recorded so the chain ends at the pulled snapshot (already applied in this database) */
  migration?: string;
  /**
   * true: the files were applied to a shadow database before being written and reproduce the
   * database exactly (a difference is E_PULL_VERIFY, nothing written). undefined with `verify: false`.
   */
  verified?: true;
  tables: number;
  /** with `skipUnsupported`: what the database holds outside Flash's model, left out of db/schema */
  leftOut: UnmodelledObject[];
}

export interface PullOptions {
  now?: Date;
  /** default true: check the planned db/schema on a shadow before writing it (`--no-verify` skips) */
  verify?: boolean;
  /** pull even though the database holds objects Flash does not model, listing them (never silent) */
  skipUnsupported?: boolean;
  /** write the whole schema to this one file in db/schema (which pull may overwrite) */
  into?: string;
  /** rewrite or remove schema files Flash did not write (or that were edited since) without asking */
  yes?: boolean;
  /** Ask the user (TTY only); absent → such files are refused with E_NEEDS_YES. */
  confirm?: (question: string) => Promise<boolean>;
}

/**
 * `flash pull`: introspect the live database, write it into `db/schema` — each object back in the
 * file that defines it, new ones in a file Flash owns (pull-files.ts); a file Flash did not write is
 * changed only with `yes` or a confirmation, asked before anything is written — record the snapshot,
 * and make the chain end at it so `flash migrate` then says "no changes":
 *  - empty chain → a baseline migration `00000000000000_baseline` (empty → pulled), recorded as
 *    already applied in this database (Prisma-style baselining); other databases get it by `apply`;
 *  - chain fully applied here but the database differs from its end → a `<timestamp>_pull` migration
 *    with the difference, recorded as applied here;
 *  - pending migrations in this database → refused: apply them first, or the pull would undo them.
 */
export async function pull(pc: ProjectContext, options: PullOptions = {}): Promise<PullResult> {
  const chain = await loadChain(pc, { seal: true });
  const { url, conn } = await connectLive(pc);
  try {
    const rows = await readTracking(conn, { tableMayBeMissing: true });
    const pending = chain.migrations.length ? plan(chain, rows).pending : [];
    if (pending.length) {
      throw new FlashError(
        'E_PENDING_MIGRATIONS',
        `This database has ${pending.length} pending migration(s) (first: ${pending[0].name}), so pulling it would record their undoing.`,
        'Run `flash apply` first, then `flash pull`.',
        { data: { pending: pending.map((m) => m.name) } },
      );
    }
    const live = snapshotOf(await pc.dialect.introspect(conn));
    // Never silent: what the schema files could not hold is refused, or left out by name when asked.
    const leftOut = await pc.dialect.unmodelled(conn);
    if (leftOut.length && !options.skipUnsupported) throw unmodelledInDatabaseError(leftOut, conn.description);
    const note = leftOut.length
      ? `-- Left out (flash pull --skip-unsupported): Flash does not model these objects of the database:\n${leftOut.map((o) => `--   ${describeUnmodelled(o)}\n`).join('')}`
      : '';
    // Plan the files and get consent before writing anything (store object, files, migration, lock).
    const files = pc.dialect.declarativeSchema
      ? await planDeclaredSchemaFiles(pc, pc.dialect.declarativeSchema, live.schema, options.into)
      : await planSchemaFiles(pc, live.schema, options.into, note);
    if (files.foreign.length && !options.yes) await confirmForeign(pc, files, options.confirm);
    // Verified before anything is written: a file set that would not rebuild this database is refused
    // whole. It costs a shadow with the schema applied (seconds at 1,000 tables; see bench/), and warms
    // the desired-schema cache, so the `flash migrate` that follows does not pay it again.
    const verify = options.verify !== false;
    if (verify) await verifyPlannedFiles(pc, files, live);
    await pc.store.put(live.schema);
    await writeSchemaFiles(files);
    const head = headOf(chain, rows);
    let migration: string | undefined;
    if (live.id !== head) {
      const from = await schemaAt(pc, chain, head);
      const change = planChange(pc, from, live.schema);
      const first = chain.migrations.length === 0;
      const written = await appendMigration(
        pc,
        chain.migrations.map((m) => m.lock),
        {
          title: first ? 'baseline' : 'pull',
          slug: 'pull',
          ...(first ? { name: BASELINE_NAME } : {}),
          from: head,
          to: live.id,
          up: sqlText(change.up, pc.dialect.capabilities.statementTerminator),
          down: sqlText(change.down, pc.dialect.capabilities.statementTerminator),
          ...(options.now ? { now: options.now } : {}),
        },
      );
      const { name } = written;
      const checksum = written.lock.at(-1)!.checksum;
      const release = await pc.dialect.acquireLock(conn);
      try {
        await ensureTrackingTable(conn, pc.dialect);
        await recordApplied(
          conn,
          { name, checksum, from: head, to: live.id },
          'recorded by flash pull: the database already had this schema',
        );
      } finally {
        await release();
      }
      migration = name;
    }
    await recordDatabaseSnapshot(pc.project.dir, url, live.id);
    return {
      snapshot: live.id,
      database: conn.description,
      schemaFile: files.target,
      writtenFiles: files.writes.map((w) => ({ file: w.file, objects: w.objects })),
      removedFiles: files.removes.map((f) => path.relative(pc.project.dir, f)),
      migration,
      ...(verify ? { verified: true as const } : {}),
      tables: live.schema.tables.length,
      leftOut,
    };
  } finally {
    await closeQuietly(conn);
  }
}

/** db/schema as it will be once `files` is written, applied to a shadow and compared with the live database. */
async function verifyPlannedFiles(pc: ProjectContext, files: SchemaFilesPlan, live: Snapshot): Promise<void> {
  const planned = new Map<string, string>();
  for (const file of await schemaFiles(pc.project.schemaDir, pc.dialect.declarativeSchema?.extension))
    planned.set(file, await fs.readFile(file, 'utf8'));
  for (const file of files.removes) planned.delete(file);
  for (const w of files.writes) planned.set(w.file, w.text);
  const scripts = [...planned.keys()].sort().map((file) => ({ file, sql: planned.get(file)! }));
  const rebuilt = snapshotOf(await desiredSchemaOf(pc, scripts));
  if (rebuilt.id === live.id) return;
  const differences = planChange(pc, rebuilt.schema, live.schema).ops.map(describeOperation);
  throw new FlashError(
    'E_PULL_VERIFY',
    `The schema files pull would write do not rebuild this database: ${differences.length ? differences.map(formatChangeLine).join('; ') : 'the snapshots differ in attributes the change list does not show'}. Nothing was written.`,
    'This is a gap in what Flash renders for these objects: please report it with the objects named above. `flash pull --no-verify` writes the files anyway (then `flash migrate` shows the same difference as a change).',
    { data: { differences, live: live.id, rebuilt: rebuilt.id } },
  );
}

async function confirmForeign(pc: ProjectContext, files: SchemaFilesPlan, confirm?: (question: string) => Promise<boolean>): Promise<void> {
  const list = files.foreign.map((f) => `${f.action} ${path.relative(pc.project.dir, f.file)}`).join(', ');
  if (
    confirm &&
    (await confirm(
      `flash pull would ${list}: Flash did not write these files (or they were edited since), so their comments and layout would be lost. Continue?`,
    ))
  )
    return;
  throw new FlashError(
    'E_NEEDS_YES',
    `flash pull would ${list}, which Flash did not write (or which were edited since); nothing was written.`,
    'Pass --yes to let pull rewrite them (each object stays in the file that defines it; comments and formatting are replaced), or commit them first so git keeps what you wrote.',
    { data: { files: files.foreign.map((f) => ({ file: path.relative(pc.project.dir, f.file), action: f.action })) } },
  );
}
