import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import { snapshotOf } from '../core/snapshot/hash.js';
import { migrationChecksum, migrationTimestamp, renderMigrationFile } from '../core/plan/migration-file.js';
import { atomicWrite } from '../store/atomic-write.js';
import { loadChain, writeLock } from './chain.js';
import { headOf, plan } from './apply.js';
import { desiredSchema, schemaFiles } from './desired-schema.js';
import { recordDatabaseSnapshot } from './local-state.js';
import { schemaAt, sqlText } from './migrate.js';
import { planChange } from './plan-change.js';
import { closeQuietly, connectLive, type ProjectContext } from './project-context.js';
import { summarizeOperations, type ChangeLine } from './summary.js';
import { ensureTrackingTable, readTracking, recordApplied } from './tracking.js';

export const PULLED_SCHEMA_FILE = 'schema.sql';
export const BASELINE_NAME = '00000000000000_baseline';

export interface PullResult {
  snapshot: string;
  database: string;
  schemaFile: string;
  removedFiles: string[];
  /** migration recorded so the chain ends at the pulled snapshot (already applied in this database) */
  migration?: string;
  /**
   * With `verify`: whether the written db/schema reproduces the database exactly on a shadow (the
   * difference is in `mismatch`). Without it: undefined — the next `flash migrate` applies the file
   * to a shadow anyway and would show any difference as a change.
   */
  verified?: boolean;
  mismatch: ChangeLine[];
  tables: number;
}

/**
 * `flash pull`: introspect the live database, write it as `db/schema/schema.sql` (replacing the other
 * .sql files there: one file in dependency order is what reproduces the database exactly), record
 * the snapshot, and make the chain end at it so `flash migrate` then says "no changes":
 *  - empty chain → a baseline migration `00000000000000_baseline` (empty → pulled), recorded as
 *    already applied in this database (Prisma-style baselining); other databases get it by `apply`;
 *  - chain fully applied here but the database differs from its end → a `<timestamp>_pull` migration
 *    with the difference, recorded as applied here;
 *  - pending migrations in this database → refused: apply them first, or the pull would undo them.
 */
export async function pull(pc: ProjectContext, options: { now?: Date; verify?: boolean } = {}): Promise<PullResult> {
  const chain = await loadChain(pc, { seal: true });
  const { url, conn } = await connectLive(pc);
  try {
    const rows = await readTracking(conn, { tableMayBeMissing: true });
    const pending = chain.migrations.length ? plan(chain, rows).pending : [];
    if (pending.length) {
      throw new FlashError('E_USAGE', `This database has ${pending.length} pending migration(s) (first: ${pending[0]!.name}), so pulling it would record their undoing.`, 'Run `flash apply` first, then `flash pull`.', { data: { pending: pending.map((m) => m.name) } });
    }
    const live = snapshotOf(await pc.dialect.introspect(conn));
    await pc.store.put(live.schema);
    const removedFiles = await writeSchemaFiles(pc, pc.dialect.renderSchema(live.schema), conn.description);
    // Verifying costs a shadow database with the whole schema applied (seconds at 1,000 tables), so it
    // is asked for; a verified result also warms the desired-schema cache for the next `migrate`.
    const desired = options.verify ? snapshotOf(await desiredSchema(pc)) : undefined;
    const mismatch = !desired || desired.id === live.id ? [] : summarizeOperations(planChange(pc, desired.schema, live.schema).ops);
    const head = headOf(chain, rows);
    let migration: string | undefined;
    if (live.id !== head) {
      const from = await schemaAt(pc, chain, head);
      const change = planChange(pc, from, live.schema);
      const now = options.now ?? new Date();
      const name = chain.migrations.length ? `${migrationTimestamp(now)}_pull` : BASELINE_NAME;
      const title = chain.migrations.length ? 'pull' : 'baseline';
      const text = renderMigrationFile({ name, title, created: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), from: head, to: live.id, up: sqlText(change.up), down: sqlText(change.down) }, pc.dialect.capabilities.quoteSyntax);
      await fs.mkdir(pc.project.migrationsDir, { recursive: true });
      await atomicWrite(path.join(pc.project.migrationsDir, `${name}.sql`), text);
      const checksum = migrationChecksum(text);
      await writeLock(pc, [...chain.migrations.map((m) => m.lock), { name, checksum, from: head, to: live.id }]);
      const release = await pc.dialect.acquireLock(conn);
      try {
        await ensureTrackingTable(conn, pc.dialect);
        await recordApplied(conn, { name, checksum, from: head, to: live.id }, 'recorded by flash pull: the database already had this schema');
      } finally {
        await release();
      }
      migration = name;
    }
    await recordDatabaseSnapshot(pc.project.dir, url, live.id);
    return {
      snapshot: live.id,
      database: conn.description,
      schemaFile: path.join(pc.project.schemaDir, PULLED_SCHEMA_FILE),
      removedFiles,
      migration,
      verified: desired ? mismatch.length === 0 && desired.id === live.id : undefined,
      mismatch,
      tables: live.schema.tables.length,
    };
  } finally {
    await closeQuietly(conn);
  }
}

async function writeSchemaFiles(pc: ProjectContext, ddl: string, source: string): Promise<string[]> {
  const target = path.join(pc.project.schemaDir, PULLED_SCHEMA_FILE);
  const removed: string[] = [];
  for (const file of await schemaFiles(pc.project.schemaDir)) {
    if (file === target) continue;
    await fs.rm(file);
    removed.push(path.relative(pc.project.dir, file));
  }
  const header = `-- Pulled by flash from ${source}. This file is the desired schema: edit it, then run \`flash migrate\`.\n\n`;
  await atomicWrite(target, header + ddl.trim() + '\n');
  return removed;
}
