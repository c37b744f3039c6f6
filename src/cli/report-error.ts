import { FlashError, ExitCode } from '../errors.js';

/** One clear line plus the hint; a stack trace only with FLASH_DEBUG=1. Returns the exit code. */
export function reportError(err: unknown, json: boolean): number {
  const debug = process.env.FLASH_DEBUG === '1';
  if (err instanceof FlashError) {
    if (json) process.stdout.write(JSON.stringify({ ok: false, error: err.toJSON() }) + '\n');
    process.stderr.write(`error[${err.code}]: ${err.message}\n`);
    if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
    if (debug && err.stack) process.stderr.write(err.stack + '\n');
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  if (json) process.stdout.write(JSON.stringify({ ok: false, error: { code: 'E_INTERNAL', message } }) + '\n');
  process.stderr.write(`error[E_INTERNAL]: ${message}\n`);
  process.stderr.write(
    debug && err instanceof Error && err.stack
      ? err.stack + '\n'
      : 'hint: this is a bug in Flash; rerun with FLASH_DEBUG=1 for a stack trace and report it.\n',
  );
  return ExitCode.internal;
}
