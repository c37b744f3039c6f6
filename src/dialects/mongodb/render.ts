import type { CollectionIndex } from '../../core/model/schema.js';
import type { Operation, Statement } from '../../core/diff/operations.js';
import { canonicalJson } from '../../core/snapshot/canonical.js';

/**
 * Operations → MongoDB database commands, one JSON document per statement (what `db.runCommand`
 * takes). Migration files store them one per line, so Up/Down stay readable and diffable.
 */
export function renderMongo(ops: Operation[]): Statement[] {
  const out: Statement[] = [];
  ops.forEach((op, i) => {
    const cmd = commandFor(op);
    if (cmd) out.push({ sql: canonicalJsonOrdered(cmd), op: i, transactional: false });
  });
  return out;
}

function commandFor(op: Operation): Array<[string, unknown]> | undefined {
  switch (op.kind) {
    case 'createCollection': {
      const c = op.collection;
      const cmd: Array<[string, unknown]> = [['create', c.name]];
      if (c.validator) cmd.push(['validator', c.validator]);
      if (c.validationLevel) cmd.push(['validationLevel', c.validationLevel]);
      if (c.validationAction) cmd.push(['validationAction', c.validationAction]);
      return cmd;
    }
    case 'dropCollection':
      return [['drop', op.collection.name]];
    case 'setValidator':
      return [
        ['collMod', op.collection],
        ['validator', op.to.validator ?? {}],
        ['validationLevel', op.to.validationLevel ?? 'strict'],
        ['validationAction', op.to.validationAction ?? 'error'],
      ];
    case 'createCollectionIndex':
      return [
        ['createIndexes', op.collection],
        ['indexes', [indexSpec(op.index)]],
      ];
    case 'dropCollectionIndex':
      return [
        ['dropIndexes', op.collection],
        ['index', op.index.name],
      ];
    default:
      return undefined;
  }
}

function indexSpec(index: CollectionIndex): Record<string, unknown> {
  // key order matters in an index: build the object in spec order (JSON keeps insertion order)
  const key: Record<string, number | string> = {};
  for (const [field, dir] of index.keys) key[field] = dir;
  const spec: Record<string, unknown> = { key, name: index.name };
  if (index.unique) spec.unique = true;
  if (index.sparse) spec.sparse = true;
  if (index.partialFilterExpression) spec.partialFilterExpression = index.partialFilterExpression;
  if (index.expireAfterSeconds !== undefined) spec.expireAfterSeconds = index.expireAfterSeconds;
  if (index.collation) spec.collation = index.collation;
  return spec;
}

/**
 * The command name must be the first key of a MongoDB command; nested documents are emitted with
 * sorted keys except index key specs, whose order is meaningful.
 */
function canonicalJsonOrdered(cmd: Array<[string, unknown]>): string {
  return '{' + cmd.map(([k, v]) => `${JSON.stringify(k)}:${k === 'indexes' ? JSON.stringify(v) : canonicalJson(v)}`).join(',') + '}';
}

/** Parse a rendered statement back into an ordered command document. */
export function parseMongoCommand(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}
