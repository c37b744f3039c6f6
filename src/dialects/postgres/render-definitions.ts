import type { Definition } from '../../core/model/definitions.js';
import { isCollation, isRoutine } from '../../core/model/definitions.js';
import type { Schema } from '../../core/model/schema.js';
import { quoteIdent } from './quote.js';
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
    return [`ALTER TABLE public.${quoteIdent(d.table ?? '')} ADD CONSTRAINT ${quoteIdent(d.object)} ${d.definition}`];
  return [d.definition];
}

export function dropDefinitionSql(d: Definition): string[] {
  const table = `public.${quoteIdent(d.table ?? '')}`;
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
    case 'collation':
      return [`DROP COLLATION ${quoteIdent(d.schema ?? 'public')}.${quoteIdent(d.object)}`];
    case 'event':
      return [];
    case 'privilege':
      return d.privilege ? [privilegeSql(d, d.privilege, true)] : [];
  }
}

/** `CREATE OR REPLACE` in place: the diff only asks for it when the header is unchanged. */
export function replaceDefinitionSql(to: Definition): string[] {
  return [to.definition];
}

/**
 * A schema's definitions for a script that builds it from nothing: routines that use no table or view
 * go before the tables (a default or CHECK may call them), the rest after the views (a SQL body is
 * checked against the relations it reads when it is created); triggers, policies, row security and
 * EXCLUDE constraints last. Collations go first of all (a column, a domain or a routine may use them).
 */
export function schemaDefinitionParts(schema: Schema): { collations: string[]; beforeTables: string[]; afterViews: string[] } {
  const relations = new Set([...schema.tables, ...schema.views].map((r) => r.name.toLowerCase()));
  const collations: string[] = [];
  const beforeTables: string[] = [];
  const lateRoutines: string[] = [];
  const attached: string[] = [];
  for (const d of schema.definitions ?? []) {
    if (!isRoutine(d)) attached.push(...createDefinitionSql(d));
    else if (isCollation(d)) collations.push(...createDefinitionSql(d));
    else if (mentionsAny(d.definition, relations)) lateRoutines.push(...createDefinitionSql(d));
    else beforeTables.push(...createDefinitionSql(d));
  }
  return { collations, beforeTables, afterViews: [...lateRoutines, ...attached] };
}

function mentionsAny(text: string, names: ReadonlySet<string>): boolean {
  return text
    .toLowerCase()
    .split(/[^a-z0-9_$]+/)
    .some((t) => names.has(t));
}
