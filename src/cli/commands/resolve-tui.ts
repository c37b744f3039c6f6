import { FlashError } from '../../errors.js';
import type { CliContext } from '../context.js';

/** The interactive conflict screen (ui/), loaded only in a TTY. */
export async function runConflictTui(ctx: CliContext): Promise<number> {
  void ctx;
  throw new FlashError('E_UNSUPPORTED', 'The interactive conflict screen is not available in this build.', 'Pass --ours or --theirs: flash resolve <path> --ours');
}
