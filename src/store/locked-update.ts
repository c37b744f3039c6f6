import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';

/**
 * Run `update` while holding an exclusive lock on `file`, across processes: two git hooks (two quick
 * checkouts) or two commands that read-modify-write the same local state file would otherwise each
 * read the old content and the second write would drop the first one's change.
 *
 * proper-lockfile (widely used, e.g. by npm itself in the past) does the hard parts a hand-written
 * `open(wx)` lock gets wrong: an atomic `mkdir` lock that works on network file systems, a heartbeat
 * that keeps a long holder's lock fresh, and taking over a lock left by a crashed process (stale after
 * `STALE_MS`). It is imported lazily: the hook's fast path only reads these files.
 */
const STALE_MS = 10_000;

export async function withFileLock<T>(file: string, update: () => Promise<T>): Promise<T> {
  const { lock } = await import('proper-lockfile');
  await fs.mkdir(path.dirname(file), { recursive: true });
  let release: () => Promise<void>;
  try {
    // realpath: false — the file itself may not exist yet (first write).
    release = await lock(file, {
      realpath: false,
      stale: STALE_MS,
      retries: { retries: 200, factor: 1.2, minTimeout: 5, maxTimeout: 100 },
      // Updates take milliseconds; if one stalls past STALE_MS another process may take over, and the
      // default handler would crash this one with a stack trace from a timer.
      onCompromised: () => undefined,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    throw new FlashError(
      'E_LOCKED',
      `${path.basename(file)} is locked by another Flash process (${file}.lock).`,
      `Wait for the other Flash command to finish; if none is running, the lock is taken over after ${STALE_MS / 1000} s.`,
    );
  }
  try {
    return await update();
  } finally {
    await release().catch(() => undefined); // a compromised lock is already gone
  }
}
