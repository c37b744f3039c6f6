/**
 * The child process of a timed `flash raw` on an engine that cannot cancel a running statement
 * (SQLite: better-sqlite3 runs it synchronously, and neither an interrupt nor a worker thread's
 * terminate() stops SQLite's native loop). The parent sends { dir, env, options }, the child answers
 * `started` once connected to nothing yet, then the result or the error; the parent kills it at the limit.
 */
import { isFlashError } from '../../errors.js';
import { openProject } from './project-context.js';
import { runRaw, type RawOptions } from './raw-runner.js';

export interface RawChildRequest {
  dir: string;
  env: NodeJS.ProcessEnv;
  options: RawOptions;
}

process.once('message', (req: RawChildRequest) => {
  void (async () => {
    try {
      const pc = await openProject(req.dir, req.env);
      process.send!({ started: true });
      const result = await runRaw(pc, { ...req.options, timeoutMs: undefined });
      process.send!({ result }, () => process.exit(0));
    } catch (err) {
      const error = isFlashError(err) ? err.toJSON() : { code: 'E_INTERNAL', message: err instanceof Error ? err.message : String(err) };
      process.send!({ error }, () => process.exit(0));
    }
  })();
});
