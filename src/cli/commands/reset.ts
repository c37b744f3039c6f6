import { FlashError } from '../../errors.js';
import { reset } from '../../api/reset.js';
import { liveUrl, openProject } from '../../api/project/project-context.js';
import { migrationAuditFacts } from '../../api/project/audit-facts.js';
import { askYesNo } from '../ask-yes-no.js';
import type { CommandHandler } from '../context.js';

const resetCommand: CommandHandler = async (_args, _options, ctx) => {
  const pc = await openProject(ctx.cwd);
  const name = pc.dialect.databases.databaseName(await liveUrl(pc));
  if (!ctx.yes) {
    if (!ctx.interactive) {
      throw new FlashError(
        'E_NEEDS_YES',
        `flash reset drops the database ${name} and all its data; refusing without confirmation.`,
        'Pass --yes to confirm (required when not in a terminal).',
      );
    }
    if (!(await askYesNo(`Drop ${name} with all its data and rebuild it from migrations?`))) {
      ctx.out('Cancelled; nothing changed.');
      ctx.audit = false;
      return 1;
    }
  }
  const result = await reset(pc, { onWait: () => ctx.err('waiting for another flash apply…') });
  ctx.audit = { statements: (await migrationAuditFacts(pc, result.applied, 'up')).statements, to: result.snapshot };
  if (ctx.json) ctx.out(JSON.stringify({ ok: true, ...result }));
  else ctx.out(`Recreated ${result.database} and applied ${result.applied.length} migration(s); it is at ${result.snapshot.slice(0, 12)}.`);
  return 0;
};
export default resetCommand;
