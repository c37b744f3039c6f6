import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FlashError } from '../../errors.js';
import type { Connection } from '../dialect.js';
import { splitSqliteStatements } from './split-statements.js';

/** How long an ordinary statement waits for another connection's lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * `file:./dev.db`, `file:dev.db`, `file:///abs/dev.db`, `sqlite:./dev.db`, `sqlite:///abs.db`, a plain
 * path, or `:memory:` → the file path (or `:memory:`), resolved against `baseDir`. Query strings are ignored.
 */
export function sqlitePath(url: string, baseDir = process.cwd()): string {
  let rest = url.trim();
  const scheme = /^(file|sqlite3?):/i.exec(rest);
  if (scheme) {
    rest = rest.slice(scheme[0].length);
    if (rest.startsWith('//')) rest = rest.slice(2);
  }
  rest = rest.split('?')[0]!;
  if (rest === ':memory:' || rest === '') return ':memory:';
  return path.resolve(baseDir, rest);
}

export function isMemoryUrl(url: string): boolean {
  return sqlitePath(url, '/') === ':memory:';
}

const fkCheck = /^\s*PRAGMA\s+(\w+\.)?foreign_key_check\b/i;

/**
 * better-sqlite3 (synchronous) behind the async Connection interface.
 *
 * Migration transactions: SQLite's table rebuild needs foreign-key enforcement off (dropping the old
 * table would otherwise fire ON DELETE CASCADE on child rows or fail NO ACTION keys), and
 * `PRAGMA foreign_keys` cannot change inside a transaction. So `transaction()` switches enforcement off
 * before starting the transaction and restores it after; the rebuild's `PRAGMA foreign_key_check`
 * statements verify integrity instead, here in `exec` (the one place that check runs). While
 * `acquireLock` holds the database (a write transaction), `transaction()` is a savepoint, so the
 * runner's per-migration transactions keep working inside the lock.
 */
export class SqliteConnection implements Connection {
  readonly description: string;
  /** restore value of PRAGMA foreign_keys while Flash has switched enforcement off */
  private foreignKeysBefore: number | undefined;
  private savepoints = 0;
  lockHeld = false;

  constructor(
    readonly db: Database.Database,
    readonly file: string,
  ) {
    this.description = file === ':memory:' ? 'sqlite::memory:' : `sqlite:${file}`;
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const stmt = this.db.prepare(sql);
    const bound = params.map(bindable);
    if (!stmt.reader) {
      stmt.run(...bound);
      return [];
    }
    return stmt.all(...bound) as T[];
  }

  async exec(sql: string): Promise<void> {
    if (!fkCheck.test(sql) && !/foreign_key_check/i.test(sql)) {
      this.db.exec(sql);
      return;
    }
    for (const { sql: one } of splitSqliteStatements(sql)) {
      if (fkCheck.test(one)) assertNoViolations(one, this.db.prepare(one).all() as Array<Record<string, unknown>>);
      else this.db.exec(one);
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Switch FK enforcement off for a migration transaction (no-op if already off). Must run outside a transaction. */
  suspendForeignKeys(): void {
    if (this.foreignKeysBefore !== undefined || this.db.inTransaction) return;
    this.foreignKeysBefore = this.db.pragma('foreign_keys', { simple: true }) as number;
    if (this.foreignKeysBefore) this.db.pragma('foreign_keys = OFF');
  }

  restoreForeignKeys(): void {
    if (this.foreignKeysBefore === undefined || this.db.inTransaction) return;
    if (this.foreignKeysBefore) this.db.pragma('foreign_keys = ON');
    this.foreignKeysBefore = undefined;
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    this.begin();
    let result: T;
    try {
      result = await fn();
    } catch (err) {
      try {
        this.finish('rollback');
      } catch {
        /* the transaction is already gone (I/O error, disk full): the real error is err */
      }
      throw err;
    }
    this.finish('commit');
    return result;
  }

  private begin(): void {
    if (this.lockHeld) {
      this.db.exec(`SAVEPOINT flash_tx_${++this.savepoints}`);
      return;
    }
    this.suspendForeignKeys();
    try {
      this.db.exec('BEGIN');
    } catch (err) {
      this.restoreForeignKeys();
      throw err;
    }
  }

  private finish(how: 'commit' | 'rollback'): void {
    if (this.lockHeld && this.savepoints > 0) {
      const name = `flash_tx_${this.savepoints--}`;
      // some errors (I/O, disk full) roll the whole transaction back, savepoints included
      if (!this.db.inTransaction) throw new Error(`cannot ${how}: the lock's transaction was rolled back by SQLite`);
      if (how === 'rollback') this.db.exec(`ROLLBACK TO ${name}`);
      this.db.exec(`RELEASE ${name}`);
      return;
    }
    try {
      if (this.db.inTransaction) this.db.exec(how === 'commit' ? 'COMMIT' : 'ROLLBACK');
      else if (how === 'commit') throw new Error('cannot commit - no transaction is active');
    } finally {
      if (!this.lockHeld && !this.db.inTransaction) this.afterTransaction();
    }
  }

  /** Undo connection settings a migration may leave behind when it fails halfway through a rebuild. */
  afterTransaction(): void {
    this.db.pragma('legacy_alter_table = OFF');
    this.restoreForeignKeys();
  }
}

function assertNoViolations(sql: string, rows: Array<Record<string, unknown>>): void {
  if (!rows.length) return;
  const first = rows[0];
  throw new FlashError(
    'E_SQL',
    `Foreign key check failed: ${rows.length} row(s) of "${String(first.table)}" reference missing rows in "${String(first.parent)}" (first rowid ${String(first.rowid)}).`,
    'Fix or delete the referencing rows (or the new foreign key) and run the migration again.',
    { data: { statement: sql, violations: rows.slice(0, 20) } },
  );
}

function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** Open a database file (created if missing, like `sqlite3 dev.db`); the directory must exist. */
export function openSqlite(url: string, opts: { baseDir?: string; readonly?: boolean; mustExist?: boolean } = {}): SqliteConnection {
  const file = sqlitePath(url, opts.baseDir);
  if (file !== ':memory:') {
    const dir = path.dirname(file);
    if (!fs.existsSync(dir)) throw connectError(file, `directory ${dir} does not exist`);
    if (opts.mustExist && !fs.existsSync(file)) throw connectError(file, 'the file does not exist');
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.mustExist ?? false });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    checkReadable(db);
  } catch (err) {
    db?.close();
    throw connectError(file, err instanceof Error ? err.message : String(err), err);
  }
  return new SqliteConnection(db, file);
}

/** "file is not a database" surfaces on the first read; a busy database (another writer committing) is a database. */
function checkReadable(db: Database.Database): void {
  db.pragma('busy_timeout = 0');
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (err) {
    if (!String((err as { code?: string }).code).startsWith('SQLITE_BUSY')) throw err;
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

function connectError(file: string, reason: string, cause?: unknown): FlashError {
  return new FlashError(
    'E_DB_CONNECT',
    `Cannot open SQLite database ${file}: ${reason}.`,
    'Check that the directory exists and is writable, and that DATABASE_URL (or the variable named by url_env) points at the right file.',
    { cause, data: { file } },
  );
}

export async function connectSqlite(url: string): Promise<SqliteConnection> {
  return openSqlite(url);
}

export function asSqliteConnection(conn: Connection): SqliteConnection {
  if (conn instanceof SqliteConnection) return conn;
  throw new FlashError(
    'E_INTERNAL',
    'The SQLite dialect was given a connection it did not open.',
    'Open connections with the dialect of the configured provider.',
  );
}
