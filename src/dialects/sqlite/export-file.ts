import Database from 'better-sqlite3';
import type { Table } from '../../core/model/schema.js';
import { sqliteExportSchema } from '../../core/data/sqlite-export-schema.js';
import { toSqliteValue, type DataValue } from '../../core/data/values.js';
import { FlashError } from '../../errors.js';
import { quoteIdent } from './render-ddl.js';

/** Rows per transaction: one fsync per batch instead of per row, and a bounded journal. */
const ROWS_PER_TRANSACTION = 10_000;

/**
 * The file `flash export --format sqlite` writes: the exported tables mapped to SQLite types
 * (core/data/sqlite-export-schema.ts), filled batch by batch inside transactions. Foreign keys are
 * enforced only after the load (`foreign_key_check` at close), so tables can be filled in any order.
 */
export class SqliteExportFile {
  private readonly db: Database.Database;
  private pending = 0;
  /** one prepared INSERT per table: a statement per batch would leave native statements waiting for GC */
  private readonly inserts = new Map<string, Database.Statement>();
  readonly omitted: string[];

  constructor(file: string, tables: Table[]) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('foreign_keys = OFF');
    const schema = sqliteExportSchema(tables);
    this.omitted = schema.omitted;
    this.db.transaction(() => {
      for (const statement of schema.statements) this.db.exec(statement);
    })();
  }

  insert(table: Table, rows: DataValue[][]): void {
    const columns = table.columns;
    let stmt = this.inserts.get(table.name);
    if (!stmt) {
      stmt = this.db.prepare(
        `INSERT INTO ${quoteIdent(table.name)} (${columns.map((c) => quoteIdent(c.name)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      this.inserts.set(table.name, stmt);
    }
    if (!this.db.inTransaction) this.db.exec('BEGIN');
    for (const row of rows) stmt.run(row.map((v, i) => toSqliteValue(v, columns[i])));
    this.pending += rows.length;
    if (this.pending >= ROWS_PER_TRANSACTION) this.commit();
  }

  /** Commits, checks the foreign keys between exported tables and closes the file. */
  close(): void {
    this.commit();
    const violations = this.db.prepare('PRAGMA foreign_key_check').all();
    this.db.close();
    if (violations.length) {
      throw new FlashError(
        'E_SQL',
        `The exported rows break ${violations.length} foreign key reference(s) in the SQLite file (the source database holds rows its foreign keys reject).`,
        'Fix the orphaned rows in the source database, or export without the referencing table.',
        { data: { violations: violations.slice(0, 20) } },
      );
    }
  }

  /** Closes without checking, after a failed export (the caller removes the file). */
  abandon(): void {
    if (this.db.open) this.db.close();
  }

  private commit(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.pending = 0;
  }
}
