import {
  commentedObjects,
  constraintKey,
  definitionCommentKey,
  domainKey,
  extensionKey,
  hasObjectComments,
  indexKey,
  namespaceKey,
  sequenceKey,
  tableConstraintTargets,
  typeKey,
  viewKey,
} from '../model/comments.js';
import { localName, type Schema } from '../model/schema.js';
import type { Operation } from './operations.js';

/**
 * `setComment` operations (see core/model/comments.ts) turning the comments of `from` into those of
 * `to`, once `ops` (the diff of both without their comments) ran: a comment changed on a kept object
 * is set (or removed) in place; an object `ops` creates, or drops and creates again, gets its comment
 * again. `from` is the schema after renames. Empty when neither side has such a comment.
 */
export function diffComments(from: Schema, to: Schema, ops: readonly Operation[]): Operation[] {
  if (!hasObjectComments(from) && !hasObjectComments(to)) return [];
  const created = createdKeys(ops);
  const before = new Map(commentedObjects(from).map((o) => [o.target.key, o.comment]));
  const out: Operation[] = [];
  for (const { target, comment } of commentedObjects(to)) {
    const isNew = created.has(target.key) || !before.has(target.key);
    if (isNew) {
      if (comment !== undefined) out.push({ kind: 'setComment', target, to: comment });
      continue;
    }
    const old = before.get(target.key);
    if (old !== comment)
      out.push({
        kind: 'setComment',
        target,
        ...(old !== undefined ? { from: old } : {}),
        ...(comment !== undefined ? { to: comment } : {}),
      });
  }
  return out;
}

/** Keys of the commentable objects the operations create (a new object has no comment yet). */
function createdKeys(ops: readonly Operation[]): Set<string> {
  const keys = new Set<string>();
  for (const op of ops) {
    switch (op.kind) {
      case 'createTable':
        for (const o of tableConstraintTargets(op.table)) keys.add(o.target.key);
        for (const i of op.table.indexes) keys.add(indexKey(op.table.name, i.name));
        break;
      case 'addPrimaryKey':
        keys.add(constraintKey(op.table, op.primaryKey.name ?? `${localName(op.table)}_pkey`));
        break;
      case 'addUnique':
        keys.add(constraintKey(op.table, op.unique.name));
        break;
      case 'addForeignKey':
        keys.add(constraintKey(op.table, op.foreignKey.name));
        break;
      case 'addCheck':
        keys.add(constraintKey(op.table, op.check.name));
        break;
      case 'createIndex':
        keys.add(indexKey(op.table, op.index.name));
        break;
      case 'createSchema':
        keys.add(namespaceKey(op.namespace.name));
        break;
      case 'createView':
        keys.add(viewKey(op.view.name));
        for (const i of op.view.indexes ?? []) keys.add(indexKey(op.view.name, i.name));
        break;
      case 'createEnum':
        keys.add(typeKey(op.enum.name));
        break;
      case 'recreateEnum':
        keys.add(typeKey(op.to.name));
        break;
      case 'createCompositeType':
        keys.add(typeKey(op.type.name));
        break;
      case 'createDomain':
        keys.add(domainKey(op.domain.name));
        break;
      case 'createSequence':
        keys.add(sequenceKey(op.sequence.name));
        break;
      case 'createExtension':
        keys.add(extensionKey(op.extension.name));
        break;
      case 'createDefinition':
        keys.add(definitionCommentKey(op.definition));
        break;
      default:
        break;
    }
  }
  return keys;
}
