import { emptySchema, type Schema } from '../../core/model/schema.js';
import type { MongoConnection } from './driver.js';
import { normalizeCollection } from './normalize.js';

/** Live database → IR: one listCollections, then listIndexes per collection (MongoDB has no catalog join). */
export async function introspectMongo(conn: MongoConnection): Promise<Schema> {
  const schema = emptySchema('mongodb');
  const infos = await conn.listCollections();
  const indexes = await Promise.all(infos.map((c) => conn.listIndexes(c.name)));
  infos.forEach((info, i) => schema.collections.push(normalizeCollection(info, indexes[i])));
  return schema;
}
