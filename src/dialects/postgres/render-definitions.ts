import type { Definition } from '../../core/model/definitions.js';
import { isAggregate, isCollation, isRoutine } from '../../core/model/definitions.js';
import { localName, type Schema } from '../../core/model/schema.js';
import { orderRoutines } from '../../core/diff/diff-definitions.js';
import { quoteIdent, quoteQualified } from './quote.js';
import { privilegeSql } from './render-privileges.js';

/**
 * SQL for definition-compared objects (core/model/definitions.ts). The definition is what the server
 * returned, so creating is running it; dropping needs the identity only.
 */
export function createDefinitionSql(d: Definition): string[] {
  // Row security is one or two ALTER TABLE statements kept as one object.
  if (d.kind === 'row security') return d.definition.split(';\n');
  // An EXCLUDE constraint keeps the clause pg_get_constraintdef returns.
  if (d.kind === 'exclusion')
    return [`ALTER TABLE ${quoteQualified(d.table ?? '')} ADD CONSTRAINT ${quoteIdent(d.object)} ${d.definition}`];
  return [d.definition];
}

export function dropDefinitionSql(d: Definition): string[] {
  const table = quoteQualified(d.table ?? '');
  switch (d.kind) {
    case 'function':
    case 'procedure':
      return [`DROP ${d.kind.toUpperCase()} ${quoteIdent(d.schema ?? 'public')}.${quoteIdent(d.object)}(${d.signature ?? ''})`];
    case 'trigger':
      return [`DROP TRIGGER ${quoteIdent(d.object)} ON ${table}`];
    case 'policy':
      return [`DROP POLICY ${quoteIdent(d.object)} ON ${table}`];
    case 'row security':
      return [`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`, `ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`];
    case 'exclusion':
      return [`ALTER TABLE ${table} DROP CONSTRAINT ${quoteIdent(d.object)}`];
    case 'aggregate':
      return [`DROP AGGREGATE ${quoteIdent(d.schema ?? 'public')}.${quoteIdent(d.object)}(${d.signature ?? '*'})`];
    case 'collation':
      return [`DROP COLLATION ${quoteIdent(d.schema ?? 'public')}.${quoteIdent(d.object)}`];
    case 'event':
      return [];
    case 'privilege':
      return d.privilege ? [privilegeSql(d, d.privilege, true)] : [];
  }
}

/**
 * `CREATE OR REPLACE` in place: the diff only asks for it when the header is unchanged. A function's
 * definition (pg_get_functiondef) already says `CREATE OR REPLACE`; an aggregate's is rebuilt as
 * `CREATE AGGREGATE` (what a schema file would say) and replaced with `CREATE OR REPLACE AGGREGATE`
 * (PostgreSQL 12+) rather than dropped and created: the aggregate keeps its identity, so the views
 * and routines that use it stay (a DROP would fail on them).
 */
export function replaceDefinitionSql(to: Definition): string[] {
  if (isAggregate(to)) return [to.definition.replace(/^CREATE AGGREGATE /, 'CREATE OR REPLACE AGGREGATE ')];
  return [to.definition];
}

/**
 * A schema's definitions for a script that builds it from nothing: routines that use no table or view
 * go before the tables (a default or CHECK may call them), the rest after the views (a SQL body is
 * checked against the relations it reads when it is created); triggers, policies, row security and
 * EXCLUDE constraints last. Collations go first of all (a column, a domain or a routine may use them).
 * An aggregate goes after the functions it is built on (and after the views with them when one of
 * those reads a relation), before the routines that use it (orderRoutines).
 */
export function schemaDefinitionParts(schema: Schema): { collations: string[]; beforeTables: string[]; afterViews: string[] } {
  // a relation in another schema (`billing.invoices`) is mentioned by its own name (a token never holds a dot)
  const relations = new Set([...schema.tables, ...schema.views].map((r) => localName(r.name).toLowerCase()));
  const collations: string[] = [];
  const routines: Definition[] = [];
  const attached: string[] = [];
  for (const d of schema.definitions ?? []) {
    if (!isRoutine(d)) attached.push(...createDefinitionSql(d));
    else if (isCollation(d)) collations.push(...createDefinitionSql(d));
    else routines.push(d);
  }
  const late = new Set(routines.filter((d) => !isAggregate(d) && mentionsAny(d.definition, relations)));
  const lateNames = new Set([...late].map((d) => d.object.toLowerCase()));
  for (const d of routines) if (isAggregate(d) && mentionsAny(d.definition, new Set([...relations, ...lateNames]))) late.add(d);
  const beforeTables: string[] = [];
  const lateRoutines: string[] = [];
  for (const d of orderRoutines(routines)) (late.has(d) ? lateRoutines : beforeTables).push(...createDefinitionSql(d));
  return { collations, beforeTables, afterViews: [...lateRoutines, ...attached] };
}

function mentionsAny(text: string, names: ReadonlySet<string>): boolean {
  return text
    .toLowerCase()
    .split(/[^a-z0-9_$]+/)
    .some((t) => names.has(t));
}
