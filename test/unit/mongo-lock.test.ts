import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCK_COLLECTION, STALE_MS, acquireMongoLock } from '../../src/dialects/mongodb/lock.js';
import { FakeMongoServer } from '../helpers/fake-mongo.js';

/** The MongoDB apply lock's heartbeat: a holder that lost the lock says so when it releases it. */
describe('MongoDB apply lock heartbeat', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function held() {
    vi.useFakeTimers();
    const mongo = await new FakeMongoServer().connect('mongodb://fake/app');
    const release = await acquireMongoLock(mongo);
    return { mongo, release };
  }

  it('a lock refreshed all along is released quietly', async () => {
    const { mongo, release } = await held();
    await vi.advanceTimersByTimeAsync(STALE_MS * 2);
    await expect(release()).resolves.toBeUndefined();
    expect(await mongo.find(LOCK_COLLECTION, {})).toEqual([]);
  });

  it('a lock another process took over fails the release with E_LOCKED', async () => {
    const { mongo, release } = await held();
    // What a second process does with a lock it judged stale: delete it and insert its own.
    await mongo.deleteMany(LOCK_COLLECTION, {});
    await mongo.insertOne(LOCK_COLLECTION, { _id: 'apply', owner: 'someone else', at: new Date() });
    await vi.advanceTimersByTimeAsync(STALE_MS);
    await expect(release()).rejects.toMatchObject({ code: 'E_LOCKED', message: expect.stringMatching(/took it over/) });
    // The other process's lock is not touched.
    expect(await mongo.find(LOCK_COLLECTION, {})).toEqual([{ owner: 'someone else', at: expect.any(Date) }]);
  });

  it('a refresh failing for longer than the stale limit fails the release; one failed refresh does not', async () => {
    const { mongo, release } = await held();
    const real = mongo.updateMany.bind(mongo);
    let failing = true;
    mongo.updateMany = (c, f, s) => (failing ? Promise.reject(new Error('connection reset')) : real(c, f, s));
    await vi.advanceTimersByTimeAsync(30_000);
    failing = false;
    await vi.advanceTimersByTimeAsync(STALE_MS);
    await expect(release()).resolves.toBeUndefined();

    const second = await held();
    second.mongo.updateMany = () => Promise.reject(new Error('connection reset'));
    await vi.advanceTimersByTimeAsync(STALE_MS * 2);
    await expect(second.release()).rejects.toMatchObject({ code: 'E_LOCKED', message: expect.stringMatching(/connection reset/) });
  });
});
