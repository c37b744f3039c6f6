import { fork } from 'node:child_process';
import { FlashError, type ErrorCode } from '../errors.js';
import type { ProjectContext } from './project/project-context.js';
import { runRaw, type RawOptions, type RawResult } from './project/raw-runner.js';
import type { RawChildRequest } from './project/raw-child.js';

export type { RawOptions, RawResult, RawStatement } from './project/raw-runner.js';

/**
 * `flash raw`: run SQL on the live database, statement by statement (src/api/project/raw-runner.ts).
 * A timeout is the server's own (PostgreSQL statement_timeout, MariaDB max_statement_time); an engine
 * that runs in-process and cannot be interrupted (SQLite) runs the statements in a child process that
 * is killed at the limit, so the caller (the studio) answers E_SQL_TIMEOUT and stays responsive.
 */
export async function raw(pc: ProjectContext, options: RawOptions): Promise<RawResult> {
  if (options.timeoutMs !== undefined && !pc.dialect.data.statementTimeout && pc.dialect.data.cancelByProcess)
    return rawInChildProcess(pc, options, options.timeoutMs);
  return runRaw(pc, options);
}

type ChildMessage =
  | { started: true }
  | { result: RawResult }
  | { error: { code: ErrorCode; message: string; hint?: string; data?: Record<string, unknown> } };

function rawInChildProcess(pc: ProjectContext, options: RawOptions, timeoutMs: number): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    // structured clone keeps Buffers, Dates and bigints as the in-process run returns them
    const child = fork(new URL('./project/raw-child.js', import.meta.url), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (work: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      work();
    };
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('message', (m: ChildMessage) => {
      if ('started' in m) {
        // the limit counts from the first statement, not from the child's start-up
        timer = setTimeout(
          () =>
            settle(() => {
              child.kill('SIGKILL');
              reject(
                new FlashError(
                  'E_SQL_TIMEOUT',
                  `The SQL ran longer than ${timeoutMs} ms; ${pc.dialect.name} cannot cancel a statement, so the process running it was stopped.`,
                  'Narrow the query (a WHERE, a LIMIT) or raise the timeout. Statements that had finished stay done.',
                  { data: { timeoutMs } },
                ),
              );
            }),
          timeoutMs,
        );
      } else if ('result' in m) settle(() => resolve(m.result));
      else settle(() => reject(new FlashError(m.error.code, m.error.message, m.error.hint, { data: m.error.data })));
    });
    child.on('error', (err) => settle(() => reject(err)));
    child.on('exit', (code, signal) =>
      settle(() =>
        reject(
          new FlashError('E_INTERNAL', `The SQL process ended (${signal ?? code}) without an answer.${stderr ? ` ${stderr.trim()}` : ''}`),
        ),
      ),
    );
    const request: RawChildRequest = { dir: pc.project.dir, env: pc.env, options: { ...options, timeoutMs: undefined } };
    child.send(request);
  });
}
