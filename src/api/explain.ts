import { FlashError } from '../errors.js';
import type { Connection, PlanNode } from '../dialects/dialect.js';
import { closeQuietly, connectLive, type ProjectContext } from './project/project-context.js';

export type { PlanNode };

export interface ExplainOptions {
  sql: string;
  /** run the statement and report actual rows and times (PostgreSQL); it runs in a transaction that is always rolled back */
  analyze?: boolean;
  /** ANALYZE of a statement that writes: the user confirmed it may run (it is still rolled back) */
  yes?: boolean;
  /** the server cancels the statement past this (engines that can; as on the SQL page) */
  timeoutMs?: number;
}

export interface ExplainResult {
  database: string;
  provider: string;
  analyzed: boolean;
  plan: PlanNode;
}

/**
 * The studio's EXPLAIN: the engine's plan of one statement as a tree. With `analyze` the statement
 * really runs, inside a transaction that is rolled back; unless `yes`, that transaction is read-only,
 * so a statement that writes is refused by the engine itself and reported as E_NEEDS_YES.
 */
export async function explainSql(pc: ProjectContext, options: ExplainOptions): Promise<ExplainResult> {
  const data = pc.dialect.data;
  if (!data.explain)
    throw new FlashError('E_UNSUPPORTED', `${pc.dialect.name} has no query plans to show.`, 'Use the SQL page to run the query.');
  const statements = pc.dialect.splitStatements(options.sql).filter((s) => s.sql.trim() !== '');
  if (statements.length !== 1)
    throw new FlashError(
      'E_USAGE',
      `EXPLAIN takes exactly one statement (got ${statements.length}).`,
      'Select or keep only the statement to explain.',
    );
  const sql = statements[0].sql.trim().replace(/;\s*$/, '');
  const analyze = options.analyze === true;
  if (analyze && !pc.dialect.data.explainAnalyze)
    throw new FlashError(
      'E_UNSUPPORTED',
      `EXPLAIN ANALYZE is not offered on ${pc.dialect.name}.`,
      'Untick ANALYZE to see the estimated plan.',
    );
  const explain = (sql: string, analyze: boolean) => data.explain!(conn, sql, { analyze });
  const { conn } = await connectLive(pc);
  try {
    if (options.timeoutMs !== undefined && pc.dialect.data.statementTimeout)
      await pc.dialect.data.statementTimeout(conn, options.timeoutMs);
    let plan: PlanNode;
    if (!analyze) plan = await explain(sql, false);
    else {
      if (options.yes !== true) await pc.dialect.data.enterReadOnly(conn);
      plan = await rolledBack(conn, () => explain(sql, true)).catch((err: unknown) => {
        if (options.yes !== true && pc.dialect.data.isReadOnlyViolation(err))
          throw new FlashError(
            'E_NEEDS_YES',
            'EXPLAIN ANALYZE runs the statement, and this one writes; nothing was written.',
            'Confirm to run it anyway (its changes are rolled back), or untick ANALYZE.',
            { cause: err },
          );
        throw err;
      });
    }
    return { database: conn.description, provider: pc.provider, analyzed: analyze, plan };
  } catch (err) {
    if (options.timeoutMs !== undefined && pc.dialect.data.isStatementTimeout?.(err))
      throw new FlashError(
        'E_SQL_TIMEOUT',
        `EXPLAIN ran longer than ${options.timeoutMs} ms and was cancelled by the server.`,
        'Untick ANALYZE, narrow the query or raise the timeout.',
        { cause: err, data: { timeoutMs: options.timeoutMs } },
      );
    throw err;
  } finally {
    await closeQuietly(conn);
  }
}

/** `work` inside a transaction that is always rolled back (ANALYZE runs the statement; its effects must not stay). */
async function rolledBack<T>(conn: Connection, work: () => Promise<T>): Promise<T> {
  const undo = new Error('roll back');
  let result: T | undefined;
  try {
    await conn.transaction(async () => {
      result = await work();
      throw undo;
    });
  } catch (err) {
    if (err !== undo) throw err;
  }
  return result as T;
}
