import { FlashError } from '../../errors.js';
import type { CommentTarget } from '../model/comments.js';
import type { Definition } from '../model/definitions.js';
import type {
  CheckConstraint,
  Collection,
  CollectionIndex,
  Column,
  CompositeType,
  Domain,
  EnumType,
  Extension,
  Namespace,
  ForeignKey,
  Index,
  PrimaryKey,
  Sequence,
  Table,
  Trigger,
  UniqueConstraint,
  View,
} from '../model/schema.js';

/**
 * A schema change as pure data. The diff produces an ordered list of these; a dialect's renderer turns
 * each into SQL (or, for SQLite, groups what ALTER cannot do into a table rebuild).
 * Operations carry full object definitions (not just names) so that rendering and linting need no
 * other context, and so that the reverse operation can be derived.
 */
export type Operation =
  | { kind: 'createTable'; table: Table }
  | { kind: 'dropTable'; table: Table }
  | { kind: 'renameTable'; from: string; to: string }
  /** `position` is set only when the column does not go at the end (MySQL `FIRST`/`AFTER`; SQLite rebuild). */
  | { kind: 'addColumn'; table: string; column: Column; position?: ColumnPosition }
  | { kind: 'dropColumn'; table: string; column: Column }
  | { kind: 'renameColumn'; table: string; from: string; to: string }
  /** `position` is set exactly when `changes` includes 'position' (the column moves; MySQL `MODIFY … AFTER`). */
  | { kind: 'alterColumn'; table: string; from: Column; to: Column; changes: ColumnChange[]; position?: ColumnPosition }
  | { kind: 'addPrimaryKey'; table: string; primaryKey: PrimaryKey }
  | { kind: 'dropPrimaryKey'; table: string; primaryKey: PrimaryKey }
  | { kind: 'addUnique'; table: string; unique: UniqueConstraint }
  | { kind: 'dropUnique'; table: string; unique: UniqueConstraint }
  | { kind: 'createIndex'; table: string; index: Index }
  | { kind: 'dropIndex'; table: string; index: Index }
  | { kind: 'addForeignKey'; table: string; foreignKey: ForeignKey }
  | { kind: 'dropForeignKey'; table: string; foreignKey: ForeignKey }
  | { kind: 'addCheck'; table: string; check: CheckConstraint }
  | { kind: 'dropCheck'; table: string; check: CheckConstraint }
  | { kind: 'setTableComment'; table: string; from?: string; to?: string }
  | { kind: 'alterTableOptions'; table: string; from: Table['options']; to: Table['options'] }
  /** PostgreSQL schemas other than `public`: created first of all, dropped last of all (never with CASCADE). */
  | { kind: 'createSchema'; namespace: Namespace }
  | { kind: 'dropSchema'; namespace: Namespace }
  | { kind: 'createExtension'; extension: Extension }
  | { kind: 'dropExtension'; extension: Extension }
  /** PostgreSQL domains and composite types; an alter carries both definitions, the renderer derives the ALTER statements. */
  | { kind: 'createDomain'; domain: Domain }
  | { kind: 'dropDomain'; domain: Domain }
  | { kind: 'alterDomain'; from: Domain; to: Domain }
  | { kind: 'createCompositeType'; type: CompositeType }
  | { kind: 'dropCompositeType'; type: CompositeType }
  | { kind: 'alterCompositeType'; from: CompositeType; to: CompositeType }
  /** PostgreSQL standalone sequences; ownership (`OWNED BY`) is its own operation, set after the table exists and released before it is dropped. */
  | { kind: 'createSequence'; sequence: Sequence }
  | { kind: 'dropSequence'; sequence: Sequence }
  | { kind: 'alterSequence'; from: Sequence; to: Sequence }
  | { kind: 'setSequenceOwner'; sequence: string; from?: Sequence['ownedBy']; to?: Sequence['ownedBy'] }
  | { kind: 'createEnum'; enum: EnumType }
  | { kind: 'dropEnum'; enum: EnumType }
  | { kind: 'addEnumValue'; enum: string; value: string; before?: string; after?: string }
  /** Enum changes that are not pure additions (removal, reorder): the dialect recreates the type. */
  | { kind: 'recreateEnum'; from: EnumType; to: EnumType; usages: Array<{ table: string; column: string }> }
  | { kind: 'createView'; view: View }
  | { kind: 'dropView'; view: View }
  /** PostgreSQL view options (security_invoker, security_barrier, check_option) or a materialized view's storage parameters changed in place; the query is the same. */
  | { kind: 'alterViewOptions'; from: View; to: View }
  /** The table's triggers differ (SQLite introspects triggers; a rebuild recreates them). Full lists, in name order. */
  | { kind: 'setTriggers'; table: string; from: Trigger[]; to: Trigger[] }
  /** Definition-compared objects (definitions.ts): created, dropped, or replaced in place (`CREATE OR REPLACE` of a routine whose header is unchanged). */
  | { kind: 'createDefinition'; definition: Definition }
  | { kind: 'dropDefinition'; definition: Definition }
  | { kind: 'replaceDefinition'; from: Definition; to: Definition }
  /** PostgreSQL `COMMENT ON` an object other than a table or column (core/model/comments.ts), set in place; `to` absent removes it. */
  | { kind: 'setComment'; target: CommentTarget; from?: string; to?: string }
  /** MongoDB: collections, their validators and indexes (rendered as database commands, not SQL). */
  | { kind: 'createCollection'; collection: Collection }
  | { kind: 'dropCollection'; collection: Collection }
  | { kind: 'setValidator'; collection: string; from: CollectionValidation; to: CollectionValidation }
  | { kind: 'createCollectionIndex'; collection: string; index: CollectionIndex }
  | { kind: 'dropCollectionIndex'; collection: string; index: CollectionIndex };

/** The validation part of a collection (validator document, level, action). */
export type CollectionValidation = Pick<Collection, 'validator' | 'validationLevel' | 'validationAction'>;

export type ColumnChange = 'type' | 'nullable' | 'default' | 'identity' | 'generated' | 'collation' | 'comment' | 'onUpdate' | 'position';

/** Where a column goes inside its table: first, or right after the named column. */
export type ColumnPosition = 'first' | { after: string };

export type OperationKind = Operation['kind'];

/** Statement rendered by a dialect, tied back to the operation it came from (for lint and reporting). */
export interface Statement {
  sql: string;
  /** index into the operation list this statement implements */
  op: number;
  /** false for statements that cannot run inside a transaction (PG `ALTER TYPE … ADD VALUE` on old servers, `CREATE INDEX CONCURRENTLY`) */
  transactional?: boolean;
}

/**
 * The `default` of a `switch` over operation kinds: `op` is `never` there, so a new kind does not
 * typecheck until every such switch handles it. At run time only an operation from a newer Flash gets here.
 */
export function unknownOperation(op: never): never {
  throw new FlashError(
    'E_INTERNAL',
    `Unknown operation kind ${(op as { kind: string }).kind}.`,
    'This is a bug in Flash; please report it.',
  );
}
