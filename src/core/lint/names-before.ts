import type { Operation } from '../diff/operations.js';
import type { Schema, Table } from '../model/schema.js';

/**
 * Operations name objects as they are after the migration's renames; the current database still has
 * the old names. This maps back, so lint messages can say "existing table" and data checks can query
 * the database as it is now.
 */
export class NamesBefore {
  private readonly oldTable = new Map<string, string>();
  private readonly oldColumn = new Map<string, string>();
  private readonly renamedColumnsOf = new Set<string>();
  private readonly tables: Map<string, Table>;

  constructor(from: Schema, ops: readonly Operation[]) {
    this.tables = new Map(from.tables.map((t) => [t.name, t]));
    for (const op of ops) {
      if (op.kind === 'renameTable') this.oldTable.set(op.to, this.oldTable.get(op.from) ?? op.from);
      if (op.kind === 'renameColumn') {
        const key = `${op.table}\u0000${op.to}`;
        this.oldColumn.set(key, this.oldColumn.get(`${op.table}\u0000${op.from}`) ?? op.from);
        this.renamedColumnsOf.add(op.table);
      }
    }
  }

  /** The table as it exists in the current database, if it does. */
  table(name: string): Table | undefined {
    return this.tables.get(this.oldTable.get(name) ?? name);
  }

  /** Current name of a column of table `table` (new names in, old names out); undefined when the column is new. */
  column(table: string, column: string): string | undefined {
    const current = this.table(table);
    const old = this.oldColumn.get(`${table}\u0000${column}`) ?? column;
    return current?.columns.some((c) => c.name === old) ? old : undefined;
  }

  /** Expressions (checks, index expressions) are written with new names: only safe to run when no column of the table was renamed. */
  hasRenamedColumns(table: string): boolean {
    return this.renamedColumnsOf.has(table);
  }
}
