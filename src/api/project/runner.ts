import { FlashError } from '../../errors.js';
import type { Connection } from '../../dialects/dialect.js';
import type { ChainMigration } from './chain.js';
import { displayPath, engineMessage } from './shadow.js';
import type { ProjectContext } from './project-context.js';
import { wasSatisfied } from './convergence.js';
import { describeSteps, runMigrationStatements, StatementFailure } from './transaction-split.js';
import { lockTableError } from './lock-table-error.js';
import {
  insertAttempt,
  parseLog,
  recordFinished,
  recordRolledBackFailure,
  recordReverted,
  recordStep,
  type AttemptInfo,
  type TrackingLog,
  type TrackingRow,
} from './tracking.js';

export interface RunnableStatement {
  sql: string;
  /** line in the migration file */
  line: number;
}

export function upStatements(pc: ProjectContext, m: ChainMigration): RunnableStatement[] {
  const first = m.parsed.upLine ?? 1;
  return pc.dialect.splitStatements(m.parsed.up).map((s) => ({ sql: s.sql, line: s.line + first - 1 }));
}

export function downStatements(pc: ProjectContext, m: ChainMigration): RunnableStatement[] {
  const first = m.parsed.downLine ?? 1;
  return pc.dialect.splitStatements(m.parsed.down).map((s) => ({ sql: s.sql, line: s.line + first - 1 }));
}

/**
 * Revert one applied migration with its Down section and mark its tracking row rolled back — in
 * one transaction where the engine allows. On MySQL a failure reports which statements ran.
 */
export async function revertMigration(
  pc: ProjectContext,
  conn: Connection,
  m: ChainMigration,
  row: TrackingRow,
  /** Runs inside the Down's transaction after the row is marked reverted; a throw rolls the Down back. */
  check?: () => Promise<void>,
): Promise<void> {
  // Recorded as satisfied by a convergent migration of the other branch: none of its SQL ran, none is undone.
  if (wasSatisfied(row)) {
    const undoNothing = async () => {
      await recordReverted(conn, row.id, 'reverted by flash down (was satisfied by merge convergence; nothing to undo)');
      await check?.();
    };
    return pc.dialect.capabilities.transactionalDdl ? conn.transaction(undoNothing) : undoNothing();
  }
  const statements = downStatements(pc, m);
  const transactional = pc.dialect.capabilities.transactionalDdl;
  try {
    await runMigrationStatements(pc.dialect, conn, statements, {
      transactional,
      run: (sql) => conn.exec(sql),
      finish: async () => {
        await recordReverted(conn, row.id, 'reverted by flash down');
        await check?.();
      },
    });
  } catch (err) {
    if (!(err instanceof StatementFailure)) throw err;
    const { index, committed, failure } = err;
    const failed = statements[index];
    const tooBig =
      transactional && !committed.length
        ? await lockTableError(pc, conn, failure, {
            failedAt: index + 1,
            total: statements.length,
            what: `Reverting ${m.name}`,
            rolledBack: true,
          })
        : undefined;
    if (tooBig) throw tooBig;
    const where = `${displayPath(pc, m.file)}:${failed.line}`;
    const error = engineMessage(failure);
    const outcome = transactional
      ? committed.length
        ? `It was rolled back, except ${describeSteps(committed)} (ALTER TYPE … ADD VALUE, committed first); the migration is still recorded as applied.`
        : 'It was rolled back; the database is unchanged.'
      : committed.length === 0
        ? 'No statement ran.'
        : `Statements 1–${committed.length} of the Down section ran and are committed; the migration is still recorded as applied.`;
    throw new FlashError(
      transactional ? 'E_MIGRATION_FAILED' : 'E_MIGRATION_PARTIAL',
      `Reverting ${m.name} failed at Down statement ${index + 1} of ${statements.length} (${where}): ${error}. ${outcome}`,
      transactional
        ? `Fix the Down section at ${where} and run \`flash down\` again.`
        : `Finish or undo the Down statements by hand, then fix ${where}; \`flash status\` shows the drift.`,
      { data: { migration: m.name, step: index + 1, of: statements.length, line: failed.line, error }, cause: failure },
    );
  }
}

function attemptInfo(m: ChainMigration): AttemptInfo {
  return { name: m.name, checksum: m.checksum, from: m.lock.from, to: m.lock.to };
}

/**
 * Apply one migration's Up section.
 *
 * Transactional engines (PG, SQLite): one transaction around every statement and the tracking row,
 * so a failure leaves the database exactly as it was; the failure is then recorded in a separate
 * write after the rollback (E_MIGRATION_FAILED).
 *
 * Non-transactional engines (MySQL/MariaDB auto-commit DDL): each statement is recorded as it
 * succeeds (`applied_steps_count` + the statement text in `logs`). On failure Flash reports exactly
 * which statements ran and which did not (E_MIGRATION_PARTIAL). The next `apply` resumes at the
 * failed statement, after checking that the statements which already ran are unchanged in the file;
 * if they changed it refuses, because it can no longer know what the database holds.
 */
export async function applyMigration(pc: ProjectContext, conn: Connection, m: ChainMigration, partial?: TrackingRow): Promise<void> {
  const statements = upStatements(pc, m);
  if (pc.dialect.capabilities.transactionalDdl) await applyInTransaction(pc, conn, m, statements);
  else await applyStepwise(pc, conn, m, statements, partial);
}

/**
 * One transaction around the migration and its tracking row. Statements the dialect says cannot run
 * inside it (PostgreSQL's ADD VALUE, idempotent as Flash renders it) run first, each committed.
 */
async function applyInTransaction(pc: ProjectContext, conn: Connection, m: ChainMigration, statements: RunnableStatement[]): Promise<void> {
  try {
    await runMigrationStatements(pc.dialect, conn, statements, {
      transactional: true,
      run: (sql) => conn.exec(sql),
      finish: async () => {
        const id = await insertAttempt(conn, attemptInfo(m));
        await recordFinished(conn, id, statements.length, m.checksum, null);
      },
    });
  } catch (err) {
    if (!(err instanceof StatementFailure)) throw err; // the tracking write itself failed: nothing of the migration remains either
    const { index, committed, failure } = err;
    const failed = statements[index];
    const error = engineMessage(failure);
    await recordRolledBackFailure(conn, attemptInfo(m), { failed: { step: index + 1, sql: failed.sql, error } });
    const tooBig = committed.length
      ? undefined
      : await lockTableError(pc, conn, failure, {
          failedAt: index + 1,
          total: statements.length,
          what: `Migration ${m.name}`,
          rolledBack: true,
        });
    if (tooBig) throw tooBig;
    const where = `${displayPath(pc, m.file)}:${failed.line}`;
    const rerunSafe = committed.every((i) => /\bIF\s+NOT\s+EXISTS\b/i.test(statements[i].sql));
    const kept = committed.length
      ? `It was rolled back, except ${describeSteps(committed)} (ALTER TYPE … ADD VALUE, which must commit before the migration can use the new label): ${committed.length === 1 ? 'it stays' : 'they stay'}${rerunSafe ? ' and run again harmlessly on the next apply' : '; write ADD VALUE IF NOT EXISTS there, or the next apply fails on the label that is already present'}.`
      : 'It was rolled back; the database is unchanged.';
    throw new FlashError(
      'E_MIGRATION_FAILED',
      `Migration ${m.name} failed at statement ${index + 1} of ${statements.length} (${where}): ${error}. ${kept}`,
      `Fix the statement at ${where} (or the data it trips on) and run \`flash apply\` again.`,
      {
        data: {
          migration: m.name,
          step: index + 1,
          of: statements.length,
          line: failed.line,
          error,
          committedEarly: committed.map((i) => i + 1),
        },
        cause: failure,
      },
    );
  }
}

async function applyStepwise(
  pc: ProjectContext,
  conn: Connection,
  m: ChainMigration,
  statements: RunnableStatement[],
  partial?: TrackingRow,
): Promise<void> {
  const applied: string[] = [];
  let id: number;
  if (partial) {
    const log = parseLog(partial);
    const done = log.applied ?? [];
    const changed = done.findIndex((sql, i) => normalize(sql) !== normalize(statements[i]?.sql ?? ''));
    if (changed >= 0 || done.length !== partial.applied_steps_count) {
      throw new FlashError(
        'E_MIGRATION_PARTIAL',
        `Migration ${m.name} was partly applied (statements 1–${done.length} ran) but statement ${changed + 1} is no longer what ran.`,
        `Put statements 1–${done.length} of ${displayPath(pc, m.file)} back as they were and fix only the failing one; or undo them by hand and delete row id=${partial.id} from _flash_migrations.`,
        { data: { migration: m.name, appliedSteps: done.length, changedStep: changed + 1 } },
      );
    }
    applied.push(...done);
    id = partial.id;
  } else {
    id = await insertAttempt(conn, attemptInfo(m));
  }
  for (let step = applied.length; step < statements.length; step++) {
    const stmt = statements[step];
    try {
      await conn.exec(stmt.sql); // SQLite's foreign_key_check fails in its driver when rows come back
    } catch (err) {
      const error = engineMessage(err);
      const log: TrackingLog = { applied, failed: { step: step + 1, sql: stmt.sql, error } };
      await recordStep(conn, id, applied.length, log);
      throw partialFailure(pc, m, statements, step, error, err);
    }
    applied.push(stmt.sql);
    await recordStep(conn, id, applied.length, { applied });
  }
  await recordFinished(
    conn,
    id,
    applied.length,
    m.checksum,
    partial ? { note: `resumed at statement ${(parseLog(partial).applied?.length ?? 0) + 1}`, applied } : null,
  );
}

function partialFailure(
  pc: ProjectContext,
  m: ChainMigration,
  statements: RunnableStatement[],
  step: number,
  error: string,
  cause: unknown,
): FlashError {
  const where = `${displayPath(pc, m.file)}:${statements[step].line}`;
  const ran =
    step === 0
      ? 'No statement ran'
      : `${step === 1 ? 'Statement 1 ran and is' : `Statements 1–${step} ran and are`} committed (this engine cannot roll back DDL)`;
  const rest = statements.length - step - 1;
  const notRun =
    rest === 0 ? '' : rest === 1 ? `; statement ${step + 2} did not run` : `; statements ${step + 2}–${statements.length} did not run`;
  return new FlashError(
    'E_MIGRATION_PARTIAL',
    `Migration ${m.name} failed at statement ${step + 1} of ${statements.length} (${where}): ${error}. ${ran}${notRun}.`,
    `Fix statement ${step + 1} at ${where}, leaving statements 1–${step} as they are, and run \`flash apply\` again: it resumes at statement ${step + 1}.`,
    {
      data: {
        migration: m.name,
        failedStep: step + 1,
        of: statements.length,
        line: statements[step].line,
        error,
        applied: statements.slice(0, step).map((s, i) => ({ step: i + 1, line: s.line })),
        notRun: statements.slice(step + 1).map((s, i) => ({ step: step + i + 2, line: s.line })),
      },
      cause,
    },
  );
}

function normalize(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}
