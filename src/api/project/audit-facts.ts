import type { AuditEvent } from './audit-log.js';
import { loadChain } from './chain.js';
import type { ProjectContext } from './project-context.js';
import { downStatements, upStatements } from './runner.js';

/**
 * Audit facts of migrations that ran: the hash before, and the number of statements they contain.
 * Read from the migration files after the command (a file read, no database), so the commands
 * themselves need no change to feed the audit log.
 */
export async function migrationAuditFacts(
  pc: ProjectContext,
  names: string[],
  direction: 'up' | 'down',
): Promise<Pick<AuditEvent, 'from' | 'statements'>> {
  if (names.length === 0) return { statements: 0 };
  const chain = await loadChain(pc);
  const byName = new Map(chain.migrations.map((m) => [m.name, m]));
  const ran = names.map((n) => byName.get(n)).filter((m) => m !== undefined);
  const statements = ran.reduce((n, m) => n + (direction === 'up' ? upStatements(pc, m) : downStatements(pc, m)).length, 0);
  const first = ran[0];
  return { statements, ...(first ? { from: direction === 'up' ? first.lock.from : first.lock.to } : {}) };
}
