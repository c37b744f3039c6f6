import type { Column, PrimaryKey } from '../../core/model/schema.js';
import { columnDefinition, indexClause, q, qList, uniqueClause } from './ddl.js';
import type { MysqlOpContext } from './render-context.js';

/**
 * An AUTO_INCREMENT column must lead some key at every moment, but the diff adds keys after columns
 * and drops a primary key before adding its replacement. Both fixes reach across operations:
 * a later key operation is folded into the statement that makes the column AUTO_INCREMENT (and then
 * renders nothing itself), and a primary-key drop waits for the ADD PRIMARY KEY that replaces it.
 */
export class KeyFolding {
  private readonly folded = new Set<number>();
  private readonly deferredPkDrops = new Set<string>();

  /** Operation `index` was emitted together with an earlier statement. */
  fold(index: number): void {
    this.folded.add(index);
  }

  isFolded(index: number): boolean {
    return this.folded.has(index);
  }

  deferPrimaryKeyDrop(table: string): void {
    this.deferredPkDrops.add(table);
  }

  hasDeferredPrimaryKeyDrop(table: string): boolean {
    return this.deferredPkDrops.has(table);
  }

  /** `DROP PRIMARY KEY, ` when a drop of `table`'s primary key is waiting (and no longer), else ''. */
  takePrimaryKeyDrop(table: string): string {
    return this.deferredPkDrops.delete(table) ? 'DROP PRIMARY KEY, ' : '';
  }
}

export function addPrimaryKeySql(table: string, primaryKey: PrimaryKey, cx: MysqlOpContext): string {
  return `ALTER TABLE ${q(table)} ${cx.keys.takePrimaryKeyDrop(table)}ADD PRIMARY KEY (${qList(primaryKey.columns)})`;
}

/**
 * When the primary key holding an AUTO_INCREMENT column is replaced, the drop is folded into the
 * later ADD PRIMARY KEY; when it is only dropped, AUTO_INCREMENT goes first in the same statement.
 */
export function dropPrimaryKeySql(table: string, cx: MysqlOpContext): string[] {
  const current = cx.current(table);
  const pk = current?.primaryKey?.columns ?? [];
  const autoColumn = current?.columns.find((c) => c.identity === 'auto-increment' && pk.includes(c.name));
  if (!autoColumn) return [`ALTER TABLE ${q(table)} DROP PRIMARY KEY`];
  const laterAdd = cx.ops.slice(cx.index + 1).some((o) => o.kind === 'addPrimaryKey' && o.table === table);
  if (laterAdd) {
    cx.keys.deferPrimaryKeyDrop(table);
    return [];
  }
  const { identity: _identity, ...plain } = autoColumn;
  return [`ALTER TABLE ${q(table)} MODIFY COLUMN ${columnDefinition(plain)}, DROP PRIMARY KEY`];
}

/**
 * The clause to append to the statement that adds or modifies `column`: when `column` is
 * AUTO_INCREMENT and no key of the table leads with it right now, the first later operation that
 * adds such a key, folded in (`, ADD PRIMARY KEY (…)`); else ''.
 */
export function keyForAutoIncrement(table: string, column: Column, cx: MysqlOpContext): string {
  if (column.identity !== 'auto-increment') return '';
  const current = cx.current(table);
  const leads = (cols: string[]): boolean => cols[0] === column.name;
  if (current) {
    if (current.primaryKey && leads(current.primaryKey.columns) && !cx.keys.hasDeferredPrimaryKeyDrop(table)) return '';
    if (current.uniques.some((u) => leads(u.columns))) return '';
    if (current.indexes.some((ix) => ix.elements[0]?.column === column.name)) return '';
  }
  for (let j = cx.index + 1; j < cx.ops.length; j++) {
    const later = cx.ops[j];
    if (!('table' in later) || later.table !== table) continue;
    let clause: string | undefined;
    if (later.kind === 'addPrimaryKey' && leads(later.primaryKey.columns)) {
      clause = `${cx.keys.takePrimaryKeyDrop(table)}ADD PRIMARY KEY (${qList(later.primaryKey.columns)})`;
    } else if (later.kind === 'addUnique' && leads(later.unique.columns)) clause = `ADD ${uniqueClause(later.unique)}`;
    else if (later.kind === 'createIndex' && later.index.elements[0]?.column === column.name) clause = `ADD ${indexClause(later.index)}`;
    if (clause) {
      cx.keys.fold(j);
      return `, ${clause}`;
    }
  }
  return '';
}
