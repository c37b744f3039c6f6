import { FlashError } from '../../errors.js';
import { listAudit } from '../../api/audit-read.js';
import { openProject } from '../../api/project/project-context.js';
import type { CommandHandler } from '../context.js';

/** `flash log [--json] [--db-side] [-n N]`: the audit log, oldest first. */
const log: CommandHandler = async (_args, options, ctx) => {
  const limit = Number(options.limit ?? 100);
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new FlashError(
      'E_USAGE',
      `--limit must be a positive whole number, not ${String(options.limit)}.`,
      'For example `flash log -n 20`.',
    );
  const pc = await openProject(ctx.cwd);
  const listing = await listAudit(pc, { dbSide: Boolean(options.dbSide), limit });
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: true, ...listing }));
    return 0;
  }
  if (listing.unreadable > 0) ctx.err(`warning: ${listing.unreadable} line(s) of .flash/local/audit.log are not JSON and were skipped`);
  if (listing.records.length === 0) {
    ctx.out(listing.source === 'file' ? 'The audit log is empty.' : 'The _flash_audit table is empty.');
    return 0;
  }
  for (const r of listing.records) {
    const hashes = r.from || r.to ? ` ${short(r.from)}→${short(r.to)}` : '';
    const statements = r.statements === null ? '' : ` ${r.statements} stmt`;
    const outcome = r.result === 'ok' ? 'ok' : `FAILED ${r.error ?? ''}`.trim();
    ctx.out(
      `${r.when}  ${r.who ?? '?'}  ${r.branch ?? '-'}  ${r.command}${hashes}${statements} ${r.durationMs}ms  ${outcome}  ${r.database ?? ''}`.trimEnd(),
    );
  }
  return 0;
};
export default log;

function short(hash: string | null): string {
  return hash ? hash.slice(0, 8) : '∅';
}
