import type { Schema } from '../../core/model/schema.js';
import type { Operation, Statement } from '../../core/diff/operations.js';
import { lintOperations } from '../../core/lint/lint-operations.js';
import { dataChecks } from '../../core/lint/data-checks.js';
import type { LintFinding as CoreFinding } from '../../core/lint/finding.js';
import { closeQuietly, optionalLiveUrl, type ProjectContext } from './project-context.js';
import { engineMessage } from './shadow.js';

/** A lint finding with the SQL it concerns, as `migrate` prints it. */
export interface LintFinding extends CoreFinding {
  statements: string[];
}

/** How many existing rows a risky operation touches, measured on the live database. */
export interface DataFinding {
  code: string;
  object: string;
  count: number;
  message: string;
}

export function lintPlan(
  pc: ProjectContext,
  ops: Operation[],
  statements: Statement[],
  from: Schema,
  to: Schema,
  direction: 'up' | 'down' = 'up',
): LintFinding[] {
  return lintOperations(ops, { traits: pc.dialect.traits, from, to, direction }).map((f) => ({
    ...f,
    statements: statements.filter((s) => s.op === f.op).map((s) => s.sql),
  }));
}

/**
 * Data-aware lint: run the count queries of `dataChecks` on the live database when it is configured
 * and reachable. Never fails the command: an unreachable database or a query that does not fit the
 * database's current state becomes a note instead.
 */
export async function checkData(
  pc: ProjectContext,
  ops: Operation[],
  from: Schema,
  to: Schema,
): Promise<{ findings: DataFinding[]; notes: string[] }> {
  const checks = dataChecks(ops, { traits: pc.dialect.traits, from, to });
  if (checks.length === 0) return { findings: [], notes: [] };
  const url = await optionalLiveUrl(pc);
  if (!url) return { findings: [], notes: ['data checks skipped: no database URL is set'] };
  const notes: string[] = [];
  let conn;
  try {
    // exists() first, so a migrate never creates a database (SQLite would create the file on connect)
    if (!(await pc.dialect.databases.exists(url)))
      return { findings: [], notes: ['data checks skipped: the dev database does not exist yet'] };
    conn = await pc.dialect.connect(url);
  } catch (err) {
    return { findings: [], notes: [`data checks skipped: cannot reach the database (${engineMessage(err)})`] };
  }
  const findings: DataFinding[] = [];
  try {
    for (const check of checks) {
      try {
        const rows = await conn.query(check.sql);
        const first = rows[0] ?? {};
        const count = Number(first.n ?? first.N ?? Object.values(first)[0] ?? 0);
        findings.push({ code: check.code, object: check.object, count, message: `${count} ${check.description}` });
      } catch (err) {
        notes.push(`data check for ${check.object} could not run on the dev database: ${engineMessage(err)}`);
      }
    }
  } finally {
    await closeQuietly(conn);
  }
  return { findings, notes };
}
