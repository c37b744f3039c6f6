import type { EngineTraits } from '../engine-traits.js';
import type { Schema } from '../model/schema.js';

export type LintSeverity = 'error' | 'warning' | 'info';

/** One lint result, tied to the operation (and through `Statement.op`, to the SQL) it concerns. */
export interface LintFinding {
  /** Stable code (`L001`…); scripts and CI annotations match on it. */
  code: LintCode;
  severity: LintSeverity;
  /** One sentence saying what will happen and, where there is one, what to do instead. */
  message: string;
  /** Index into the operation list. */
  op: number;
  /** `table`, `table.column`, `table.index`, enum or view name. */
  object: string;
}

export interface LintContext {
  /** What the engine does with the operations (the Dialect's traits). */
  traits: EngineTraits;
  /** Schema the operations start from (the database as it is now), before any rename. */
  from: Schema;
  /** Schema the operations produce. */
  to: Schema;
  /** `down` for a migration's Down section: the data it drops was created by the Up, so drops are warnings (L011). */
  direction?: 'up' | 'down';
}

/** Every lint code with its short name, for docs, `--format json` and annotations. */
export const lintCodes = {
  L001: 'drop-table',
  L002: 'drop-column',
  L003: 'type-narrowing',
  L004: 'not-null-without-default',
  L005: 'unique-added',
  L006: 'table-rewrite',
  L007: 'non-transactional-ddl',
  L008: 'enum-value-removed',
  L009: 'possible-rename',
  L010: 'foreign-key-added',
  L011: 'down-drops-data',
  L012: 'check-added',
} as const;

export type LintCode = keyof typeof lintCodes;
