import type { CommentTarget } from '../model/comments.js';
import type { Definition } from '../model/definitions.js';
import { unknownOperation, type Operation } from './operations.js';

/** One line of a human summary: `+` added, `-` removed, `~` changed, `>` renamed. */
export interface ChangeLine {
  sign: '+' | '-' | '~' | '>';
  kind: string;
  object: string;
  detail?: string;
}

/** `+ column users.bio  (text)`: the line `flash diff` and `flash status` print. */
export function formatChangeLine(line: ChangeLine): string {
  return `${line.sign} ${line.kind} ${line.object}${line.detail ? `  (${line.detail})` : ''}`;
}

/**
 * The one description of an operation for people: `flash diff`, `status` drift, `check`, checkout's
 * change list and the dashboard's diff tree all show these. Exhaustive: a new operation kind does
 * not typecheck until it is described here.
 */
export function describeOperation(op: Operation): ChangeLine {
  switch (op.kind) {
    case 'createTable':
      return { sign: '+', kind: 'table', object: op.table.name, detail: `${op.table.columns.length} columns` };
    case 'dropTable':
      return { sign: '-', kind: 'table', object: op.table.name };
    case 'renameTable':
      return { sign: '>', kind: 'table', object: `${op.from} → ${op.to}` };
    case 'addColumn':
      return {
        sign: '+',
        kind: 'column',
        object: `${op.table}.${op.column.name}`,
        detail: `${op.column.type}${op.column.nullable ? '' : ' not null'}`,
      };
    case 'dropColumn':
      return { sign: '-', kind: 'column', object: `${op.table}.${op.column.name}` };
    case 'renameColumn':
      return { sign: '>', kind: 'column', object: `${op.table}.${op.from} → ${op.to}` };
    case 'alterColumn':
      return {
        sign: '~',
        kind: 'column',
        object: `${op.table}.${op.to.name}`,
        detail: op.changes.map((c) => columnChange(c, op.from, op.to)).join(', '),
      };
    case 'addPrimaryKey':
      return { sign: '+', kind: 'primary key', object: `${op.table}(${op.primaryKey.columns.join(', ')})` };
    case 'dropPrimaryKey':
      return { sign: '-', kind: 'primary key', object: `${op.table}(${op.primaryKey.columns.join(', ')})` };
    case 'addUnique':
      return { sign: '+', kind: 'unique', object: `${op.table}.${op.unique.name}`, detail: op.unique.columns.join(', ') };
    case 'dropUnique':
      return { sign: '-', kind: 'unique', object: `${op.table}.${op.unique.name}` };
    case 'createIndex':
      return {
        sign: '+',
        kind: op.index.unique ? 'unique index' : 'index',
        object: `${op.table}.${op.index.name}`,
        detail: op.index.elements.map((e) => e.column ?? e.expression).join(', '),
      };
    case 'dropIndex':
      return { sign: '-', kind: 'index', object: `${op.table}.${op.index.name}` };
    case 'addForeignKey':
      return {
        sign: '+',
        kind: 'foreign key',
        object: `${op.table}.${op.foreignKey.name}`,
        detail: `→ ${op.foreignKey.referencedTable}(${op.foreignKey.referencedColumns.join(', ')})`,
      };
    case 'dropForeignKey':
      return { sign: '-', kind: 'foreign key', object: `${op.table}.${op.foreignKey.name}` };
    case 'addCheck':
      return { sign: '+', kind: 'check', object: `${op.table}.${op.check.name}`, detail: op.check.expression };
    case 'dropCheck':
      return { sign: '-', kind: 'check', object: `${op.table}.${op.check.name}` };
    case 'setTableComment':
      return { sign: '~', kind: 'table', object: op.table, detail: 'comment' };
    case 'setComment':
      return { sign: '~', kind: op.target.on, object: commentObject(op.target), detail: 'comment' };
    case 'alterTableOptions':
      return {
        sign: '~',
        kind: 'table',
        object: op.table,
        detail: op.from?.unlogged !== op.to?.unlogged ? (op.to?.unlogged ? 'unlogged' : 'logged') : 'options',
      };
    case 'createDomain':
      return { sign: '+', kind: 'domain', object: op.domain.name, detail: op.domain.type };
    case 'dropDomain':
      return { sign: '-', kind: 'domain', object: op.domain.name };
    case 'alterDomain':
      return { sign: '~', kind: 'domain', object: op.to.name };
    case 'createCompositeType':
      return { sign: '+', kind: 'type', object: op.type.name, detail: op.type.attributes.map((a) => a.name).join(', ') };
    case 'dropCompositeType':
      return { sign: '-', kind: 'type', object: op.type.name };
    case 'alterCompositeType':
      return { sign: '~', kind: 'type', object: op.to.name };
    case 'createSequence':
      return { sign: '+', kind: 'sequence', object: op.sequence.name };
    case 'dropSequence':
      return { sign: '-', kind: 'sequence', object: op.sequence.name };
    case 'alterSequence':
      return { sign: '~', kind: 'sequence', object: op.to.name };
    case 'setSequenceOwner':
      return {
        sign: '~',
        kind: 'sequence',
        object: op.sequence,
        detail: op.to ? `owned by ${op.to.table}.${op.to.column}` : 'owned by none',
      };
    case 'createSchema':
      return { sign: '+', kind: 'schema', object: op.namespace.name };
    case 'dropSchema':
      return { sign: '-', kind: 'schema', object: op.namespace.name };
    case 'createExtension':
      return {
        sign: '+',
        kind: 'extension',
        object: op.extension.name,
        detail: op.extension.schema ? `schema ${op.extension.schema}` : undefined,
      };
    case 'dropExtension':
      return { sign: '-', kind: 'extension', object: op.extension.name };
    case 'createEnum':
      return { sign: '+', kind: 'enum', object: op.enum.name, detail: op.enum.values.join(', ') };
    case 'dropEnum':
      return { sign: '-', kind: 'enum', object: op.enum.name };
    case 'addEnumValue':
      return { sign: '~', kind: 'enum', object: op.enum, detail: `+ '${op.value}'` };
    case 'recreateEnum':
      return { sign: '~', kind: 'enum', object: op.to.name, detail: op.to.values.join(', ') };
    case 'createView':
      return { sign: '+', kind: 'view', object: op.view.name };
    case 'dropView':
      return { sign: '-', kind: 'view', object: op.view.name };
    case 'alterViewOptions':
      return { sign: '~', kind: 'view', object: op.to.name, detail: 'options' };
    case 'setTriggers':
      return { sign: '~', kind: 'triggers', object: op.table, detail: op.to.map((t) => t.name).join(', ') || 'none' };
    case 'createDefinition':
      return { sign: '+', kind: op.definition.kind, object: definitionObject(op.definition) };
    case 'dropDefinition':
      return { sign: '-', kind: op.definition.kind, object: definitionObject(op.definition) };
    case 'replaceDefinition':
      return { sign: '~', kind: op.to.kind, object: definitionObject(op.to), detail: 'definition' };
    case 'createCollection':
      return { sign: '+', kind: 'collection', object: op.collection.name };
    case 'dropCollection':
      return { sign: '-', kind: 'collection', object: op.collection.name };
    case 'setValidator':
      return { sign: '~', kind: 'collection', object: op.collection, detail: 'validator' };
    case 'createCollectionIndex':
      return { sign: '+', kind: 'index', object: `${op.collection}.${op.index.name}` };
    case 'dropCollectionIndex':
      return { sign: '-', kind: 'index', object: `${op.collection}.${op.index.name}` };
    default:
      return unknownOperation(op);
  }
}

/** The identity key without its kind: `public.f(integer)`, `users.audit`. */
function definitionObject(d: Definition): string {
  return d.name.slice(d.name.indexOf(':') + 1);
}

function columnChange(
  change: string,
  from: { type: string; nullable: boolean; default?: string; explicitNotNull?: true },
  to: { type: string; nullable: boolean; default?: string; explicitNotNull?: true },
): string {
  switch (change) {
    case 'type':
      return `type ${from.type} → ${to.type}`;
    case 'nullable':
      // a SQLite rowid alias never holds NULL: only whether NOT NULL is written changes
      if (from.nullable === to.nullable) return to.explicitNotNull ? 'write not null' : 'leave not null implicit';
      return to.nullable ? 'drop not null' : 'set not null';
    case 'default':
      return `default ${from.default ?? 'none'} → ${to.default ?? 'none'}`;
    default:
      return change;
  }
}

/** `users.users_email_key` for what belongs to a table, `public.f(integer)` for a routine, else the name. */
function commentObject(t: CommentTarget): string {
  if (t.table !== undefined) return `${t.table}.${t.name}`;
  if (t.signature !== undefined) return `${t.name}(${t.signature})`;
  return t.name;
}
