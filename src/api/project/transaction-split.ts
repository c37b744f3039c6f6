import type { Connection, Dialect } from '../../dialects/dialect.js';

/** A statement of a migration failed; `committed` lists the indexes that ran and stay committed. */
export class StatementFailure extends Error {
  constructor(
    readonly index: number,
    readonly committed: number[],
    readonly failure: unknown,
  ) {
    super(`statement ${index + 1} failed`);
  }
}

/**
 * Run a migration's statements the way its engine allows. With transactional DDL: the statements the
 * dialect says cannot run inside a transaction (PostgreSQL's ADD VALUE) first, each committed on its
 * own, then the rest and `finish` (the tracking write) in one transaction, rolled back on any error.
 * Without it: every statement in order, each committing as it runs, then `finish`.
 * A failing statement becomes a StatementFailure; a failing `finish` is rethrown as it is.
 */
export async function runMigrationStatements(
  dialect: Dialect,
  conn: Connection,
  statements: Array<{ sql: string }>,
  opts: { transactional: boolean; run: (sql: string) => Promise<void>; finish: () => Promise<void> },
): Promise<void> {
  const early = new Set(opts.transactional ? (dialect.statementsBeforeTransaction?.(statements.map((s) => s.sql)) ?? []) : []);
  const committed: number[] = [];
  let failedAt: number | undefined;
  try {
    for (const index of [...early].sort((a, b) => a - b)) {
      failedAt = index;
      await opts.run(statements[index].sql);
      committed.push(index);
    }
    failedAt = undefined;
    const rest = async (): Promise<void> => {
      for (const [index, statement] of statements.entries()) {
        if (early.has(index)) continue;
        failedAt = index;
        await opts.run(statement.sql);
        if (!opts.transactional) committed.push(index);
      }
      failedAt = undefined;
      await opts.finish();
    };
    await (opts.transactional ? conn.transaction(rest) : rest());
  } catch (err) {
    if (failedAt === undefined) throw err;
    throw new StatementFailure(failedAt, committed, err);
  }
}

/** "statement 2" / "statements 1 and 4", for messages about which statements were committed early. */
export function describeSteps(indexes: number[]): string {
  const steps = indexes.map((i) => i + 1);
  if (steps.length === 1) return `statement ${steps[0]}`;
  return `statements ${steps.slice(0, -1).join(', ')} and ${steps.at(-1)}`;
}
