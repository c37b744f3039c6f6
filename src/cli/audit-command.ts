import { appendAudit, type AuditEvent } from '../api/project/audit-log.js';
import { isFlashError } from '../errors.js';
import type { CliContext } from './context.js';

/**
 * Record a finished command. The handler may have put what it knows in `ctx.audit` (hashes,
 * statements, URL); the database URL and provider are otherwise the project's current ones, read
 * after the command (so a checkout records the branch's new database). `ctx.audit = false` means
 * nothing was written (a dry run). No project, no log.
 */
export async function auditCommand(command: string, ctx: CliContext, startedMs: number, failure: unknown): Promise<void> {
  if (ctx.audit === false) return;
  const facts = ctx.audit ?? {};
  let projectDir: string;
  let current: Pick<AuditEvent, 'databaseUrl' | 'provider'> = {};
  try {
    const { openProject, liveUrl } = await import('../api/project/project-context.js');
    const pc = await openProject(ctx.cwd).catch((err: unknown) => {
      if (isFlashError(err) && err.code === 'E_UNSUPPORTED') return undefined; // MongoDB: no SQL dialect, file log only
      throw err;
    });
    const { loadProject } = await import('../config/load-config.js');
    projectDir = pc?.project.dir ?? (await loadProject(ctx.cwd)).dir;
    if (pc)
      current = {
        provider: pc.provider,
        databaseUrl: await liveUrl(pc).catch((err: unknown) => {
          if (isFlashError(err)) return undefined; // no URL or a stale branch database: the entry says unknown
          throw err;
        }),
      };
  } catch {
    return; // not a Flash project (or its config is broken, which the command already reported)
  }
  const error = failure ?? facts.failure;
  // the database could not be reached: the file line records that; a _flash_audit row cannot be written there either
  if (isFlashError(error) && error.code === 'E_DB_CONNECT') delete current.provider;
  await appendAudit(
    projectDir,
    {
      ...current,
      ...facts,
      ...(current.provider ? {} : { provider: undefined }),
      command,
      result: error === undefined ? 'ok' : 'error',
      durationMs: performance.now() - startedMs,
      ...(error === undefined
        ? {}
        : { error: isFlashError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error) }),
    },
    ctx.err,
  );
}
