import { FlashError } from '../errors.js';
import type { AuditRecord } from '../dialects/audit-table.js';
import { readAuditLog } from './project/audit-log.js';
import { closeQuietly, connectLive, type ProjectContext } from './project/project-context.js';

export interface AuditListing {
  source: 'file' | 'database';
  records: AuditRecord[];
  /** file lines that are not JSON (a torn write, a hand edit) */
  unreadable: number;
}

/** The local `.flash/local/audit.log`, or with `dbSide` the `_flash_audit` table of the current database. */
export async function listAudit(pc: ProjectContext, options: { dbSide?: boolean; limit?: number } = {}): Promise<AuditListing> {
  const limit = options.limit ?? 100;
  if (!options.dbSide) {
    const { records, unreadable } = await readAuditLog(pc.project.dir);
    return { source: 'file', records: records.slice(-limit), unreadable };
  }
  if (!pc.dialect.auditTable) {
    throw new FlashError(
      'E_UNSUPPORTED',
      `The ${pc.provider} dialect keeps no audit table in the database; the audit log is the file .flash/local/audit.log.`,
      'Run `flash log` without --db-side.',
    );
  }
  const { conn } = await connectLive(pc);
  try {
    return { source: 'database', records: await pc.dialect.auditTable.read(conn, limit), unreadable: 0 };
  } finally {
    await closeQuietly(conn);
  }
}
