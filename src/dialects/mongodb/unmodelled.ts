import type { UnmodelledObject } from '../../core/model/unmodelled.js';
import type { MongoDocument } from './driver.js';
import { ID_INDEX } from './normalize.js';

/** Collection options Flash versions; any other (capped, timeseries, clusteredIndex, collation…) is reported. */
const MODELLED_OPTIONS = new Set(['validator', 'validationLevel', 'validationAction']);
/** Index fields Flash versions (`v`, `ns` and `background` carry no schema meaning). */
const MODELLED_INDEX_FIELDS = new Set([
  'v',
  'ns',
  'background',
  'key',
  'name',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'collation',
]);

/** What a MongoDB database holds outside Flash's model, from listCollections/listIndexes. Pure. */
export function unmodelledMongo(
  views: string[],
  collections: Array<{ name: string; options?: Record<string, unknown> }>,
  indexes: MongoDocument[][],
): UnmodelledObject[] {
  const out: UnmodelledObject[] = views.map((name) => ({ kind: 'view', name }));
  collections.forEach((c, i) => {
    const extra = Object.keys(c.options ?? {}).filter((k) => !MODELLED_OPTIONS.has(k));
    if (extra.length) out.push({ kind: `collection with ${extra.join(', ')}`, name: c.name, table: c.name });
    for (const index of indexes[i] ?? []) {
      if (index.name === ID_INDEX) continue;
      const fields = Object.keys(index).filter((k) => !MODELLED_INDEX_FIELDS.has(k));
      const key = (index.key ?? {}) as Record<string, unknown>;
      if ('_fts' in key) fields.unshift('text');
      if (fields.length) out.push({ kind: `index with ${fields.join(', ')}`, name: `${String(index.name)} on ${c.name}`, table: c.name });
    }
  });
  return out;
}
