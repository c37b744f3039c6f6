import { adoptDatabase } from '../../api/adopt.js';
import { openProject } from '../../api/project/project-context.js';
import type { CommandHandler } from '../context.js';
import { printMismatch } from './print-mismatch.js';

/** `flash adopt`: take over a database migrated by Flash ORM (or by hand). */
const adopt: CommandHandler = async (_args, _options, ctx) => {
  const pc = await openProject(ctx.cwd);
  const result = await printMismatch(ctx, () => adoptDatabase(pc, { onWait: () => ctx.err('waiting for another flash apply…') }));
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: true, ...result }));
    return 0;
  }
  for (const note of result.notes) ctx.out(`note: ${note}`);
  if (result.found === 'flash') return 0;
  const from = result.found === 'flash-orm' ? "Flash ORM's _flash_migrations" : 'a database without a tracking table';
  ctx.out(
    `Adopted ${from}: ${result.applied.length} migration(s) recorded as applied; the database is at ${result.snapshot.slice(0, 12)}.`,
  );
  if (result.pending.length) ctx.out(`${result.pending.length} migration(s) pending (${result.pending.join(', ')}): run \`flash apply\`.`);
  ctx.out('Commit db/migrations (flash.lock, the flash:from/to lines) and .flash/objects.');
  return 0;
};
export default adopt;
