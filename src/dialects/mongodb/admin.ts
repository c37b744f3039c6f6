import { FlashError } from '../../errors.js';
import type { DatabaseAdmin } from '../dialect.js';
import type { MongoConnection } from './driver.js';
import { copyMongoDatabase } from './copy-database.js';
import { TRACKING_COLLECTION } from './tracking-records.js';

/** The database is the URL's path (`mongodb://host/app?…` → `app`); MongoDB's default is `test`. */
export function mongoDatabaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  return name || 'test';
}

export function mongoUrlFor(url: string, name: string): string {
  if (!/^[^/\\. "$*<>:|?]{1,63}$/.test(name)) {
    throw new FlashError('E_USAGE', `"${name}" is not a valid MongoDB database name.`, 'Use letters, digits, _ and - (at most 63).');
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function mongoAdmin(connect: (url: string) => Promise<MongoConnection>): DatabaseAdmin {
  const withDb = async <T>(url: string, fn: (m: MongoConnection) => Promise<T>): Promise<T> => {
    const m = await connect(url);
    try {
      return await fn(m);
    } finally {
      await m.close();
    }
  };
  const admin: DatabaseAdmin = {
    urlFor: mongoUrlFor,
    databaseName: mongoDatabaseName,
    exists: (url) => withDb(url, (m) => m.databaseExists()),
    // MongoDB creates a database on its first write: creating the tracking collection makes it exist.
    create: (url) =>
      withDb(url, async (m) => {
        await m.command({ create: TRACKING_COLLECTION });
      }),
    async createIfMissing(url) {
      return withDb(url, async (m) => {
        if (await m.databaseExists()) return false;
        try {
          await m.command({ create: TRACKING_COLLECTION });
          return true;
        } catch (err) {
          // NamespaceExists: a concurrent process created it first.
          if ((err as { code?: unknown }).code === 48) return false;
          throw err;
        }
      });
    },
    drop: (url) => withDb(url, (m) => m.dropDatabase()),
    async copy(source, target) {
      await withDb(source, (s) => withDb(target, (t) => copyMongoDatabase(s, t)));
    },
  };
  return admin;
}
