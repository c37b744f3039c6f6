import { FlashError } from '../../errors.js';

/** A MongoDB connection: the database named in the URL (default `test`). */
export interface MongoConnection {
  readonly description: string;
  listCollections(): Promise<Array<{ name: string; type?: string; options?: Record<string, unknown> }>>;
  listIndexes(collection: string): Promise<Array<Record<string, unknown>>>;
  command(doc: Record<string, unknown>): Promise<Record<string, unknown>>;
  dropDatabase(): Promise<void>;
  close(): Promise<void>;
}

export function describeMongoUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? u.username + '@' : ''}${u.host}${u.pathname}`;
  } catch {
    return '(unparseable MongoDB URL)';
  }
}

export async function connectMongo(url: string, opts: { timeoutMs?: number } = {}): Promise<MongoConnection> {
  if (!/^mongodb(\+srv)?:\/\//.test(url)) {
    throw new FlashError(
      'E_BAD_URL',
      'The MongoDB URL must start with mongodb:// or mongodb+srv://.',
      'Check the variable named by database.url_env.',
    );
  }
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(url, { serverSelectionTimeoutMS: opts.timeoutMs ?? 5000 });
  const description = describeMongoUrl(url);
  try {
    await client.connect();
  } catch (err) {
    await client.close().catch(() => undefined);
    throw new FlashError(
      'E_DB_CONNECT',
      `Cannot connect to MongoDB at ${description}: ${(err as Error).message.split('\n')[0]}`,
      'Check that the server is running and the URL variable is right.',
      { cause: err },
    );
  }
  const db = client.db();
  return {
    description,
    async listCollections() {
      const infos = await db.listCollections({}, { nameOnly: false }).toArray();
      return infos
        .filter((c) => !c.name.startsWith('system.') && !c.name.startsWith('_flash_') && (c as { type?: string }).type !== 'view')
        .map((c) => ({ name: c.name, type: (c as { type?: string }).type, options: (c as { options?: Record<string, unknown> }).options }));
    },
    async listIndexes(collection) {
      return (await db.collection(collection).listIndexes().toArray()) as Array<Record<string, unknown>>;
    },
    async command(doc) {
      return await db.command(doc);
    },
    async dropDatabase() {
      await db.dropDatabase();
    },
    async close() {
      await client.close();
    },
  };
}
