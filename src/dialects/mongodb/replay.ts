import { FlashError } from '../../errors.js';
import type { Collection, Schema } from '../../core/model/schema.js';
import { canonicalJson } from '../../core/snapshot/canonical.js';
import { normalizeCollection, normalizeIndex } from './normalize.js';

/**
 * What a MongoDB command does to the schema, computed on the IR: the shadow of a MongoDB project
 * (sealing, `check`, `merge` replay migrations on it) needs no throwaway database. It understands the
 * commands Flash renders (create, drop, collMod, createIndexes, dropIndexes) and the data commands
 * (insert, update, delete…: no schema effect, except that a write creates a missing collection, as
 * the server does). Any other command is refused by name rather than guessed at.
 * Errors mirror the server's for the cases a migration can hit (existing or missing collection/index).
 */
export function replayCommand(schema: Schema, cmd: Record<string, unknown>): void {
  const [name] = Object.keys(cmd);
  const target = cmd[name];
  switch (name) {
    case 'create':
      create(schema, cmd);
      break;
    case 'drop':
      schema.collections.splice(indexOf(schema, String(target)), 1);
      break;
    case 'collMod':
      collMod(schema.collections[indexOf(schema, String(target))], cmd);
      break;
    case 'createIndexes':
      createIndexes(ensure(schema, String(target)), cmd.indexes);
      break;
    case 'dropIndexes':
      dropIndexes(schema.collections[indexOf(schema, String(target))], cmd.index);
      break;
    case 'insert':
    case 'update':
    case 'findAndModify':
      ensure(schema, String(target));
      break;
    case 'delete':
    case 'find':
    case 'aggregate':
    case 'count':
    case 'distinct':
      break;
    default:
      throw new FlashError(
        'E_UNSUPPORTED',
        `MongoDB command "${name}" changes the database in a way Flash does not model.`,
        'Migrations may use create, drop, collMod (validator, validationLevel/Action, TTL), createIndexes, dropIndexes and data commands (insert, update, delete).',
        { data: { command: name } },
      );
  }
}

const MODELLED_CREATE = new Set(['create', 'validator', 'validationLevel', 'validationAction']);
const MODELLED_COLLMOD = new Set(['collMod', 'validator', 'validationLevel', 'validationAction', 'index']);

function create(schema: Schema, cmd: Record<string, unknown>): void {
  const name = String(cmd.create);
  refuseOptions(cmd, MODELLED_CREATE, `create "${name}"`);
  if (schema.collections.some((c) => c.name === name)) throw new Error(`Collection ${name} already exists.`);
  schema.collections.push(normalizeCollection({ name, options: cmd }, []));
}

function collMod(collection: Collection, cmd: Record<string, unknown>): void {
  refuseOptions(cmd, MODELLED_COLLMOD, `collMod "${collection.name}"`);
  const options: Record<string, unknown> = {
    validator: collection.validator,
    validationLevel: collection.validationLevel,
    validationAction: collection.validationAction,
  };
  for (const key of ['validator', 'validationLevel', 'validationAction']) if (key in cmd) options[key] = cmd[key];
  const next = normalizeCollection({ name: collection.name, options }, []);
  collection.validator = next.validator;
  collection.validationLevel = next.validationLevel;
  collection.validationAction = next.validationAction;
  for (const key of ['validator', 'validationLevel', 'validationAction'] as const) if (next[key] === undefined) delete collection[key];
  if (cmd.index !== undefined) {
    // collMod { index: { name, expireAfterSeconds } }: the TTL change MongoDB allows in place
    const spec = cmd.index as { name?: unknown; expireAfterSeconds?: unknown };
    const index = collection.indexes.find((i) => i.name === spec.name);
    if (!index) throw new Error(`cannot find index ${String(spec.name)} for ns ${collection.name}`);
    if (typeof spec.expireAfterSeconds === 'number') index.expireAfterSeconds = spec.expireAfterSeconds;
  }
}

function createIndexes(collection: Collection, specs: unknown): void {
  if (!Array.isArray(specs)) throw new Error('createIndexes needs an "indexes" array');
  for (const raw of specs as Array<Record<string, unknown>>) {
    const index = normalizeIndex(raw);
    const existing = collection.indexes.find((i) => i.name === index.name);
    if (existing) {
      // The server accepts re-creating an identical index and refuses a different one under that name.
      if (canonicalJson(existing) === canonicalJson(index)) continue;
      throw new Error(`An existing index has the same name (${index.name}) as the requested index but different options.`);
    }
    collection.indexes.push(index);
  }
}

function dropIndexes(collection: Collection, which: unknown): void {
  if (which === '*') {
    collection.indexes = [];
    return;
  }
  for (const name of Array.isArray(which) ? which : [which]) {
    const i = collection.indexes.findIndex((x) => x.name === name);
    if (i < 0) throw new Error(`index not found with name [${String(name)}]`);
    collection.indexes.splice(i, 1);
  }
}

function refuseOptions(cmd: Record<string, unknown>, modelled: Set<string>, what: string): void {
  const extra = Object.keys(cmd).filter((k) => !modelled.has(k) && k !== 'comment' && k !== 'writeConcern');
  if (extra.length === 0) return;
  throw new FlashError(
    'E_UNSUPPORTED',
    `${what} uses ${extra.join(', ')}, which Flash does not model for MongoDB collections.`,
    'Flash versions validators (validator, validationLevel, validationAction) and indexes; capped, time-series, clustered and collection-level collation options are not modelled.',
    { data: { options: extra } },
  );
}

function indexOf(schema: Schema, name: string): number {
  const i = schema.collections.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`ns not found: collection ${name} does not exist`);
  return i;
}

function ensure(schema: Schema, name: string): Collection {
  let c = schema.collections.find((x) => x.name === name);
  if (!c) {
    c = { name, indexes: [] };
    schema.collections.push(c);
  }
  return c;
}
