import type { Privilege } from './privileges.js';

/**
 * Objects Flash compares by the definition the server itself returns, taken whole: routines
 * (PostgreSQL `pg_get_functiondef`, MySQL `SHOW CREATE …` without its DEFINER), triggers
 * (`pg_get_triggerdef`), policies (rebuilt from `pg_policies`), row-level security switches and
 * MySQL events, PostgreSQL collations (`CREATE COLLATION`, rebuilt from `pg_collation`), aggregates
 * (`CREATE AGGREGATE`, rebuilt from `pg_aggregate`: `pg_get_functiondef` refuses aggregates) and EXCLUDE
 * constraints (`pg_get_constraintdef`). Fine-grained attributes would buy nothing here: the engines
 * cannot ALTER these objects piecewise anyway, so a change is `CREATE OR REPLACE` where the engine
 * allows it and drop + create otherwise (the way migra handles functions, triggers and policies).
 *
 * One shape for every engine and kind: identity (kind, schema, object name, signature, owning table)
 * plus the normalized definition text.
 *
 * A PostgreSQL `COMMENT ON` such an object is a field of its own (`comment`), not part of the
 * definition text: the server keeps a comment across `CREATE OR REPLACE` and sets it in place
 * (`COMMENT ON FUNCTION … IS …`), so a comment change must never recreate a trigger or a policy;
 * the diff emits it as a `setComment` operation (core/model/comments.ts).
 */

export type DefinitionKind =
  'function' | 'procedure' | 'aggregate' | 'trigger' | 'policy' | 'row security' | 'event' | 'collation' | 'exclusion' | 'privilege';

export interface Definition {
  /**
   * The identity key, unique in a schema and stable across servers: `function:public.f(integer)`,
   * `procedure:public.p(integer)`, `aggregate:public.agg(integer)`, `trigger:users.audit`, `policy:users.owner_only`, `rls:users`,
   * `event:nightly`, `collation:public.case_insensitive`, `exclusion:bookings.no_overlap`. Collections sort and merge by it (it is the merge path, `flash resolve <name>`).
   */
  name: string;
  kind: DefinitionKind;
  /** The object's own name (a trigger's, a function's), unquoted. */
  object: string;
  /** The schema a routine lives in (PostgreSQL); omitted on engines where a schema is the database. */
  schema?: string;
  /**
   * A routine's argument types as the server spells them (`integer, text`): part of its identity. An
   * aggregate without arguments has `*`, an ordered-set one `ORDER BY` between its direct and
   * aggregated arguments (`double precision ORDER BY integer`), as `DROP AGGREGATE` takes them.
   */
  signature?: string;
  /** The table (or view) a trigger, policy or row-level security setting belongs to. */
  table?: string;
  /**
   * The statement(s) creating it, as the server returns them, trimmed (several statements are
   * separated by `;\n`); for an EXCLUDE constraint the constraint clause alone (`EXCLUDE USING gist (…)`).
   */
  definition: string;
  /** A `privilege` (PostgreSQL GRANT/REVOKE, ALTER DEFAULT PRIVILEGES) in parts; see privileges.ts. */
  privilege?: Privilege;
  /** PostgreSQL `COMMENT ON …` of a routine, trigger, policy, collation or EXCLUDE constraint; omitted when none. */
  comment?: string;
}

/** Kinds that live in a schema on their own (collations and aggregates too); the others belong to a table. */
export function isRoutine(d: Definition): boolean {
  return d.kind === 'function' || d.kind === 'procedure' || d.kind === 'aggregate' || d.kind === 'event' || d.kind === 'collation';
}

/**
 * Aggregates are routines built on other routines (their SFUNC, FINALFUNC, …): created after those
 * functions and before the views and routines that use them, dropped in reverse (diff-definitions.ts
 * orderRoutines).
 */
export function isAggregate(d: Definition): boolean {
  return d.kind === 'aggregate';
}

/**
 * Schema-level objects that tables (column `COLLATE`) may use and that use nothing themselves: created
 * before every table and dropped after every table change, whatever their text mentions.
 */
export function isCollation(d: Definition): boolean {
  return d.kind === 'collation';
}

/** `function:public.f(integer)`; without a signature (MySQL has no overloading) `function:f`. */
export function routineKey(
  kind: 'function' | 'procedure' | 'aggregate',
  schema: string | undefined,
  object: string,
  signature?: string,
): string {
  return `${kind}:${schema !== undefined ? `${schema}.` : ''}${object}${signature !== undefined ? `(${signature})` : ''}`;
}

export function tableObjectKey(kind: 'trigger' | 'policy' | 'exclusion', table: string, object: string): string {
  return `${kind}:${table}.${object}`;
}

export function rowSecurityKey(table: string): string {
  return `rls:${table}`;
}

export function collationKey(schema: string, object: string): string {
  return `collation:${schema}.${object}`;
}

export function eventKey(object: string): string {
  return `event:${object}`;
}

/** A short human label: `function public.f(integer)`, `trigger audit on users`. */
export function describeDefinition(d: Definition): string {
  switch (d.kind) {
    case 'function':
    case 'procedure':
    case 'aggregate':
      return `${d.kind} ${d.schema !== undefined ? `${d.schema}.` : ''}${d.object}${d.signature !== undefined ? `(${d.signature})` : ''}`;
    case 'trigger':
    case 'policy':
      return `${d.kind} ${d.object} on ${d.table ?? ''}`;
    case 'row security':
      return `row-level security on ${d.table ?? ''}`;
    case 'event':
      return `event ${d.object}`;
    case 'collation':
      return `collation ${d.schema !== undefined && d.schema !== 'public' ? `${d.schema}.` : ''}${d.object}`;
    case 'exclusion':
      return `exclusion constraint ${d.object} on ${d.table ?? ''}`;
    case 'privilege':
      return d.name.slice('privilege:'.length);
  }
}
