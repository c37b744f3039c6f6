import { FlashError } from '../../errors.js';

export type MongoDocument = Record<string, unknown>;

/**
 * A MongoDB connection: the database named in the URL (default `test`). Each method is one driver
 * call, so everything Flash decides happens in pure code above it (and a test double can stand in).
 */
export interface MongoConnection {
  readonly description: string;
  /** Collections (not views, not `system.*`, not Flash's `_flash_*`) with their options. */
  listCollections(): Promise<Array<{ name: string; type?: string; options?: Record<string, unknown> }>>;
  /** Names of the views (Flash does not model them: reported as unmodelled). */
  listViews(): Promise<string[]>;
  listIndexes(collection: string): Promise<MongoDocument[]>;
  /** `db.runCommand(doc)`: the key order of `doc` is kept (the command name comes first). */
  command(doc: MongoDocument): Promise<MongoDocument>;
  /** Documents matching `filter`, sorted; for Flash's small collections (tracking, lock). */
  find(collection: string, filter: MongoDocument, sort?: Record<string, 1 | -1>): Promise<MongoDocument[]>;
  /** Insert one document; a duplicate `_id` rejects with an error whose `code` is 11000. */
  insertOne(collection: string, doc: MongoDocument): Promise<void>;
  /** `$set` fields on the documents matching `filter`. */
  /** Returns how many documents matched the filter. */
  updateMany(collection: string, filter: MongoDocument, set: MongoDocument): Promise<number>;
  deleteMany(collection: string, filter: MongoDocument): Promise<void>;
  /** Every document of a collection, in batches of about `batchSize` (a cursor: constant memory). */
  documents(collection: string, batchSize: number): AsyncIterable<MongoDocument[]>;
  /** Insert a batch as it is, skipping validation (copying a database copies what is there). */
  insertMany(collection: string, docs: MongoDocument[]): Promise<void>;
  /** Whether the server lists this database (MongoDB creates one on its first write). */
  databaseExists(): Promise<boolean>;
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
    async listViews() {
      return (await db.listCollections({ type: 'view' }, { nameOnly: true }).toArray()).map((c) => c.name);
    },
    async listIndexes(collection) {
      return (await db.collection(collection).listIndexes().toArray()) as MongoDocument[];
    },
    async command(doc) {
      return await db.command(doc);
    },
    async find(collection, filter, sort = {}) {
      return await db
        .collection(collection)
        .find(filter, { sort, projection: { _id: 0 } })
        .toArray();
    },
    async insertOne(collection, doc) {
      await db.collection(collection).insertOne(doc);
    },
    async updateMany(collection, filter, set) {
      return (await db.collection(collection).updateMany(filter, { $set: set })).matchedCount;
    },
    async deleteMany(collection, filter) {
      await db.collection(collection).deleteMany(filter);
    },
    async *documents(collection, batchSize) {
      const cursor = db.collection(collection).find({}, { batchSize });
      let batch: MongoDocument[] = [];
      for await (const doc of cursor) {
        batch.push(doc);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    },
    async insertMany(collection, docs) {
      await db.collection(collection).insertMany(docs, { bypassDocumentValidation: true, ordered: true });
    },
    async databaseExists() {
      const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
      return databases.some((d) => d.name === db.databaseName);
    },
    async dropDatabase() {
      await db.dropDatabase();
    },
    async close() {
      await client.close();
    },
  };
}
