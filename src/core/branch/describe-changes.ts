import type { Operation } from '../diff/operations.js';
import { describeDefinition } from '../model/definitions.js';

/** One short human line per operation, for "what did the switch change" output. */
export function describeOperation(op: Operation): string {
  switch (op.kind) {
    case 'createTable':
      return `+ table ${op.table.name}`;
    case 'dropTable':
      return `- table ${op.table.name}`;
    case 'renameTable':
      return `~ table ${op.from} → ${op.to}`;
    case 'addColumn':
      return `+ column ${op.table}.${op.column.name} ${op.column.type}`;
    case 'dropColumn':
      return `- column ${op.table}.${op.column.name}`;
    case 'renameColumn':
      return `~ column ${op.table}.${op.from} → ${op.to}`;
    case 'alterColumn':
      return `~ column ${op.table}.${op.to.name} (${op.changes.join(', ')})`;
    case 'addPrimaryKey':
    case 'dropPrimaryKey':
      return `${op.kind === 'addPrimaryKey' ? '+' : '-'} primary key on ${op.table}`;
    case 'addUnique':
    case 'dropUnique':
      return `${op.kind === 'addUnique' ? '+' : '-'} unique ${op.unique.name} on ${op.table}`;
    case 'createIndex':
    case 'dropIndex':
      return `${op.kind === 'createIndex' ? '+' : '-'} index ${op.index.name} on ${op.table}`;
    case 'addForeignKey':
    case 'dropForeignKey':
      return `${op.kind === 'addForeignKey' ? '+' : '-'} foreign key ${op.foreignKey.name} on ${op.table}`;
    case 'addCheck':
    case 'dropCheck':
      return `${op.kind === 'addCheck' ? '+' : '-'} check ${op.check.name} on ${op.table}`;
    case 'setTableComment':
      return `~ comment on ${op.table}`;
    case 'alterTableOptions':
      return `~ options of ${op.table}`;
    case 'createDomain':
      return `+ domain ${op.domain.name}`;
    case 'dropDomain':
      return `- domain ${op.domain.name}`;
    case 'alterDomain':
      return `~ domain ${op.to.name}`;
    case 'createCompositeType':
      return `+ type ${op.type.name}`;
    case 'dropCompositeType':
      return `- type ${op.type.name}`;
    case 'alterCompositeType':
      return `~ type ${op.to.name}`;
    case 'createSequence':
      return `+ sequence ${op.sequence.name}`;
    case 'dropSequence':
      return `- sequence ${op.sequence.name}`;
    case 'alterSequence':
    case 'setSequenceOwner':
      return `~ sequence ${op.kind === 'alterSequence' ? op.to.name : op.sequence}`;
    case 'createExtension':
      return `+ extension ${op.extension.name}`;
    case 'dropExtension':
      return `- extension ${op.extension.name}`;
    case 'createEnum':
      return `+ enum ${op.enum.name}`;
    case 'dropEnum':
      return `- enum ${op.enum.name}`;
    case 'addEnumValue':
      return `+ enum value ${op.enum}.${op.value}`;
    case 'recreateEnum':
      return `~ enum ${op.to.name}`;
    case 'createView':
      return `+ view ${op.view.name}`;
    case 'dropView':
      return `- view ${op.view.name}`;
    case 'createDefinition':
      return `+ ${describeDefinition(op.definition)}`;
    case 'dropDefinition':
      return `- ${describeDefinition(op.definition)}`;
    case 'replaceDefinition':
      return `~ ${describeDefinition(op.to)}`;
    default:
      return `~ ${op.kind}`;
  }
}

/** What a data-losing operation destroys, as a phrase ("drops column users.bio"). */
export function describeLoss(op: Operation): string {
  switch (op.kind) {
    case 'dropTable':
      return `drops table ${op.table.name}`;
    case 'dropColumn':
      return `drops column ${op.table}.${op.column.name}`;
    case 'alterColumn':
      return `changes ${op.table}.${op.to.name} from ${op.from.type} to ${op.to.type}`;
    case 'recreateEnum':
      return `removes values from enum ${op.to.name}`;
    default:
      return describeOperation(op);
  }
}
