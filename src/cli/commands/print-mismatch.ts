import { isFlashError } from '../../errors.js';
import type { CliContext } from '../context.js';

/**
 * Run `work`; on E_SCHEMA_MISMATCH list the differences one per line on stderr before the error line
 * (the error message has them too, joined, for scripts that only read it).
 */
export async function printMismatch<T>(ctx: CliContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!ctx.json && isFlashError(err) && err.code === 'E_SCHEMA_MISMATCH' && Array.isArray(err.data?.differences)) {
      for (const d of err.data.differences as string[]) ctx.err(`  ${d}`);
    }
    throw err;
  }
}
