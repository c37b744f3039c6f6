import type { EngineTraits } from '../engine-traits.js';
import type { Schema } from '../model/schema.js';

/** Which branch a value or a change comes from. `ours` is HEAD, `theirs` the branch being merged in. */
export type Side = 'ours' | 'theirs';

/** How a conflict is settled: keep one side, or (where offered) combine both. */
export type Resolution = 'ours' | 'theirs' | 'both';

/**
 * Stable conflict and warning codes; scripts, `.flash/MERGE_CONFLICTS.json` and the TUI match on them.
 *
 * - C001 both-added-different: the same path (table, column, index, constraint, enum, view, function…) added
 *   on both sides with different definitions. Tables also offer `both` (merge the two new tables).
 * - C002 both-modified-different: the same object changed differently (two bodies of one function). Columns and tables merge
 *   attribute by attribute, so only an attribute both changed differently conflicts (`attributes`).
 * - C003 modify-delete: one side drops (or renames: a snapshot shows drop + add) what the other changes.
 * - C004 dependency-on-dropped: one side adds or changes something (FK, index, unique, PK, check,
 *   view, generated or enum-typed column) that needs an object the other side drops or renames —
 *   including the PK/unique a foreign key references. `ours`/`theirs` picks whose intent wins: keep
 *   the dropped object, or drop the new dependent. Path `table#key:cols` when base had two keys on
 *   the same columns and each side dropped a different one.
 * - C005 name-collision: one new object on each side share a name in an engine namespace.
 * - C006 enum-values-non-commuting: additions in the same gap, reordering, removing a value next to
 *   the other side's addition, or using a value the other side removes. `both` keeps all additions.
 * - C007 history-non-commuting: the schemas merge but the migrations do not replay to the merged schema
 *   from both heads and from empty (src/api/merge.ts).
 * - C008 column-non-commuting: one side changed a column's type, the other its default, nullability or
 *   collation, and the combined column cannot be reached from both heads (column-combinations.ts).
 *   `ours`/`theirs` keeps that side's whole column; `both` keeps the combination (verified on resolve).
 * - C010 privilege-revoke-vs-grant: on one object and grantee (PostgreSQL privileges), one side revokes a
 *   privilege the other keeps while the other grants one (`privileges:<object> <grantee>`); `ours`/`theirs`
 *   keeps that side's privileges of the pair. Different privileges granted on both sides merge cleanly.
 * - W001 constraint-vs-data (warning): NOT NULL / UNIQUE / CHECK added on a column whose data the
 *   other side's migration changes (type, default, generation, …).
 * - W002 duplicate-definition (warning): both sides add the same unique constraint or index under
 *   different names; both are kept.
 *
 * Not a conflict: both sides adding columns to one table. Merged order = ours' columns, then the
 * columns only theirs has (see merge-columns.ts).
 */
export const ConflictCode = {
  bothAddedDifferent: 'C001',
  bothModifiedDifferent: 'C002',
  modifyDelete: 'C003',
  dependencyOnDropped: 'C004',
  nameCollision: 'C005',
  enumValuesNonCommuting: 'C006',
  historyNonCommuting: 'C007',
  columnNonCommuting: 'C008',
  historyPartialOverlap: 'C009',
  privilegeRevokeVsGrant: 'C010',
  constraintVsData: 'W001',
  duplicateDefinition: 'W002',
} as const;
export type ConflictCode = (typeof ConflictCode)[keyof typeof ConflictCode];

export const conflictKinds: Record<ConflictCode, string> = {
  C001: 'both-added-different',
  C002: 'both-modified-different',
  C003: 'modify-delete',
  C004: 'dependency-on-dropped',
  C005: 'name-collision',
  C006: 'enum-values-non-commuting',
  C007: 'history-non-commuting',
  C008: 'column-non-commuting',
  C009: 'history-partial-overlap',
  C010: 'privilege-revoke-vs-grant',
  W001: 'constraint-vs-data',
  W002: 'duplicate-definition',
};

export type ObjectKind =
  | 'table'
  | 'column'
  | 'primaryKey'
  | 'unique'
  | 'index'
  | 'foreignKey'
  | 'check'
  | 'enum'
  | 'view'
  | 'collection'
  | 'extension'
  /** A PostgreSQL schema other than public (`CREATE SCHEMA`). */
  | 'namespace'
  /** A function, procedure, trigger, policy, row-security setting or event (core/model/definitions.ts), merged whole. */
  | 'definition'
  | 'domain'
  | 'compositeType'
  | 'sequence'
  /** The comment on schema public (`Schema.publicComment`). */
  | 'schemaComment'
  | 'name';

/**
 * One conflict (or warning). Plain JSON: `base`/`ours`/`theirs` hold the object as each side has it,
 * `null` when it does not exist on that side (C004/C005 hold a one-line description of what the side did).
 * `path` is what `flash resolve <path> --ours|--theirs` names.
 */
export interface MergeConflict {
  code: ConflictCode;
  kind: string;
  path: string;
  message: string;
  objectKind?: ObjectKind;
  base?: unknown;
  ours?: unknown;
  theirs?: unknown;
  /** C002 on a column or table: the attributes both sides changed differently. */
  attributes?: string[];
  /** C004/C006 (value in use): paths of the dropped objects the dependent needs; C005: the two colliding objects. */
  related?: string[];
  /** Empty for warnings. */
  resolutions: Resolution[];
}

export type MergeResult =
  | { ok: true; merged: Schema; warnings: MergeConflict[] }
  | {
      ok: false;
      conflicts: MergeConflict[];
      warnings: MergeConflict[];
      /** The merge with every unresolved single-object conflict taking ours' side; C004/C005 objects are left as merged. */
      partial: Schema;
    };

/** What the merge needs to know about the engine: which names share a namespace (C005). */
export type MergeTraits = Pick<EngineTraits, 'names'>;

export interface MergeOptions {
  /** The engine's rules the merge obeys (the Dialect's traits). */
  traits: MergeTraits;
  /** Conflict path → chosen side. Conflicts whose path is listed are settled instead of reported. */
  resolutions?: Record<string, Resolution>;
}

/** One human line for a conflict or warning, e.g. for the CLI and the TUI list. */
export function describeConflict(c: MergeConflict): string {
  const how = c.resolutions.length > 0 ? ` [resolve: ${c.resolutions.map((r) => `--${r}`).join(' | ')}]` : '';
  return `${c.code} ${c.kind} at ${c.path}: ${c.message}${how}`;
}
