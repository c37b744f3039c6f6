import { mergeSchemaFiles } from '../../api/merge-schema-driver.js';
import type { CommandHandler } from '../context.js';

/** Called by git as the merge driver of db/schema/*.sql: exit 0 merged, 1 conflict (git marks the file). */
const mergeSchema: CommandHandler = async (args, _options, ctx) => {
  const [base, ours, theirs, pathInRepo] = args as [string, string, string, string];
  try {
    const outcome = await mergeSchemaFiles({ base, ours, theirs, pathInRepo });
    for (const m of outcome.messages) ctx.err(m);
    return outcome.ok ? 0 : 1;
  } catch (err) {
    // A failing driver makes git fall back to reporting a conflict: never a half-written file.
    ctx.err(`flash: could not merge ${pathInRepo}: ${(err as Error).message}`);
    return 1;
  }
};
export default mergeSchema;
