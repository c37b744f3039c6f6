import { FlashError } from '../errors.js';
import { headOf, checkChecksums } from './apply.js';
import { loadChain } from './chain.js';
import { recordDatabaseSnapshot } from './local-state.js';
import { closeQuietly, connectLive, type ProjectContext } from './project-context.js';
import { revertMigration } from './runner.js';
import { assertNoMergeInProgress } from './merge-state.js';
import { appliedByName, readTracking, trackingTableExists } from './tracking.js';

export interface DownOptions {
  steps: number;
  allowChanged?: boolean;
  onWait?: () => void;
  onProgress?: (event: { migration: string; phase: 'start' | 'done' }) => void;
}

export interface DownResult {
  reverted: string[];
  snapshot: string;
}

/** `flash down -s N`: revert the N most recently applied migrations, newest first, with their Down sections. */
export async function down(pc: ProjectContext, options: DownOptions): Promise<DownResult> {
  if (!Number.isInteger(options.steps) || options.steps < 1) {
    throw new FlashError('E_USAGE', `--steps must be a positive whole number, not ${options.steps}.`, 'For example `flash down -s 2`.');
  }
  await assertNoMergeInProgress(pc.store.root);
  const chain = await loadChain(pc);
  const { url, conn } = await connectLive(pc);
  try {
    if (!(await trackingTableExists(conn))) return { reverted: [], snapshot: chain.emptyHash };
    const release = await pc.dialect.acquireLock(conn, options.onWait);
    const reverted: string[] = [];
    try {
      const rows = await readTracking(conn);
      const byName = new Map(chain.migrations.map((m) => [m.name, m]));
      const targets = [...appliedByName(rows).values()].sort((a, b) => b.id - a.id).slice(0, options.steps);
      const missing = targets.filter((r) => !byName.has(r.migration_name));
      if (missing.length) {
        throw new FlashError('E_CHAIN', `Cannot revert ${missing[0]!.migration_name}: its file is not in this project's chain.`, 'Check out the branch that has it, or restore db/migrations/<name>.sql from git.', { data: { migrations: missing.map((r) => r.migration_name) } });
      }
      checkChecksums({ ...chain, migrations: targets.map((r) => byName.get(r.migration_name)!) }, rows, options.allowChanged);
      for (const row of targets) {
        const m = byName.get(row.migration_name)!;
        if (!m.parsed.down.trim() && m.parsed.up.trim()) {
          throw new FlashError('E_USAGE', `Migration ${m.name} has no Down section, so it cannot be reverted.`, `Write the Down section of ${m.name}.sql (it is applied, so pass --allow-changed), or restore the database with \`flash reset\`.`);
        }
        options.onProgress?.({ migration: m.name, phase: 'start' });
        await revertMigration(pc, conn, m, row);
        reverted.push(m.name);
        options.onProgress?.({ migration: m.name, phase: 'done' });
      }
    } finally {
      await release();
    }
    const snapshot = headOf(chain, await readTracking(conn));
    await recordDatabaseSnapshot(pc.project.dir, url, snapshot);
    return { reverted, snapshot };
  } finally {
    await closeQuietly(conn);
  }
}
