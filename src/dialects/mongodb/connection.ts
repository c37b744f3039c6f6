import { FlashError } from '../../errors.js';
import { emptySchema, type Schema } from '../../core/model/schema.js';
import type { Connection } from '../dialect.js';
import type { MongoConnection } from './driver.js';
import { replayCommand } from './replay.js';
import { parseCommand, splitMongoCommands } from './split-commands.js';
import { mongoTrackingRecords } from './tracking-records.js';

/**
 * Flash's engine-agnostic Connection over MongoDB: `exec` runs a migration section's JSON commands,
 * tracking goes to the `_flash_migrations` collection, and SQL (`query`) is refused. Either a live
 * database (`mongo`) or the shadow (`model`: the schema the replayed commands make, see replay.ts).
 */
export interface MongoFlashConnection extends Connection {
  readonly mongo?: MongoConnection;
  readonly model?: Schema;
}

function noSql(): never {
  throw new FlashError(
    'E_UNSUPPORTED',
    'MongoDB has no SQL: this command needs a SQL provider.',
    'MongoDB projects are versioned with db/schema/*.json and JSON commands in migrations.',
  );
}

export function liveConnection(mongo: MongoConnection): MongoFlashConnection {
  return {
    description: mongo.description,
    mongo,
    query: () => Promise.resolve(noSql()),
    async exec(text) {
      for (const st of splitMongoCommands(text)) await mongo.command(parseCommand(st.sql));
    },
    close: () => mongo.close(),
    // MongoDB DDL is not transactional (capabilities.transactionalDdl is false): the work just runs.
    transaction: (fn) => fn(),
    tracking: mongoTrackingRecords(mongo),
  };
}

export function shadowConnection(): MongoFlashConnection {
  const model = emptySchema('mongodb');
  return {
    description: 'MongoDB shadow (schema replayed in memory)',
    model,
    query: () => Promise.resolve(noSql()),
    exec(text) {
      for (const st of splitMongoCommands(text)) replayCommand(model, parseCommand(st.sql));
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
    transaction: (fn) => fn(),
  };
}

/** The MongoDB side of a Connection this dialect opened. */
export function mongoOf(conn: Connection): MongoConnection {
  const mongo = (conn as MongoFlashConnection).mongo;
  if (!mongo) throw new FlashError('E_UNSUPPORTED', `${conn.description} is not a live MongoDB database.`, 'This is a bug in Flash.');
  return mongo;
}
