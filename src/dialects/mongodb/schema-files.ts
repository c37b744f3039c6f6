import { FlashError } from '../../errors.js';
import { emptySchema, type Schema } from '../../core/model/schema.js';
import { normalizeCollection } from './normalize.js';

/**
 * `db/schema/*.json` for MongoDB: each file holds one collection or an array of them:
 * `{ "collection": "users", "validator": { "$jsonSchema": {…} }, "validationLevel": "moderate",
 *    "indexes": [ { "key": { "email": 1 }, "unique": true } ] }`.
 * Pure: the caller reads the files.
 */
export function schemaFromJsonFiles(files: Array<{ file: string; text: string }>): Schema {
  const schema = emptySchema('mongodb');
  const seen = new Map<string, string>();
  for (const { file, text } of files) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new FlashError('E_SQL', `${file}: invalid JSON: ${(err as Error).message}`, 'Fix the collection definition file.');
    }
    for (const [i, raw] of (Array.isArray(doc) ? doc : [doc]).entries()) {
      const where = Array.isArray(doc) ? `${file}[${i}]` : file;
      if (!raw || typeof raw !== 'object' || typeof (raw as { collection?: unknown }).collection !== 'string') {
        throw new FlashError(
          'E_SQL',
          `${where}: a collection definition needs a "collection" name.`,
          'Example: { "collection": "users", "indexes": [] }',
        );
      }
      const def = raw as Record<string, unknown>;
      const name = def.collection as string;
      if (seen.has(name))
        throw new FlashError(
          'E_SQL',
          `${where}: collection "${name}" is also defined in ${seen.get(name)}.`,
          'Define each collection once.',
        );
      seen.set(name, where);
      try {
        schema.collections.push(
          normalizeCollection(
            { name, options: { validator: def.validator, validationLevel: def.validationLevel, validationAction: def.validationAction } },
            (def.indexes as Array<Record<string, unknown>> | undefined) ?? [],
          ),
        );
      } catch (err) {
        throw new FlashError('E_SQL', `${where}: ${(err as Error).message}.`, 'Each index needs "key": { "field": 1 }.');
      }
    }
  }
  return schema;
}
