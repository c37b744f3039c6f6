import { FlashError } from '../errors.js';
import { emptySchema } from '../core/model/schema.js';
import { headOf, plan } from './apply.js';
import { loadChain } from './project/chain.js';
import { recordDatabaseSnapshot } from './project/local-state.js';
import { closeQuietly, connectLive, type ProjectContext } from './project/project-context.js';
import { assertSchemaMatches } from './project/schema-mismatch.js';
import { trackingFormat } from './project/flash-orm-tracking.js';
import { appliedByName, ensureTrackingTable, flashOrmTableError, readTracking, recordApplied } from './project/tracking.js';

export interface MarkAppliedResult {
  /** the migration named, and every earlier pending one (its result includes theirs) */
  marked: string[];
  snapshot: string;
}

/**
 * `flash apply --mark-applied <migration>`: record a migration as applied without running it, for a
 * database that already has its changes (made by hand, by another tool, or a case `flash adopt`
 * cannot decide). Refused unless the live schema is exactly that migration's result; earlier pending
 * migrations are marked with it, since its result contains theirs.
 */
export async function markApplied(
  pc: ProjectContext,
  migration: string,
  options: { onWait?: () => void } = {},
): Promise<MarkAppliedResult> {
  const { url, conn } = await connectLive(pc);
  try {
    // Before sealing writes anything: a Flash ORM table is refused with nothing changed (flash adopt).
    if ((await trackingFormat(conn, pc.dialect)) === 'flash-orm') throw flashOrmTableError();
    const chain = await loadChain(pc, { seal: true });
    const index = chain.migrations.findIndex((m) => m.name === migration || m.name.replace(/^\d+_/, '') === migration);
    if (index < 0) {
      throw new FlashError(
        'E_USAGE',
        `There is no migration named ${migration} in db/migrations.`,
        `Use a file name without .sql, e.g. ${chain.migrations.at(-1)?.name ?? '20260101000000_init'}.`,
      );
    }
    const target = chain.migrations[index];
    const release = await pc.dialect.acquireLock(conn, options.onWait);
    let result: MarkAppliedResult;
    try {
      await ensureTrackingTable(conn, pc.dialect);
      const rows = await readTracking(conn);
      const applied = appliedByName(rows);
      if (applied.has(target.name))
        throw new FlashError('E_NOTHING_TO_DO', `${target.name} is already recorded as applied in this database.`, 'See `flash status`.');
      const { partial } = plan(chain, rows);
      if (partial) {
        throw new FlashError(
          'E_MIGRATION_PARTIAL',
          `${partial.migration_name} was partly applied; it cannot be marked around.`,
          'Run `flash apply` to finish it first.',
          { data: { migration: partial.migration_name } },
        );
      }
      const expected = target.lock.to === chain.emptyHash ? emptySchema(pc.provider) : await pc.store.get(target.lock.to);
      assertSchemaMatches(
        pc,
        expected,
        await pc.dialect.introspect(conn),
        `the result of ${target.name}`,
        `Run \`flash diff ${target.name} live\` to see it; mark the migration whose result the database has, or apply the migrations with \`flash apply\`.`,
      );
      const marked = chain.migrations.slice(0, index + 1).filter((m) => !applied.has(m.name));
      for (const m of marked) {
        await recordApplied(
          conn,
          { name: m.name, checksum: m.checksum, from: m.lock.from, to: m.lock.to },
          `marked applied by flash apply --mark-applied ${target.name}: the database already had its changes`,
        );
      }
      result = { marked: marked.map((m) => m.name), snapshot: headOf(chain, await readTracking(conn)) };
    } finally {
      await release();
    }
    await recordDatabaseSnapshot(pc.project.dir, url, result.snapshot);
    return result;
  } finally {
    await closeQuietly(conn);
  }
}
