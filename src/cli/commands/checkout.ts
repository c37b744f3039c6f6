import type { CliContext } from '../context.js';
import { FlashError } from '../../errors.js';
import { checkoutBranch } from '../../api/checkout.js';
import { askYesNo } from '../ask-yes-no.js';
import { printSwitch } from './print-switch.js';

/** `flash checkout <branch> [--yes]`: prints what src/api's checkoutBranch did. */
export default async function checkout(args: string[], _options: Record<string, unknown>, ctx: CliContext): Promise<number> {
  const branch = args[0];
  if (!branch) throw new FlashError('E_USAGE', 'Which branch?', 'Usage: flash checkout <branch> [--yes]');
  const {
    alreadyOn,
    switch: result,
    databases,
  } = await checkoutBranch(ctx.cwd, {
    branch,
    yes: ctx.yes,
    ...(ctx.interactive ? { confirm: askYesNo } : {}),
    ...(ctx.json ? {} : { progress: (line: string) => ctx.err(line) }),
  });
  ctx.audit = { from: result.from, to: result.to };
  if (ctx.json) ctx.out(JSON.stringify({ ok: true, ...result, ...(databases[0]?.name !== undefined ? { databases } : {}) }));
  else if (databases[0]?.name !== undefined) {
    ctx.out(alreadyOn ? `Already on ${branch}` : `Switched to ${branch}`);
    for (const d of databases) {
      ctx.out(`  ${d.name}: database ${d.switch.database}`);
      printSwitch(d.switch, (line) => ctx.out(line), `    `);
      if (!d.switch.created && d.switch.action === 'none') ctx.out('    schema already matches the branch');
    }
  } else {
    ctx.out(alreadyOn ? `Already on ${branch}; database ${result.database}` : `Switched to ${branch}; database ${result.database}`);
    printSwitch(result, (line) => ctx.out(line));
    if (!result.created && result.action === 'none') ctx.out('schema already matches the branch');
  }
  return 0;
}
