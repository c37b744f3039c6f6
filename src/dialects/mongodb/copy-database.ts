import { FlashError } from '../../errors.js';
import { emptySchema } from '../../core/model/schema.js';
import { diffCollections } from '../../core/diff/diff-collections.js';
import { describeUnmodelled } from '../../core/model/unmodelled.js';
import type { MongoConnection } from './driver.js';
import { introspectMongo } from './introspect.js';
import { parseMongoCommand, renderMongo } from './render.js';
import { TRACKING_COLLECTION } from './tracking-records.js';
import { unmodelledMongo } from './unmodelled.js';

const BATCH = 1000;

/**
 * A branch database: the source's collections recreated in the (empty) target with their validators
 * and indexes — rendered from the introspected schema, the same commands a migration would run — then
 * the documents in batches, validation bypassed (the copy holds what the source holds), and the
 * tracking collection, so the copy knows which migrations it has. What Flash does not model (views,
 * capped or time-series collections…) is refused by name: a copy without it would not be a copy.
 */
export async function copyMongoDatabase(source: MongoConnection, target: MongoConnection): Promise<void> {
  const infos = await source.listCollections();
  const unmodelled = unmodelledMongo(await source.listViews(), infos, await Promise.all(infos.map((c) => source.listIndexes(c.name))));
  if (unmodelled.length) {
    throw new FlashError(
      'E_UNSUPPORTED_OBJECT',
      `Cannot copy ${source.description}: it holds what Flash does not model: ${unmodelled.map(describeUnmodelled).join(', ')}.`,
      'Remove those objects or create the branch database by hand (mongodump/mongorestore).',
      { data: { objects: unmodelled } },
    );
  }
  const schema = await introspectMongo(source);
  for (const st of renderMongo(diffCollections(emptySchema('mongodb'), schema))) await target.command(parseMongoCommand(st.sql));
  for (const name of [...schema.collections.map((c) => c.name), TRACKING_COLLECTION]) {
    for await (const batch of source.documents(name, BATCH)) await target.insertMany(name, batch);
  }
}
