import { mergeLockFiles } from '../../api/merge-driver.js';
import type { CommandHandler } from '../context.js';

/** Called by git as the merge driver of flash.lock: exit 0 merged, 1 conflict (git marks the file). */
const mergeLock: CommandHandler = async (args, _options, ctx) => {
  const [base, ours, theirs, pathInRepo] = args as [string, string, string, string];
  try {
    const outcome = await mergeLockFiles({ base, ours, theirs, pathInRepo: pathInRepo ?? 'db/migrations/flash.lock' });
    for (const m of outcome.messages) ctx.err(m);
    return outcome.ok ? 0 : 1;
  } catch (err) {
    ctx.err(`flash: could not merge ${pathInRepo}: ${(err as Error).message}`);
    return 1;
  }
};
export default mergeLock;
