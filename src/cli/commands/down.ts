import { down } from '../../api/down.js';
import { formatDownLoss } from '../../api/project/down-data-loss.js';
import { openProject } from '../../api/project/project-context.js';
import { askYesNo } from '../ask-yes-no.js';
import { migrationAuditFacts } from '../../api/project/audit-facts.js';
import type { CommandHandler } from '../context.js';

const downCommand: CommandHandler = async (_args, options, ctx) => {
  const pc = await openProject(ctx.cwd);
  const steps = Number(options.steps ?? 1);
  const result = await down(pc, {
    steps,
    allowChanged: Boolean(options.allowChanged),
    yes: ctx.yes,
    // A Down that loses data asks in a terminal; elsewhere it needs --yes (E_DATA_LOSS).
    ...(ctx.interactive && !ctx.json ? { confirm: askYesNo } : {}),
    onWait: () => ctx.err('waiting for another flash apply…'),
    onProgress: ({ migration, phase }) => {
      if (phase === 'start' && !ctx.json) ctx.out(`reverting ${migration}`);
    },
  });
  ctx.audit = { ...(await migrationAuditFacts(pc, result.reverted, 'down')), to: result.snapshot };
  if (ctx.json) ctx.out(JSON.stringify({ ok: true, ...result }));
  else {
    for (const loss of result.losses) ctx.out(`data lost (accepted): ${loss.migration} ${formatDownLoss(loss)}`);
    ctx.out(
      result.reverted.length === 0
        ? 'Nothing to revert: no migration is applied.'
        : `Reverted ${result.reverted.length} migration(s); the database is at ${result.snapshot.slice(0, 12)}.`,
    );
  }
  return 0;
};
export default downCommand;
