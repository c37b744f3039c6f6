import type { Operation } from '../../core/diff/operations.js';
import type { Table } from '../../core/model/schema.js';
import type { KeyFolding } from './render-auto-increment.js';

/**
 * What rendering one operation may consult besides the operation itself. MySQL statements depend on
 * the moment they run: `ADD COLUMN … AFTER` needs a column that already exists, and whether dropping
 * an index or FK touches InnoDB's implicit FK index depends on the keys present right then.
 */
export interface MysqlOpContext {
  /** The whole list, for the look-ahead that keeps an AUTO_INCREMENT column keyed. */
  readonly ops: readonly Operation[];
  /** Which of `ops` is being rendered. */
  readonly index: number;
  /** The table right before `ops[index]` runs: the `from` schema replayed by the core up to here. */
  current(table: string): Table | undefined;
  /** The table as the whole migration leaves it. */
  target(table: string): Table | undefined;
  /** Key operations already folded into earlier statements, and primary-key drops waiting for their ADD. */
  readonly keys: KeyFolding;
}
