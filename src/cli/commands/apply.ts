import { applyPending } from '../../api/apply.js';
import { openProject } from '../../api/project-context.js';
import { migrationAuditFacts } from '../../api/audit-facts.js';
import type { CommandHandler } from '../context.js';

const apply: CommandHandler = async (_args, options, ctx) => {
  const pc = await openProject(ctx.cwd);
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
  ctx.out(result.applied.length === 0 ? 'Nothing to apply: the database is up to date.' : `Applied ${result.applied.length} migration(s); the database is at ${result.snapshot.slice(0, 12)}.`);
  return 0;
};
export default apply;
