import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import type { Schema } from '../core/model/schema.js';
import { parseMigrationFile } from '../core/plan/migration-file.js';
import { headOf } from './apply.js';
import { loadChain } from './project/chain.js';
import {
  convertFlashOrmTable,
  FLASH_ORM_BACKUP_TABLE,
  flashOrmApplied,
  readFlashOrmRows,
  trackingFormat,
  type TrackingFormat,
} from './project/flash-orm-tracking.js';
import { recordDatabaseSnapshot } from './project/local-state.js';
import { closeQuietly, connectLive, type ProjectContext } from './project/project-context.js';
import { assertSchemaMatches } from './project/schema-mismatch.js';
import { runScript, withShadow } from './project/shadow.js';
import { ensureTrackingTable, readTracking, recordApplied } from './project/tracking.js';

export interface AdoptResult {
  /** what `_flash_migrations` was before: Flash ORM's table, none, or already Flash's (nothing done) */
  found: TrackingFormat;
  /** migrations recorded as applied in Flash's table */
  applied: string[];
  /** migrations of the chain the database has not had yet (`flash apply` runs them) */
  pending: string[];
  /** the snapshot the database is at */
  snapshot: string;
  /** where Flash ORM's original rows were copied */
  backupTable?: string;
  notes: string[];
}

/**
 * `flash adopt`: take over a database that Flash ORM (or a hand-run script) already migrated. The
 * migrations Flash ORM recorded as applied — all of db/migrations when there is no tracking table —
 * are replayed on a shadow and the result compared with the live schema; only when they match are the
 * migrations sealed (flash.lock, snapshots) and the tracking table converted, history kept. A
 * mismatch changes nothing and lists the differences object by object.
 */
export async function adoptDatabase(pc: ProjectContext, options: { onWait?: () => void } = {}): Promise<AdoptResult> {
  const { url, conn } = await connectLive(pc);
  try {
    const release = await pc.dialect.acquireLock(conn, options.onWait);
    let result: AdoptResult;
    try {
      result = await adoptLocked(pc, conn);
    } finally {
      await release();
    }
    if (result.found !== 'flash') await recordDatabaseSnapshot(pc.project.dir, url, result.snapshot);
    return result;
  } finally {
    await closeQuietly(conn);
  }
}

async function adoptLocked(pc: ProjectContext, conn: Awaited<ReturnType<typeof connectLive>>['conn']): Promise<AdoptResult> {
  const found = await trackingFormat(conn, pc.dialect);
  const chain = await loadChain(pc);
  if (found === 'flash') {
    const rows = await readTracking(conn);
    return {
      found,
      applied: [],
      pending: [],
      snapshot: headOf(chain, rows),
      notes: [`_flash_migrations is already in Flash's format: nothing to adopt, nothing changed (see \`flash status\`).`],
    };
  }
  const order = [...chain.migrations.map((m) => m.name), ...chain.unsealed];
  const rows = found === 'flash-orm' ? await readFlashOrmRows(conn) : [];
  const appliedNames = found === 'flash-orm' ? new Set(rows.filter(flashOrmApplied).map((r) => r.migration_name)) : new Set(order);
  for (const name of appliedNames) {
    if (!order.includes(name)) {
      throw new FlashError(
        'E_CHAIN',
        `Flash ORM recorded ${name} as applied, but db/migrations has no ${name}.sql.`,
        'Restore the file from git (applied migrations are history), then run `flash adopt` again. Nothing was changed.',
        { data: { migration: name } },
      );
    }
  }
  const count = appliedNames.size;
  const gap = order.slice(0, count).find((name) => !appliedNames.has(name));
  if (gap) {
    const later = order.slice(count).find((name) => appliedNames.has(name));
    throw new FlashError(
      'E_CHAIN',
      `Flash ORM applied ${later} but not the earlier ${gap}: the applied migrations are not a prefix of db/migrations.`,
      'Apply or remove the out-of-order migration with Flash ORM first, or mark what the database has with `flash apply --mark-applied <migration>` after adopting. Nothing was changed.',
      { data: { missing: gap, applied: later } },
    );
  }
  const appliedOrder = order.slice(0, count);
  const expected = await replay(pc, appliedOrder);
  assertSchemaMatches(
    pc,
    expected,
    await pc.dialect.introspect(conn),
    count === order.length
      ? 'the end state of db/migrations'
      : `db/migrations up to ${appliedOrder.at(-1) ?? '(none)'}, the last migration Flash ORM applied`,
    'Bring the database in line with the migrations (or add a migration for the difference), then run `flash adopt` again.',
  );
  const sealed = await loadChain(pc, { seal: true });
  const byName = new Map(sealed.migrations.map((m) => [m.name, { lock: m.lock, checksum: m.checksum }]));
  const notes = [...sealed.notes];
  if (found === 'flash-orm') {
    await convertFlashOrmTable(conn, pc.dialect, rows, byName);
    notes.push(
      `converted _flash_migrations (${rows.length} row${rows.length === 1 ? '' : 's'}) to Flash's format; Flash ORM's original rows are kept in ${FLASH_ORM_BACKUP_TABLE}`,
    );
  } else {
    await ensureTrackingTable(conn, pc.dialect);
    for (const name of appliedOrder) {
      const m = byName.get(name)!;
      await recordApplied(
        conn,
        { name, checksum: m.checksum, from: m.lock.from, to: m.lock.to },
        'adopted: the database already had this migration (flash adopt)',
      );
    }
  }
  const snapshot = headOf(sealed, await readTracking(conn));
  return {
    found,
    applied: appliedOrder,
    pending: order.slice(count),
    snapshot,
    ...(found === 'flash-orm' ? { backupTable: FLASH_ORM_BACKUP_TABLE } : {}),
    notes,
  };
}

/** The schema the named migrations produce from an empty database, on a shadow (nothing written). */
async function replay(pc: ProjectContext, names: string[]): Promise<Schema> {
  return withShadow(pc, async (shadow) => {
    for (const name of names) {
      const file = path.join(pc.project.migrationsDir, `${name}.sql`);
      const text = await fs.readFile(file, 'utf8');
      const parsed = parseMigrationFile(name, text, pc.dialect.capabilities.quoteSyntax);
      await runScript(pc, shadow, parsed.up, file, parsed.upLine);
    }
    return pc.dialect.introspect(shadow);
  });
}
