import type { Operation } from '../../core/diff/operations.js';
import type { Schema, Table } from '../../core/model/schema.js';

/**
 * The tables as they are at the current point of a migration, replayed op by op from the `from` schema.
 * MySQL statements depend on it: `ADD COLUMN … AFTER` needs a column that already exists, and whether
 * dropping an index or FK touches InnoDB's implicit FK index depends on the keys present right then.
 */
export class TableState {
  private readonly tables = new Map<string, Table>();

  constructor(from: Schema) {
    for (const t of from.tables) this.tables.set(t.name, structuredClone(t));
  }

  get(name: string): Table | undefined {
    return this.tables.get(name);
  }

  apply(op: Operation): void {
    switch (op.kind) {
      case 'createTable':
        this.tables.set(op.table.name, structuredClone(op.table));
        return;
      case 'dropTable':
        this.tables.delete(op.table.name);
        return;
      case 'renameTable': {
        const t = this.tables.get(op.from);
        if (!t) return;
        this.tables.delete(op.from);
        t.name = op.to;
        this.tables.set(op.to, t);
        return;
      }
      default:
        break;
    }
    if (!('table' in op) || typeof op.table !== 'string') return;
    const t = this.tables.get(op.table);
    if (!t) return;
    switch (op.kind) {
      case 'addColumn':
        t.columns.push(structuredClone(op.column));
        return;
      case 'dropColumn':
        t.columns = t.columns.filter((c) => c.name !== op.column.name);
        return;
      case 'renameColumn': {
        const rename = (c: string): string => (c === op.from ? op.to : c);
        for (const c of t.columns) if (c.name === op.from) c.name = op.to;
        if (t.primaryKey) t.primaryKey.columns = t.primaryKey.columns.map(rename);
        for (const u of t.uniques) u.columns = u.columns.map(rename);
        for (const ix of t.indexes) for (const e of ix.elements) if (e.column !== undefined) e.column = rename(e.column);
        for (const fk of t.foreignKeys) fk.columns = fk.columns.map(rename);
        return;
      }
      case 'alterColumn': {
        const i = t.columns.findIndex((c) => c.name === op.from.name);
        if (i >= 0) t.columns[i] = structuredClone(op.to);
        return;
      }
      case 'addPrimaryKey':
        t.primaryKey = structuredClone(op.primaryKey);
        return;
      case 'dropPrimaryKey':
        delete t.primaryKey;
        return;
      case 'addUnique':
        t.uniques.push(structuredClone(op.unique));
        return;
      case 'dropUnique':
        t.uniques = t.uniques.filter((u) => u.name !== op.unique.name);
        return;
      case 'createIndex':
        t.indexes.push(structuredClone(op.index));
        return;
      case 'dropIndex':
        t.indexes = t.indexes.filter((ix) => ix.name !== op.index.name);
        return;
      case 'addForeignKey':
        t.foreignKeys.push(structuredClone(op.foreignKey));
        return;
      case 'dropForeignKey':
        t.foreignKeys = t.foreignKeys.filter((fk) => fk.name !== op.foreignKey.name);
        return;
      case 'addCheck':
        t.checks.push(structuredClone(op.check));
        return;
      case 'dropCheck':
        t.checks = t.checks.filter((c) => c.name !== op.check.name);
        return;
      case 'setTableComment':
        if (op.to) t.comment = op.to;
        else delete t.comment;
        return;
      case 'alterTableOptions':
        if (op.to) t.options = structuredClone(op.to);
        else delete t.options;
        return;
      default:
        return;
    }
  }
}
