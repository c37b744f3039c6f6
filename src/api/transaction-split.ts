import type { Dialect } from '../dialects/dialect.js';

export interface TransactionSplit<T> {
  /** run first, each committed on its own, in file order */
  early: Array<{ index: number; statement: T }>;
  /** the rest, in file order, inside the migration's transaction */
  inTransaction: Array<{ index: number; statement: T }>;
}

/** Partition a migration's statements by the dialect's rule for what cannot run in its transaction. */
export function splitForTransaction<T extends { sql: string }>(dialect: Dialect, statements: T[]): TransactionSplit<T> {
  const early = new Set(dialect.statementsBeforeTransaction?.(statements.map((s) => s.sql)) ?? []);
  const all = statements.map((statement, index) => ({ index, statement }));
  return { early: all.filter((s) => early.has(s.index)), inTransaction: all.filter((s) => !early.has(s.index)) };
}

/** "statement 2" / "statements 1 and 4", for messages about which statements were committed early. */
export function describeSteps(indexes: number[]): string {
  const steps = indexes.map((i) => i + 1);
  if (steps.length === 1) return `statement ${steps[0]}`;
  return `statements ${steps.slice(0, -1).join(', ')} and ${steps.at(-1)}`;
}
