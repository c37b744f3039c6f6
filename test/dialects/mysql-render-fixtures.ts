import type { Operation } from '../../src/core/diff/operations.js';
import type { Column, Table } from '../../src/core/model/schema.js';
import { KeyFolding } from '../../src/dialects/mysql/render-auto-increment.js';
import type { MysqlOpContext } from '../../src/dialects/mysql/render-context.js';

/** Pure fixtures for the MySQL render pieces: no database, the schema at one moment given by hand. */

export function col(name: string, extra: Partial<Column> = {}): Column {
  return { name, type: 'int', family: 'integer', nullable: true, ...extra };
}

export function table(name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return { name, columns, uniques: [], indexes: [], foreignKeys: [], checks: [], ...extra };
}

/** Rendering `ops[index]` with `current` as the tables right before it and `target` as the end state. */
export function context(
  ops: Operation[],
  index: number,
  current: Table[],
  target: Table[] = current,
  keys = new KeyFolding(),
): MysqlOpContext {
  return {
    ops,
    index,
    current: (t) => current.find((x) => x.name === t),
    target: (t) => target.find((x) => x.name === t),
    keys,
  };
}
