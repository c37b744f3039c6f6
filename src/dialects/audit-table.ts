import type { Connection } from './dialect.js';

/** One line of the audit log, as stored in `.flash/local/audit.log` and in `_flash_audit`. */
export interface AuditRecord {
  who: string | null;
  when: string;
  command: string;
  branch: string | null;
  database: string | null;
  from: string | null;
  to: string | null;
  statements: number | null;
  durationMs: number;
  result: 'ok' | 'error';
  error: string | null;
}

/**
 * The database-side copy of the audit log (PostgreSQL, MySQL): a `_flash_audit` table created on
 * demand. Flash's own `_flash_*` tables are left out of introspection, so it never shows in a diff.
 */
export interface AuditTable {
  append(conn: Connection, record: AuditRecord): Promise<void>;
  /** newest last; `limit` most recent */
  read(conn: Connection, limit: number): Promise<AuditRecord[]>;
}

const columns = ['who', 'at', 'command', 'branch', 'db', 'from_hash', 'to_hash', 'statements', 'duration_ms', 'result', 'error'];

export function createAuditTable(ddl: string): AuditTable {
  return {
    async append(conn, r) {
      await ensureTable(conn, ddl);
      await conn.query(`INSERT INTO _flash_audit (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, [
        r.who,
        r.when,
        r.command,
        r.branch,
        r.database,
        r.from,
        r.to,
        r.statements,
        Math.round(r.durationMs),
        r.result,
        r.error,
      ]);
    },
    async read(conn, limit) {
      await ensureTable(conn, ddl);
      const rows = await conn.query(
        `SELECT id, ${columns.join(', ')} FROM _flash_audit ORDER BY id DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
      );
      return rows.reverse().map((row) => ({
        who: (row.who as string | null) ?? null,
        when: row.at instanceof Date ? row.at.toISOString() : String(row.at),
        command: String(row.command),
        branch: (row.branch as string | null) ?? null,
        database: (row.db as string | null) ?? null,
        from: (row.from_hash as string | null) ?? null,
        to: (row.to_hash as string | null) ?? null,
        statements: row.statements === null || row.statements === undefined ? null : Number(row.statements),
        durationMs: Number(row.duration_ms),
        result: row.result === 'ok' ? 'ok' : 'error',
        error: (row.error as string | null) ?? null,
      }));
    },
  };
}

/**
 * Two commands ending at once may both create the table: PostgreSQL's CREATE TABLE IF NOT EXISTS can
 * then fail on its catalog's unique index. The table exists after either outcome, so one retry settles it.
 */
async function ensureTable(conn: Connection, ddl: string): Promise<void> {
  try {
    await conn.exec(ddl);
  } catch {
    await conn.exec(ddl);
  }
}
