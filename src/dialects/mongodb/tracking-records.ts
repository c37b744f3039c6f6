import type { TrackingRecord, TrackingRecords } from '../dialect.js';
import type { MongoConnection, MongoDocument } from './driver.js';

/** The tracking collection: same name and fields as the SQL table (SPEC), one document per attempt. */
export const TRACKING_COLLECTION = '_flash_migrations';

/**
 * The document stored for a new attempt: `_id` is the id, so two writers that picked the same id
 * collide on the unique `_id` instead of recording two attempts under one id. Fields the attempt
 * does not set yet are null, as the SQL table's columns are.
 */
export function trackingDocument(id: number, fields: TrackingRecord): MongoDocument {
  return {
    _id: id,
    id,
    migration_name: null,
    checksum: null,
    from_hash: null,
    to_hash: null,
    started_at: null,
    finished_at: null,
    rolled_back_at: null,
    applied_steps_count: 0,
    logs: null,
    ...fields,
  };
}

/** Next id: one more than the highest (ids only grow, like an auto-increment column). */
export function nextTrackingId(records: TrackingRecord[]): number {
  return records.reduce((max, r) => Math.max(max, Number(r.id)), 0) + 1;
}

export function mongoTrackingRecords(mongo: MongoConnection): TrackingRecords {
  const read = async () => (await mongo.find(TRACKING_COLLECTION, {}, { id: 1 })) as TrackingRecord[];
  return {
    read,
    async insert(fields) {
      const id = nextTrackingId(await read());
      await mongo.insertOne(TRACKING_COLLECTION, trackingDocument(id, fields));
      return id;
    },
    async update(id, fields) {
      await mongo.updateMany(TRACKING_COLLECTION, { id }, fields);
    },
  };
}
