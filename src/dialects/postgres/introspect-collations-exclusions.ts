import type { Definition } from '../../core/model/definitions.js';
import { collationKey, tableObjectKey } from '../../core/model/definitions.js';
import type { Connection } from '../dialect.js';
import { quoteIdent, quoteLiteral } from './quote.js';
import { notExtensionMember, relationIrName, userRelation } from './user-namespaces.js';

/**
 * Collations of schema `public` (a column names its collation unqualified, so one in another schema is
 * listed as unmodelled) and EXCLUDE constraints of the user's tables, as definition-compared objects
 * (core/model/definitions.ts). A collation is rebuilt from `pg_collation` (there is no
 * `pg_get_collationdef`), every option spelled out so that two servers agree on it; its version is
 * not part of the schema (each server has its own ICU or libc). An EXCLUDE constraint is compared by
 * the clause `pg_get_constraintdef` returns. Extension members are the extension's.
 */

// `to_jsonb` reads the locale column under the name of each version: colliculocale (15, 16),
// colllocale (17+); collicurules from 16.
const collationsSql = `
  select co.collname as name, co.collprovider as provider, co.collisdeterministic as deterministic,
    co.collcollate as lc_collate, co.collctype as lc_ctype,
    coalesce(to_jsonb(co) ->> 'colllocale', to_jsonb(co) ->> 'colliculocale') as locale, to_jsonb(co) ->> 'collicurules' as rules,
    obj_description(co.oid, 'pg_collation') as comment
  from pg_collation co
  where co.collnamespace = 'public'::regnamespace and ${notExtensionMember('pg_collation', 'co.oid')}
  order by 1`;

const exclusionsSql = `
  select ${relationIrName('c')} as tbl, con.conname as name, pg_get_constraintdef(con.oid) as def, obj_description(con.oid, 'pg_constraint') as comment
  from pg_constraint con join pg_class c on c.oid = con.conrelid
  where con.contype = 'x' and con.conparentid = 0 and ${userRelation('c')}
  order by 1, 2`;

interface CollationRow {
  name: string;
  provider: string;
  deterministic: boolean;
  lc_collate: string | null;
  lc_ctype: string | null;
  locale: string | null;
  rules: string | null;
  comment?: string | null;
}

const providers: Record<string, string> = { i: 'icu', c: 'libc', b: 'builtin' };

/** `CREATE COLLATION public.name (…)` from the catalog row. */
export function collationSql(r: CollationRow): string {
  const options = [`provider = ${providers[r.provider] ?? r.provider}`];
  if (r.provider === 'c' && r.lc_collate !== r.lc_ctype)
    options.push(`lc_collate = ${quoteLiteral(r.lc_collate ?? '')}`, `lc_ctype = ${quoteLiteral(r.lc_ctype ?? '')}`);
  else options.push(`locale = ${quoteLiteral((r.provider === 'c' ? r.lc_collate : r.locale) ?? '')}`);
  if (r.rules) options.push(`rules = ${quoteLiteral(r.rules)}`);
  if (!r.deterministic) options.push('deterministic = false');
  return `CREATE COLLATION public.${quoteIdent(r.name)} (${options.join(', ')})`;
}

export async function introspectCollationsAndExclusions(conn: Connection): Promise<Definition[]> {
  const out: Definition[] = [];
  for (const r of await conn.query<CollationRow>(collationsSql)) {
    const collation = { kind: 'collation', object: r.name, schema: 'public', definition: collationSql(r) } as const;
    out.push({ name: collationKey('public', r.name), ...collation, ...(r.comment ? { comment: r.comment } : {}) });
  }
  for (const r of await conn.query<{ tbl: string; name: string; def: string; comment: string | null }>(exclusionsSql)) {
    out.push({
      name: tableObjectKey('exclusion', r.tbl, r.name),
      kind: 'exclusion',
      object: r.name,
      table: r.tbl,
      definition: r.def.replace(/\s+/g, ' ').trim(),
      ...(r.comment !== null ? { comment: r.comment } : {}),
    });
  }
  return out;
}
