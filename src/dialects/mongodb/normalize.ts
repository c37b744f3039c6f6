import type { Collection, CollectionIndex } from '../../core/model/schema.js';

/** MongoDB's default index name: `a_1_b_-1`. */
export function defaultIndexName(keys: Array<[string, number | string]>): string {
  return keys.map(([field, dir]) => `${field}_${dir}`).join('_');
}

/** The implicit `_id_` index exists on every collection and is never part of a diff. */
export const ID_INDEX = '_id_';

/**
 * Normalize an index as reported by listIndexes (or written in db/schema/*.json): ordered keys,
 * only the options Flash versions, defaults omitted (`unique: false` and `sparse: false` mean absent).
 */
export function normalizeIndex(raw: Record<string, unknown>): CollectionIndex {
  const keySpec = (raw.key ?? raw.keys) as Record<string, number | string> | Array<[string, number | string]> | undefined;
  if (!keySpec || typeof keySpec !== 'object') throw new Error(`index ${JSON.stringify(raw.name ?? '')} has no "key"`);
  const keys: Array<[string, number | string]> = Array.isArray(keySpec)
    ? keySpec.map(([k, v]) => [k, normalizeDirection(v)])
    : Object.entries(keySpec).map(([k, v]) => [k, normalizeDirection(v)]);
  const index: CollectionIndex = { name: typeof raw.name === 'string' && raw.name ? raw.name : defaultIndexName(keys), keys };
  if (raw.unique === true) index.unique = true;
  if (raw.sparse === true) index.sparse = true;
  if (raw.partialFilterExpression && typeof raw.partialFilterExpression === 'object') {
    index.partialFilterExpression = raw.partialFilterExpression as Record<string, unknown>;
  }
  if (typeof raw.expireAfterSeconds === 'number') index.expireAfterSeconds = raw.expireAfterSeconds;
  else if (raw.expireAfterSeconds !== undefined) index.expireAfterSeconds = Number(raw.expireAfterSeconds);
  if (raw.collation && typeof raw.collation === 'object') {
    const collation = normalizeCollation(raw.collation as Record<string, unknown>);
    if (Object.keys(collation).length) index.collation = collation;
  }
  return index;
}

/**
 * ICU's defaults, which listIndexes spells out in full (plus `version`): omitted, so a collation
 * declared as `{ "locale": "en", "strength": 2 }` compares equal to what the server reports. A locale
 * whose own defaults differ (e.g. `backwards` for fr_CA) must declare them to compare equal.
 */
const COLLATION_DEFAULTS: Record<string, unknown> = {
  caseLevel: false,
  caseFirst: 'off',
  strength: 3,
  numericOrdering: false,
  alternate: 'non-ignorable',
  maxVariable: 'punct',
  normalization: false,
  backwards: false,
};

export function normalizeCollation(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'version' || COLLATION_DEFAULTS[key] === value) continue;
    out[key] = typeof value === 'object' && value !== null ? value : normalizeScalar(value);
  }
  // `simple` is the binary comparison every index has without a collation.
  return out.locale === 'simple' && Object.keys(out).length === 1 ? {} : out;
}

function normalizeScalar(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

function normalizeDirection(v: unknown): number | string {
  if (typeof v === 'number') return v;
  // BSON Int32/Long/Double objects from the driver
  if (v && typeof v === 'object' && 'valueOf' in v) {
    const n = Number((v as { valueOf(): unknown }).valueOf());
    if (Number.isFinite(n)) return n;
  }
  return String(v);
}

/** Collection from a listCollections entry and its listIndexes result. */
export function normalizeCollection(
  info: { name: string; options?: Record<string, unknown> },
  indexes: Array<Record<string, unknown>>,
): Collection {
  const options = info.options ?? {};
  const collection: Collection = {
    name: info.name,
    indexes: indexes.filter((i) => i.name !== ID_INDEX).map(normalizeIndex),
  };
  if (options.validator && typeof options.validator === 'object' && Object.keys(options.validator).length) {
    collection.validator = JSON.parse(JSON.stringify(options.validator)) as Record<string, unknown>;
  }
  // Server defaults (strict / error) are omitted so a collection declared without them compares equal.
  if (options.validationLevel && options.validationLevel !== 'strict')
    collection.validationLevel = options.validationLevel as Collection['validationLevel'];
  if (options.validationAction && options.validationAction !== 'error')
    collection.validationAction = options.validationAction as Collection['validationAction'];
  return collection;
}
