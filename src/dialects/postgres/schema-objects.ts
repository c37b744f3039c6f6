import type { SchemaObjectRef, StatementObjects } from '../dialect.js';
import { codeSpans } from './split-statements.js';

/**
 * What a `db/schema` statement does to named objects, read from its text, for the incremental
 * shadow (src/api/project/incremental-shadow.ts): the one object it creates, or the objects it
 * alters or comments on ("attaches to"). Undefined for anything else (functions, triggers, DO blocks,
 * SET, renames, CREATE TABLE … LIKE/AS, unnamed indexes…): a schema holding such a statement is
 * always rebuilt in full, because its effect cannot be undone or replayed one object at a time.
 */
export function statementObjects(sql: string): StatementObjects | undefined {
  const text = sql.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '').replace(/;\s*$/, '');
  const code = codeOf(text).toLowerCase();
  if (/\b(?:rename|set\s+schema|owner\s+to|attach\s+partition|detach\s+partition)\b/.test(code)) return undefined;
  let m: RegExpExecArray | null;
  if (/^create\s+(?:(?:global|local)\s+)?(?:temp|temporary)\b/i.test(text)) return undefined;
  if ((m = re(`^create\\s+(?:unlogged\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?(${Q})\\s*\\(`).exec(text))) {
    // LIKE copies another table's columns once, AS its query's: no dependency records either.
    if (/[(,]\s*like\s/.test(code) || /\)\s*as\s+(?:select|with|values|table|execute)\b/.test(code)) return undefined;
    return creates('TABLE', m[1]);
  }
  if ((m = re(`^create\\s+(?:unique\\s+)?index\\s+(?:if\\s+not\\s+exists\\s+)?(${I})\\s+on\\s+(?:only\\s+)?(${Q})`).exec(text))) {
    if (/^(?:on|concurrently)$/i.test(m[1])) return undefined;
    // An index lives in its table's schema; its own name cannot be qualified.
    const table = name(m[2]);
    return { creates: [{ ns: 'rel', kind: 'INDEX', schema: table.schema, name: ident(m[1]) }], attaches: [] };
  }
  if ((m = re(`^create\\s+(?:or\\s+replace\\s+)?(?:recursive\\s+)?view\\s+(${Q})`).exec(text))) return creates('VIEW', m[1]);
  if ((m = re(`^create\\s+materialized\\s+view\\s+(?:if\\s+not\\s+exists\\s+)?(${Q})`).exec(text)))
    return creates('MATERIALIZED VIEW', m[1]);
  if ((m = re(`^create\\s+sequence\\s+(?:if\\s+not\\s+exists\\s+)?(${Q})`).exec(text))) return creates('SEQUENCE', m[1]);
  if ((m = re(`^create\\s+type\\s+(${Q})`).exec(text))) return creates('TYPE', m[1]);
  if ((m = re(`^create\\s+domain\\s+(${Q})`).exec(text))) return creates('DOMAIN', m[1]);
  if ((m = re(`^alter\\s+(?:table|sequence|view|materialized\\s+view|index)\\s+(?:if\\s+exists\\s+)?(?:only\\s+)?(${Q})`).exec(text)))
    return attaches('rel', m[1]);
  if ((m = re(`^alter\\s+(?:type|domain)\\s+(${Q})`).exec(text))) return attaches('type', m[1]);
  if ((m = re(`^comment\\s+on\\s+(table|view|materialized\\s+view|index|sequence|foreign\\s+table)\\s+(${Q})\\s+is\\b`).exec(text)))
    return attaches('rel', m[2]);
  if ((m = re(`^comment\\s+on\\s+(?:type|domain)\\s+(${Q})\\s+is\\b`).exec(text))) return attaches('type', m[1]);
  if ((m = re(`^comment\\s+on\\s+column\\s+(${I}(?:\\s*\\.\\s*${I}){1,2})\\s+is\\b`).exec(text))) {
    const parts = splitQualified(m[1]);
    parts.pop();
    return attaches('rel', parts.join('.'));
  }
  if ((m = re(`^comment\\s+on\\s+constraint\\s+${I}\\s+on\\s+(domain\\s+)?(${Q})\\s+is\\b`).exec(text)))
    return attaches(m[1] ? 'type' : 'rel', m[2]);
  return undefined;
}

/** The key of an object: relations (tables, views, indexes, sequences) and types are separate namespaces. */
export function objectKey(o: Pick<SchemaObjectRef, 'ns' | 'schema' | 'name'>): string {
  return `${o.ns}:${o.schema}.${o.name}`;
}

const I = '(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)';
const Q = `${I}(?:\\s*\\.\\s*${I})?`;

function re(source: string): RegExp {
  return new RegExp(source, 'i');
}

function creates(kind: SchemaObjectRef['kind'], qualified: string): StatementObjects {
  const ns = kind === 'TYPE' || kind === 'DOMAIN' ? 'type' : 'rel';
  return { creates: [{ ns, kind, ...name(qualified) }], attaches: [] };
}

function attaches(ns: 'rel' | 'type', qualified: string): StatementObjects {
  return { creates: [], attaches: [{ ns, ...name(qualified) }] };
}

function splitQualified(q: string): string[] {
  return q.match(new RegExp(I, 'g')) ?? [];
}

function name(qualified: string): { schema: string; name: string } {
  const parts = splitQualified(qualified).map(ident);
  return parts.length === 2 ? { schema: parts[0], name: parts[1] } : { schema: 'public', name: parts[0] };
}

function ident(raw: string): string {
  return raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw.toLowerCase();
}

/** The statement with strings, quoted identifiers and comments blanked: keyword tests only see code. */
function codeOf(sql: string): string {
  return codeSpans(sql)
    .map((s) => sql.slice(s.start, s.end))
    .join(' ');
}
