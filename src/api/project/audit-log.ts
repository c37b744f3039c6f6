import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Provider } from '../../core/model/schema.js';
import type { AuditRecord } from '../../dialects/audit-table.js';
import { databaseKey } from './local-state.js';

/**
 * What a command reports to the audit log. Everything but `command`, `result` and `durationMs` is
 * optional: give what the command knows.
 */
export interface AuditEvent {
  /** `apply`, `down`, `reset`, `checkout`, `hook post-checkout`, `merge`, `resolve`, `restore`, `raw`… */
  command: string;
  result: 'ok' | 'error';
  durationMs: number;
  /** the database the command wrote to; its password is removed before anything is stored */
  databaseUrl?: string;
  /** with a URL: `postgresql`/`mysql` also get a row in that database's `_flash_audit` table */
  provider?: Provider;
  /** snapshot hashes before and after */
  from?: string;
  to?: string;
  /** SQL statements run against the database */
  statements?: number;
  /** on failure: `E_CODE: message` */
  error?: string;
  /** default: the checked-out git branch */
  branch?: string;
}

export type AuditWarn = (line: string) => void;

const stderrWarn: AuditWarn = (line) => process.stderr.write(line + '\n');

export function auditLogPath(projectDir: string): string {
  return path.join(projectDir, '.flash', 'local', 'audit.log');
}

/**
 * Append one event to `.flash/local/audit.log` (one JSON object per line, O_APPEND, one write per
 * line so concurrent commands never interleave) and, for PostgreSQL/MySQL, a row to `_flash_audit`
 * in the database written to (created on demand).
 *
 * Never throws and never blocks the command it records: a failed write is reported through `warn`
 * (stderr by default) as `warning[E_AUDIT_WRITE]: …`. Call it once, at the end of the command, with
 * `result: 'error'` too when the command failed.
 */
export async function appendAudit(projectDir: string, event: AuditEvent, warn: AuditWarn = stderrWarn): Promise<AuditRecord> {
  const record: AuditRecord = {
    who: await gitUserEmail(projectDir),
    when: new Date().toISOString(),
    command: event.command,
    branch: event.branch ?? (await checkedOutBranch(projectDir)) ?? null,
    database: event.databaseUrl ? databaseKey(event.databaseUrl) : null,
    from: event.from ?? null,
    to: event.to ?? null,
    statements: event.statements ?? null,
    durationMs: Math.round(event.durationMs),
    result: event.result,
    error: event.error ?? null,
  };
  const file = auditLogPath(projectDir);
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const handle = await fs.open(file, 'a'); // O_APPEND: each write lands at the end, whoever else appends
    try {
      await handle.write(JSON.stringify(record) + '\n');
    } finally {
      await handle.close();
    }
  } catch (err) {
    warn(`warning[E_AUDIT_WRITE]: could not append to ${path.relative(projectDir, file)}: ${(err as Error).message}`);
  }
  if (event.databaseUrl && event.provider) await appendDatabaseSide(event.provider, event.databaseUrl, record, warn);
  return record;
}

async function appendDatabaseSide(provider: Provider, url: string, record: AuditRecord, warn: AuditWarn): Promise<void> {
  try {
    const { loadDialect } = await import('../../dialects/registry.js');
    const dialect = await loadDialect(provider);
    if (!dialect.auditTable) return;
    const conn = await dialect.connect(url);
    try {
      await dialect.auditTable.append(conn, record);
    } finally {
      await conn.close().catch(() => {});
    }
  } catch (err) {
    warn(
      `warning[E_AUDIT_WRITE]: could not record the audit row in _flash_audit of ${databaseKey(url)}: ${(err as Error).message.split('\n')[0]}`,
    );
  }
}

/** Lines of `.flash/local/audit.log`, oldest first; a line that is not JSON is returned as `unreadable`. */
export async function readAuditLog(projectDir: string): Promise<{ records: AuditRecord[]; unreadable: number }> {
  let text: string;
  try {
    text = await fs.readFile(auditLogPath(projectDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], unreadable: 0 };
    throw err;
  }
  const records: AuditRecord[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as AuditRecord);
    } catch {
      unreadable++;
    }
  }
  return { records, unreadable };
}

async function gitUserEmail(dir: string): Promise<string | null> {
  try {
    const { runGit } = await import('../../git/run-git.js');
    const r = await runGit(dir, ['config', 'user.email']);
    return r.code === 0 && r.stdout.trim() ? r.stdout.trim() : null;
  } catch {
    return null; // git missing: the log still says what happened, without who
  }
}

async function checkedOutBranch(dir: string): Promise<string | undefined> {
  try {
    const [{ findRepo }, { currentBranch }] = await Promise.all([import('../../git/repo.js'), import('../../git/current-branch.js')]);
    return await currentBranch(await findRepo(dir));
  } catch {
    return undefined; // not a git repository, or a detached HEAD
  }
}
