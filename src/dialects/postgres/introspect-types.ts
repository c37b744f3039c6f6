import type { CompositeType, Domain, DomainCheck, Schema } from '../../core/model/schema.js';
import type { Connection } from '../dialect.js';
import { normalizeCheck, normalizeType } from './normalize.js';
import { inUserNamespace, irName, notExtensionMember } from './user-namespaces.js';

/**
 * Domains and composite types of the user's schemas (not an extension's), two catalog queries. Types are
 * spelled as `format_type` prints them, enums quoted like enum columns (see introspect.ts).
 */

/** `format_type` quotes a user type's name only when needed, as the IR spells enum columns; normalizeType canonicalizes the rest. */
const typeSpelling = (oid: string, mod: string) => `format_type(${oid}, ${mod})`;

const domainsSql = `
  select ${irName('n.nspname', 't.typname')} as name, ${typeSpelling('t.typbasetype', 't.typtypmod')} as type, t.typnotnull as notnull, t.typdefault as def,
    case when t.typcollation <> 0 and t.typcollation <> bt.typcollation then co.collname end as collation,
    (select json_agg(json_build_object('name', c.conname, 'def', pg_get_constraintdef(c.oid, true)) order by c.conname)
       from pg_constraint c where c.contypid = t.oid and c.contype = 'c') as checks,
    obj_description(t.oid, 'pg_type') as comment
  from pg_type t
  join pg_namespace n on n.oid = t.typnamespace
  join pg_type bt on bt.oid = t.typbasetype
  left join pg_collation co on co.oid = t.typcollation
  where ${inUserNamespace('n.oid')} and t.typtype = 'd' and ${notExtensionMember('pg_type', 't.oid')}
  order by 1`;

const compositesSql = `
  select ${irName('n.nspname', 't.typname')} as name, obj_description(t.oid, 'pg_type') as comment,
    json_agg(json_build_object('name', a.attname, 'type', ${typeSpelling('a.atttypid', 'a.atttypmod')},
      'collation', case when a.attcollation <> 0 and a.attcollation <> at.typcollation then co.collname end) order by a.attnum) as attributes
  from pg_type t
  join pg_namespace n on n.oid = t.typnamespace
  join pg_class c on c.oid = t.typrelid and c.relkind = 'c'
  join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  join pg_type at on at.oid = a.atttypid
  left join pg_collation co on co.oid = a.attcollation
  where ${inUserNamespace('n.oid')} and t.typtype = 'c' and ${notExtensionMember('pg_type', 't.oid')}
  group by n.nspname, t.typname, t.oid
  order by 1`;

interface DomainRow {
  name: string;
  type: string;
  notnull: boolean;
  def: string | null;
  collation: string | null;
  checks: unknown;
  comment: string | null;
}

/** The driver hands back json columns parsed, or as text on some setups. */
function json(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

const spelling = normalizeType;

export async function introspectUserTypes(conn: Connection): Promise<Pick<Schema, 'domains' | 'compositeTypes'>> {
  const domainRows = await conn.query<DomainRow>(domainsSql);
  const compositeRows = await conn.query<{ name: string; attributes: unknown; comment: string | null }>(compositesSql);
  const out: Pick<Schema, 'domains' | 'compositeTypes'> = {};
  if (domainRows.length) out.domains = domainRows.map(toDomain);
  if (compositeRows.length) {
    out.compositeTypes = compositeRows.map((r): CompositeType => ({
      name: r.name,
      attributes: (json(r.attributes) as Array<{ name: string; type: string; collation: string | null }>).map((a) =>
        a.collation !== null ? { name: a.name, type: spelling(a.type), collation: a.collation } : { name: a.name, type: spelling(a.type) },
      ),
      ...(r.comment !== null ? { comment: r.comment } : {}),
    }));
  }
  return out;
}

function toDomain(row: DomainRow): Domain {
  const domain: Domain = { name: row.name, type: spelling(row.type) };
  if (row.notnull) domain.notNull = true;
  if (row.def !== null) domain.default = row.def;
  if (row.collation !== null) domain.collation = row.collation;
  const checks = row.checks !== null ? (json(row.checks) as Array<{ name: string; def: string }>) : [];
  if (checks.length) domain.checks = checks.map((c): DomainCheck => ({ name: c.name, expression: normalizeCheck(c.def) }));
  if (row.comment !== null) domain.comment = row.comment;
  return domain;
}
