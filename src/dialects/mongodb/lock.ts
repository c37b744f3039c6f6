import os from 'node:os';
import { FlashError } from '../../errors.js';
import type { MongoConnection, MongoDocument } from './driver.js';

/**
 * MongoDB has no session locks: the apply lock is a document with a fixed `_id` in `_flash_lock`
 * (a second insert fails on the unique `_id`). The holder refreshes `at` every HEARTBEAT_MS; a lock
 * not refreshed for STALE_MS belongs to a process that died and is taken over. A holder that could
 * not refresh it for that long, or finds it gone (taken over), was no longer protected: releasing
 * then fails with E_LOCKED naming why, instead of reporting a run that may have overlapped another.
 */
export const LOCK_COLLECTION = '_flash_lock';
const LOCK_ID = 'apply';
const HEARTBEAT_MS = 20_000;
export const STALE_MS = 120_000;
const POLL_MS = 250;

export function isStaleLock(doc: MongoDocument | undefined, now: Date): boolean {
  const at = doc?.at;
  return at instanceof Date && now.getTime() - at.getTime() > STALE_MS;
}

export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 11000;
}

export async function acquireMongoLock(mongo: MongoConnection, onWait?: () => void): Promise<() => Promise<void>> {
  const owner = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2)}`;
  let waited = false;
  for (;;) {
    try {
      await mongo.insertOne(LOCK_COLLECTION, { _id: LOCK_ID, owner, at: new Date() });
      break;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const [held] = await mongo.find(LOCK_COLLECTION, { _id: LOCK_ID });
    if (isStaleLock(held, new Date())) {
      await mongo.deleteMany(LOCK_COLLECTION, { _id: LOCK_ID, owner: held.owner });
      continue;
    }
    if (!waited) onWait?.();
    waited = true;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  let refreshedAt = Date.now();
  let lost: string | undefined;
  const heartbeat = setInterval(() => {
    mongo.updateMany(LOCK_COLLECTION, { _id: LOCK_ID, owner }, { at: new Date() }).then(
      (matched) => {
        if (matched === 0) lost ??= 'another process took it over';
        else refreshedAt = Date.now();
      },
      (err: unknown) => {
        if (Date.now() - refreshedAt > STALE_MS)
          lost ??= `it could not be refreshed for ${Math.round(STALE_MS / 1000)} s (${err instanceof Error ? err.message : String(err)})`;
      },
    );
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return async () => {
    clearInterval(heartbeat);
    await mongo.deleteMany(LOCK_COLLECTION, { _id: LOCK_ID, owner });
    if (lost)
      throw new FlashError(
        'E_LOCKED',
        `The migration lock was lost while this command ran: ${lost}.`,
        'Another Flash process may have changed the database at the same time: run `flash status` and check before going on.',
      );
  };
}
