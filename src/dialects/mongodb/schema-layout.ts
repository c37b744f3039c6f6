import { isFlashError } from '../../errors.js';
import path from 'node:path';
import type { Collection, Schema } from '../../core/model/schema.js';
import type { SchemaFileLayout } from '../dialect.js';
import { canonicalJson } from '../../core/snapshot/canonical.js';
import { schemaFromJsonFiles } from './schema-files.js';

/** A collection as `db/schema/*.json` declares it (the inverse of schema-files.ts). */
export function collectionDefinition(c: Collection): Record<string, unknown> {
  const def: Record<string, unknown> = { collection: c.name };
  if (c.validator) def.validator = c.validator;
  if (c.validationLevel) def.validationLevel = c.validationLevel;
  if (c.validationAction) def.validationAction = c.validationAction;
  def.indexes = [...c.indexes]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((i) => {
      const spec: Record<string, unknown> = { name: i.name, key: Object.fromEntries(i.keys) };
      if (i.unique) spec.unique = true;
      if (i.sparse) spec.sparse = true;
      if (i.partialFilterExpression) spec.partialFilterExpression = i.partialFilterExpression;
      if (i.expireAfterSeconds !== undefined) spec.expireAfterSeconds = i.expireAfterSeconds;
      if (i.collation) spec.collation = i.collation;
      return spec;
    });
  return def;
}

export function renderCollectionFile(collections: Collection[]): string {
  const defs = collections.map(collectionDefinition);
  return JSON.stringify(defs.length === 1 ? defs[0] : defs, null, 2) + '\n';
}

/** The whole schema as one JSON text (an array of definitions): `renderSchema`. */
export function renderMongoSchema(schema: Schema): string {
  return JSON.stringify(schema.collections.map(collectionDefinition), null, 2) + '\n';
}

/** Collection names a schema file defines (unparseable files define nothing: pull rewrites around them). */
function definedIn(text: string): string[] {
  try {
    const doc = JSON.parse(text) as unknown;
    return (Array.isArray(doc) ? doc : [doc])
      .map((d) => (d as { collection?: unknown } | null)?.collection)
      .filter((n): n is string => typeof n === 'string');
  } catch (err) {
    if (err instanceof SyntaxError) return []; // not JSON: it declares no collection Flash can place
    throw err;
  }
}

/** The file still declares exactly these collections as the database has them: left as the user wrote it. */
function describesSame(file: string, text: string, names: string[], live: Map<string, Collection>): boolean {
  if (definedIn(text).length !== names.length) return false;
  try {
    const declared = schemaFromJsonFiles([{ file, text }]).collections;
    const sameIndexOrder = (c: Collection | undefined) =>
      c && { ...c, indexes: [...c.indexes].sort((x, y) => x.name.localeCompare(y.name)) };
    return declared.every((c) => canonicalJson(sameIndexOrder(c)) === canonicalJson(sameIndexOrder(live.get(c.name))));
  } catch (err) {
    if (isFlashError(err)) return false; // a file the schema reader refuses does not already say what the database holds
    throw err;
  }
}

/**
 * `flash pull` for MongoDB: every collection goes back to the file that defines it (a file keeps the
 * collections it defines that still exist), new collections get `<name>.json`, and files left defining
 * nothing are removed. A file that already declares its collections as they are is left untouched. Pure.
 */
export function layoutMongoSchemaFiles(existing: Map<string, string>, schema: Schema, dir: string): SchemaFileLayout {
  const byName = new Map(schema.collections.map((c) => [c.name, c]));
  const placed = new Set<string>();
  const writes: SchemaFileLayout['writes'] = [];
  const removes: string[] = [];
  for (const [file, text] of [...existing].sort(([a], [b]) => a.localeCompare(b))) {
    const names = definedIn(text).filter((n) => byName.has(n) && !placed.has(n));
    if (names.length === 0) {
      if (definedIn(text).length) removes.push(file);
      continue;
    }
    names.forEach((n) => placed.add(n));
    const next = renderCollectionFile(names.map((n) => byName.get(n)!));
    if (next !== text && !describesSame(file, text, names, byName))
      writes.push({ file, text: next, objects: names.map((n) => `collection ${n}`) });
  }
  for (const c of schema.collections) {
    if (placed.has(c.name)) continue;
    let file = path.join(dir, `${c.name}.json`);
    // that name may be a file of other collections (already laid out above): never overwrite it
    for (let k = 2; existing.has(file) || writes.some((w) => w.file === file); k++) file = path.join(dir, `${c.name}-${k}.json`);
    const text = renderCollectionFile([c]);
    if (existing.get(file) !== text) writes.push({ file, text, objects: [`collection ${c.name}`] });
  }
  return { writes, removes };
}

/** What `flash init --mongodb` puts in db/schema. */
export const EXAMPLE_SCHEMA_FILE = {
  file: 'users.json',
  text:
    JSON.stringify(
      {
        collection: 'users',
        validator: {
          $jsonSchema: {
            bsonType: 'object',
            required: ['email'],
            properties: { email: { bsonType: 'string' }, name: { bsonType: 'string' } },
          },
        },
        validationLevel: 'strict',
        validationAction: 'error',
        indexes: [{ name: 'email_1', key: { email: 1 }, unique: true }],
      },
      null,
      2,
    ) + '\n',
};
