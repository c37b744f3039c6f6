import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError, isFlashError } from '../../errors.js';
import type { Connection, StatementResult } from '../../dialects/dialect.js';
import { closeQuietly, connectLive, type ProjectContext } from './project-context.js';
import { isProductionDatabase } from '../../config/production.js';

export interface RawOptions {
  /** SQL given on the command line (`-q`) … */
  sql?: string;
  /** … or a file of statements, split by the dialect's statement splitter */
  file?: string;
  /** allow writes on a database marked `production = true` (the CLI's --yes) */
  allowWrites?: boolean;
  /** the server cancels a statement running longer (the studio); SQLite runs it in a child process killed at the limit (src/api/raw.ts) */
  timeoutMs?: number;
  /** keep at most this many rows of each result (the studio's grid); `truncated` says when rows were dropped */
  rowLimit?: number;
}

export interface RawStatement extends StatementResult {
  sql: string;
  /** 1-based line where the statement starts in the file (1 for -q) */
  line: number;
  durationMs: number;
  /** rows beyond `rowLimit` were dropped */
  truncated?: boolean;
}

export interface RawResult {
  database: string;
  production: boolean;
  statements: number;
  results: RawStatement[];
  /** rows returned, and rows changed, over all statements */
  rows: number;
  affected: number;
  durationMs: number;
}

/**
 * `flash raw`: run SQL on the live database (the same URL every command resolves), statement by
 * statement in autocommit, stopping at the first error (earlier statements stay done, as in psql).
 * On a production database without `allowWrites` the session is made read-only by the engine
 * itself, so a write (DDL, DML, a function that writes) is refused by the server and nothing is
 * written; it is reported as E_NEEDS_YES.
 */
export async function runRaw(pc: ProjectContext, options: RawOptions): Promise<RawResult> {
  const started = Date.now();
  const { text, source } = await readSql(pc, options);
  const statements = pc.dialect.splitStatements(text).filter((s) => s.sql.trim() !== '');
  if (statements.length === 0) throw new FlashError('E_USAGE', `${source} holds no SQL statement.`, 'Pass -q "<sql>" or a .sql file.');
  const production = isProductionDatabase(pc.project.config);
  const guarded = production && !options.allowWrites;
  const { conn } = await connectLive(pc);
  try {
    if (options.timeoutMs !== undefined) await applyTimeout(pc, conn, options.timeoutMs);
    if (guarded) {
      const escape = statements.findIndex((s) => pc.dialect.data.readOnlyEscape.test(s.sql));
      if (escape >= 0) throw needsYes(conn.description, escape + 1, statements[escape].line, 'changes the session read-only setting');
      await pc.dialect.data.enterReadOnly(conn);
    }
    const results: RawStatement[] = [];
    for (const [i, s] of statements.entries()) {
      const t0 = Date.now();
      try {
        const result = await pc.dialect.data.execute(conn, s.sql);
        const truncated = options.rowLimit !== undefined && result.rows.length > options.rowLimit;
        if (truncated) result.rows = result.rows.slice(0, options.rowLimit);
        results.push({ ...result, sql: s.sql, line: s.line, durationMs: Date.now() - t0, ...(truncated ? { truncated } : {}) });
      } catch (err) {
        if (options.timeoutMs !== undefined && pc.dialect.data.isStatementTimeout?.(err))
          throw new FlashError(
            'E_SQL_TIMEOUT',
            `Statement ${i + 1} (line ${s.line}) ran longer than ${options.timeoutMs} ms and was cancelled by the server.`,
            'Narrow the query (a WHERE, a LIMIT) or raise the timeout.',
            { cause: err, data: { statement: i + 1, line: s.line, timeoutMs: options.timeoutMs } },
          );
        if (guarded && pc.dialect.data.isReadOnlyViolation(err)) throw needsYes(conn.description, i + 1, s.line, 'writes');
        throw located(err, source, i + 1, s.line, s.sql, results.length);
      }
    }
    return {
      database: conn.description,
      production,
      statements: results.length,
      results,
      rows: results.reduce((a, r) => a + r.rows.length, 0),
      affected: results.reduce((a, r) => a + (r.affected ?? 0), 0),
      durationMs: Date.now() - started,
    };
  } finally {
    await closeQuietly(conn);
  }
}

/** The server-side statement timeout; an engine without one is refused by name rather than run unbounded. */
async function applyTimeout(pc: ProjectContext, conn: Connection, ms: number): Promise<void> {
  if (!pc.dialect.data.statementTimeout)
    throw new FlashError(
      'E_UNSUPPORTED',
      `${pc.dialect.name} cannot cancel a running statement, so a timeout of ${ms} ms cannot be enforced.`,
      'Run without a timeout (SQLite runs in-process: stop the server with Ctrl-C if a query never ends).',
    );
  await pc.dialect.data.statementTimeout(conn, ms);
}

async function readSql(pc: ProjectContext, options: RawOptions): Promise<{ text: string; source: string }> {
  if (options.sql !== undefined && options.file !== undefined)
    throw new FlashError('E_USAGE', 'Pass either -q "<sql>" or a file, not both.', 'flash raw -q "SELECT 1"  or  flash raw script.sql');
  if (options.sql !== undefined) return { text: options.sql, source: 'the -q query' };
  if (options.file === undefined)
    throw new FlashError('E_USAGE', 'flash raw needs SQL to run.', 'flash raw -q "SELECT 1"  or  flash raw script.sql');
  const file = path.resolve(pc.project.dir, options.file);
  try {
    return { text: await fs.readFile(file, 'utf8'), source: file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new FlashError(
        'E_USAGE',
        `No SQL file ${file}.`,
        'Check the path (relative paths are resolved against the project directory).',
      );
    throw err;
  }
}

function needsYes(database: string, index: number, line: number, what: string): FlashError {
  return new FlashError(
    'E_NEEDS_YES',
    `Statement ${index} (line ${line}) ${what} on ${database}, which flash.config marks as production; nothing was written.`,
    'Pass --yes to run writes against the production database.',
    {
      data: { statement: index, line },
    },
  );
}

/**
 * The engine's error with where it happened: statement number, and the line (and column) in the
 * file. PostgreSQL reports a character position in the statement; MySQL "at line N" of it.
 */
function located(err: unknown, source: string, index: number, startLine: number, sql: string, done: number): unknown {
  if (!isFlashError(err) || err.code !== 'E_SQL') return err;
  let line = startLine;
  let column: number | undefined;
  const position = Number(err.data?.position);
  if (Number.isInteger(position) && position > 0) {
    const before = sql.slice(0, position - 1);
    line = startLine + before.split('\n').length - 1;
    column = position - before.lastIndexOf('\n') - 1;
  } else {
    const mysqlLine = /at line (\d+)$/.exec(err.message);
    if (mysqlLine) line = startLine + Number(mysqlLine[1]) - 1;
  }
  const where = `statement ${index}, line ${line}${column ? `, column ${column}` : ''}${source.startsWith('the ') ? '' : ` of ${path.basename(source)}`}`;
  const ran = done > 0 ? ` The ${done} statement(s) before it ran.` : '';
  return new FlashError('E_SQL', `${err.message} (${where}).${ran}`, err.hint, {
    cause: err,
    data: { ...err.data, statementIndex: index, line, ...(column ? { column } : {}) },
  });
}
