import { FlashError } from '../../errors.js';
import { applyPending } from '../../api/apply.js';
import { markApplied } from '../../api/mark-applied.js';
import { printMismatch } from './print-mismatch.js';
import { openProject } from '../../api/project/project-context.js';
import { migrationAuditFacts } from '../../api/project/audit-facts.js';
import type { CommandHandler } from '../context.js';

const apply: CommandHandler = async (_args, options, ctx) => {
  const pc = await openProject(ctx.cwd);
  if (typeof options.markApplied === 'string') {
    if (options.dryRun)
      throw new FlashError(
        'E_USAGE',
        '--mark-applied and --dry-run cannot be combined.',
        'Run `flash diff <migration> live` to preview whether the database matches.',
      );
    const onWait = () => ctx.err('waiting for another flash apply…');
    const marked = await printMismatch(ctx, () => markApplied(pc, options.markApplied as string, { onWait }));
    if (ctx.json) ctx.out(JSON.stringify({ ok: true, ...marked }));
    else
      ctx.out(
        `Marked ${marked.marked.join(', ')} as applied without running ${marked.marked.length === 1 ? 'it' : 'them'}; the database is at ${marked.snapshot.slice(0, 12)}.`,
      );
    return 0;
  }
  const dryRun = Boolean(options.dryRun);
  const log = ctx.json ? () => {} : ctx.out;
  const result = await applyPending(pc, {
    dryRun,
    allowChanged: Boolean(options.allowChanged),
    onWait: () => ctx.err('waiting for another flash apply…'),
    onProgress: ({ migration, phase }) => {
      if (phase === 'start') log(`applying ${migration}`);
      else if (phase === 'resume') log(`resuming ${migration} after its last failed statement`);
    },
  });
  ctx.audit = dryRun ? false : { ...(await migrationAuditFacts(pc, result.applied, 'up')), to: result.snapshot };
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: true, dryRun, ...result }));
    return 0;
  }
  for (const note of result.notes) ctx.out(`note: ${note}`);
  if (dryRun) {
    if (result.planned.length === 0) ctx.out('Nothing to apply: the database is up to date.');
    for (const p of result.planned) {
      ctx.out(`-- ${p.migration}`);
      for (const sql of p.statements) ctx.out(sql.trim().endsWith(';') ? sql.trim() : `${sql.trim()};`);
      ctx.out();
    }
    return 0;
  }
  ctx.out(
    result.applied.length === 0
      ? 'Nothing to apply: the database is up to date.'
      : `Applied ${result.applied.length} migration(s); the database is at ${result.snapshot.slice(0, 12)}.`,
  );
  return 0;
};
export default apply;
