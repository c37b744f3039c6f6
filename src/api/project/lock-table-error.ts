import { FlashError, ExitCode } from '../../errors.js';
import type { Connection } from '../../dialects/dialect.js';
import type { ProjectContext } from './project-context.js';

/**
 * A migration too big for the server's lock table ("out of shared memory" on PostgreSQL) is not a
 * bad statement: the hint "fix the statement" sent users hunting for a typo. This says which
 * setting to raise and to what. The value needed is extrapolated from how far the transaction got
 * (statement `failedAt` of `total` held `capacity` locks), with a margin, rounded up to a power of two.
 */
export async function lockTableError(
  pc: ProjectContext,
  conn: Connection,
  failure: unknown,
  at: { failedAt: number; total: number; what: string; rolledBack: boolean },
): Promise<FlashError | undefined> {
  const size = await pc.dialect.lockTableFull?.(failure, conn);
  if (!size) return undefined;
  const needed = size.value ? neededValue(size.value, at.failedAt, at.total) : undefined;
  const current = size.value ? ` (${size.value}; the server's lock table holds ${size.capacity?.toLocaleString('en-US')} locks)` : '';
  const raise = needed ? `Raise ${size.setting} to at least ${needed}` : `Raise ${size.setting}`;
  return new FlashError(
    'E_LOCK_TABLE_FULL',
    `${at.what} ran out of lock table space at statement ${at.failedAt} of ${at.total}: one transaction locks every object it creates, and ${size.setting}${current} is too small for it.${at.rolledBack ? ' It was rolled back; the database is unchanged.' : ''}`,
    `${raise} (ALTER SYSTEM SET ${size.setting} = ${needed ?? '<n>'}; then restart the server), or split the migration into smaller ones.`,
    {
      exitCode: ExitCode.migration,
      data: { setting: size.setting, value: size.value, needed, failedAt: at.failedAt, total: at.total },
      cause: failure,
    },
  );
}

export function neededValue(current: number, failedAt: number, total: number): number {
  const estimate = Math.ceil((current * total * 1.25) / Math.max(1, failedAt - 1));
  let value = 64;
  while (value < estimate) value *= 2;
  return Math.max(value, current * 2);
}
