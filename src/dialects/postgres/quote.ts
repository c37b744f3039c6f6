import type { SqlNames } from '../sql-names.js';

/**
 * Identifier and literal quoting the way PostgreSQL's own quote_ident does it: quote only when the name
 * is not a plain lower-case identifier or is a keyword that is not "unreserved". Matching the server's
 * rule keeps our DDL and the server's deparsed expressions (views, index expressions) spelled alike.
 */
const keywords = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column ' +
    'concurrently constraint create cross current_catalog current_date current_role current_schema current_time current_timestamp ' +
    'current_user default deferrable desc distinct do else end except false fetch for foreign freeze from full grant group having ' +
    'ilike in initially inner intersect into is isnull join lateral leading left like limit localtime localtimestamp natural not ' +
    'notnull null offset on only or order outer overlaps placing primary references returning right select session_user similar ' +
    'some symmetric table tablesample then to trailing true union unique user using variadic verbose when where window with ' +
    'between bigint bit boolean char character coalesce dec decimal exists extract float greatest grouping inout int integer ' +
    'interval least national nchar none normalize nullif numeric out overlay position precision real row setof smallint substring ' +
    'time timestamp treat trim values varchar xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi ' +
    'xmlroot xmlserialize xmltable json json_array json_arrayagg json_exists json_object json_objectagg json_query json_scalar ' +
    'json_serialize json_table json_value merge_action system_user'
  ).split(' '),
);

export function quoteIdent(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !keywords.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * An IR object name (`users`, `billing.invoices`: see core/model/schema.ts qualifiedName) as DDL
 * names it: bare in `public`, schema-qualified elsewhere, each part quoted on its own.
 */
export function quoteName(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? quoteIdent(name) : `${quoteIdent(name.slice(0, dot))}.${quoteIdent(name.slice(dot + 1))}`;
}

/** An IR object name always schema-qualified (`public.users`), the way the server's own deparse writes it. */
export function quoteQualified(name: string): string {
  return name.includes('.') ? quoteName(name) : `public.${quoteIdent(name)}`;
}

/** Names in the row SQL (export, restore, seed, studio): columns one identifier, tables by their IR name. */
export const postgresNames: SqlNames = { column: quoteIdent, table: quoteName };
