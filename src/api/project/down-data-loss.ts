import { isFlashError } from '../../errors.js';
import type { Connection } from '../../dialects/dialect.js';
import type { Renames } from '../../core/diff/renames.js';
import type { Schema } from '../../core/model/schema.js';
import { lossCandidates } from '../../core/lint/down-data-loss.js';
import { renamesInSql } from '../../core/plan/sql-renames.js';
import { schemaAt, type Chain, type ChainMigration } from './chain.js';
import { planChange, type ChangePlan } from './plan-change.js';
import type { ProjectContext } from './project-context.js';
import { engineMessage } from './shadow.js';

/** Something a Down would destroy in the database as it is now. */
export interface DownLoss {
  migration: string;
  /** "drops table notes" */
  description: string;
  table?: string;
  /** rows or values lost; undefined when it could not be counted (then it is assumed to be lost) */
  count?: number;
  /** why it could not be counted */
  note?: string;
}

/**
 * What reverting `targets` (newest first) would destroy: the change each Down makes is the snapshot
 * diff `to → from` of its lock line (renames read from its Down SQL), and each data-losing operation
 * is measured on the live database — a dropped table that holds no rows loses nothing. An operation
 * that cannot be measured counts as a loss: asking once too often is the safe mistake.
 */
export async function measureDownLoss(pc: ProjectContext, conn: Connection, chain: Chain, targets: ChainMigration[]): Promise<DownLoss[]> {
  const losses: DownLoss[] = [];
  for (const m of targets) {
    const from = await schemaAt(pc, chain, m.lock.to);
    const to = await schemaAt(pc, chain, m.lock.from);
    const { ops } = planWithRenames(pc, from, to, renamesInSql(m.parsed.down));
    for (const candidate of lossCandidates(ops, { traits: pc.dialect.traits, from, to, direction: 'down' })) {
      const base = { migration: m.name, description: candidate.description, ...(candidate.table ? { table: candidate.table } : {}) };
      if (candidate.checks.length === 0) {
        losses.push({ ...base, note: 'cannot be counted' });
        continue;
      }
      let count = 0;
      let note: string | undefined;
      for (const check of candidate.checks) {
        try {
          const rows = await conn.query(check.sql);
          count += Number(Object.values(rows[0] ?? {})[0] ?? 0);
        } catch (err) {
          note = `could not count: ${engineMessage(err)}`;
        }
      }
      if (note) losses.push({ ...base, note });
      else if (count > 0) losses.push({ ...base, count });
    }
  }
  return losses;
}

/** "drops table notes (2 rows)" */
export function formatDownLoss(loss: DownLoss): string {
  const unit = loss.description.startsWith('drops table') ? 'row' : 'value';
  const amount = loss.count !== undefined ? `${loss.count} ${unit}${loss.count === 1 ? '' : 's'}` : (loss.note ?? 'cannot be counted');
  return `${loss.description} (${amount})`;
}

/** The Down's renames when they fit the two snapshots; otherwise the plain diff (which reports drops, the cautious reading). */
function planWithRenames(pc: ProjectContext, from: Schema, to: Schema, renames: Renames): ChangePlan {
  try {
    return planChange(pc, from, to, renames);
  } catch (err) {
    // planRenames refuses renames that do not fit the schemas (E_USAGE); anything else is a real error.
    if (isFlashError(err) && err.code === 'E_USAGE') return planChange(pc, from, to);
    throw err;
  }
}
