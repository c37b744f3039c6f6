import type { Definition } from '../../core/model/definitions.js';
import { privilegeKey, PUBLIC_GRANTEE, type Privilege, type PrivilegeTarget } from '../../core/model/privileges.js';
import type { Connection } from '../dialect.js';
import { privilegeSql } from './render-privileges.js';
import { inUserNamespace, notExtensionMember, relationIrName, userRelation } from './user-namespaces.js';

/**
 * The privileges of a live PostgreSQL database as `privilege` definitions (core/model/privileges.ts),
 * in one catalog query: the ACLs of the relations and columns of the user's schemas, of routines (of every user
 * schema, like introspect-definitions.ts; an aggregate's are `GRANT … ON FUNCTION agg(argument types)`,
 * the only way GRANT names an aggregate), of the user's schemas, and the default privileges for all
 * schemas or for one of the user's. Each ACL is compared with the object's default (`acldefault`, or for schema
 * `public` the ACL PostgreSQL 15+ gives it: USAGE to PUBLIC): what it adds is a grant, what it lacks a
 * revoke. The owner's own privileges are left out (ownership is not versioned, and the owner differs
 * between a server and its shadow), and so is MAINTAIN (PostgreSQL 17+, part of `GRANT ALL` there:
 * an embedded PGlite shadow would otherwise plan it for a PostgreSQL 15 server, which has no such
 * privilege).
 */

/** Rows: the effective ACL items (`base` false) and the default ones (`base` true), owner excluded. */
export const privilegesSql = `
select cls, obj, col, sch, sig, for_role, in_schema,
  case when a.grantee = 0 then null else pg_get_userbyid(a.grantee) end as grantee, a.privilege_type as priv, a.is_grantable as grantable, base
from (
  select case c.relkind when 'S' then 'sequence' else 'table' end as cls, ${relationIrName('c')} as obj, null::text as col, null::text as sch, null::text as sig,
    null::text as for_role, null::text as in_schema, c.relowner as owner, c.relacl as acl, false as base
  from pg_class c where c.relacl is not null and c.relkind in ('r', 'p', 'v', 'm', 'S') and ${userRelation('c')}
  union all
  select 'column', ${relationIrName('c')}, a.attname::text, null, null, null, null, c.relowner, a.attacl, false
  from pg_attribute a join pg_class c on c.oid = a.attrelid
  where a.attacl is not null and a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'v', 'm') and ${userRelation('c')}
  union all
  select case p.prokind when 'p' then 'procedure' else 'function' end, p.proname::text, null, n.nspname::text, oidvectortypes(p.proargtypes),
    null, null, p.proowner, x.acl, x.base
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  cross join lateral (values (coalesce(p.proacl, acldefault('f', p.proowner)), false), (acldefault('f', p.proowner), true)) x(acl, base)
  where p.prokind in ('f', 'p', 'a')
    and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp\\_%'
    and ${notExtensionMember('pg_proc', 'p.oid')}
  union all
  select 'schema', n.nspname::text, null, null, null, null, null, n.nspowner, x.acl, x.base
  from pg_namespace n
  cross join lateral (values (coalesce(n.nspacl, acldefault('n', n.nspowner)), false),
    (case when n.nspname = 'public' then array[makeaclitem(0, n.nspowner, 'USAGE', false)] else acldefault('n', n.nspowner) end, true)) x(acl, base)
  where ${inUserNamespace('n.oid')}
  union all
  select 'default ' || d.defaclobjtype::text, null, null, null, null, pg_get_userbyid(d.defaclrole), n.nspname::text, d.defaclrole, x.acl, x.base
  from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace
  cross join lateral (values (d.defaclacl, false), (case when d.defaclnamespace = 0 then acldefault(d.defaclobjtype, d.defaclrole) end, true)) x(acl, base)
  where d.defaclobjtype in ('r', 'S', 'f', 'n') and (d.defaclnamespace = 0 or ${inUserNamespace('d.defaclnamespace')}) and x.acl is not null
) o
cross join lateral aclexplode(o.acl) a
where a.grantee <> o.owner and a.privilege_type <> 'MAINTAIN'
order by 1, 2, 3, 4, 5, 6, 7, 8, 9`;

/** `pg_default_acl.defaclobjtype` → what `ALTER DEFAULT PRIVILEGES … ON` names. */
const defaultTargets: Record<string, PrivilegeTarget> = { r: 'tables', S: 'sequences', f: 'functions', n: 'schemas' };

interface Row {
  cls: string;
  obj: string | null;
  col: string | null;
  sch: string | null;
  sig: string | null;
  for_role: string | null;
  in_schema: string | null;
  grantee: string | null;
  priv: string;
  grantable: boolean;
  base: boolean;
}

export async function introspectPrivileges(conn: Connection): Promise<Definition[]> {
  const rows = await conn.query<Row>(privilegesSql);
  const [{ me }] = await conn.query<{ me: string }>('select current_user::text as me');
  const objects = new Map<string, { effective: Map<string, Row>; base: Map<string, Row> }>();
  for (const r of rows) {
    const key = JSON.stringify([r.cls, r.obj, r.col, r.sch, r.sig, r.for_role, r.in_schema]);
    let o = objects.get(key);
    if (!o) objects.set(key, (o = { effective: new Map(), base: new Map() }));
    (r.base ? o.base : o.effective).set(JSON.stringify([r.grantee, r.priv]), r);
  }
  const out: Definition[] = [];
  for (const { effective, base } of objects.values()) {
    for (const [k, r] of effective) {
      const b = base.get(k);
      if (b && b.grantable === r.grantable) continue;
      out.push(privilegeDefinition(r, me, false));
    }
    for (const [k, r] of base) if (!effective.has(k)) out.push(privilegeDefinition(r, me, true));
  }
  return out;
}

function privilegeDefinition(r: Row, me: string, revoke: boolean): Definition {
  const defaults = r.cls.startsWith('default ') ? defaultTargets[r.cls.slice('default '.length)] : undefined;
  const on: PrivilegeTarget = defaults ?? (r.cls === 'column' ? 'table' : (r.cls as PrivilegeTarget));
  const p: Privilege = {
    ...(revoke ? { action: 'revoke' as const } : {}),
    privilege: r.priv,
    on,
    ...(r.col !== null ? { column: r.col } : {}),
    grantee: r.grantee ?? PUBLIC_GRANTEE,
    ...(r.grantable && !revoke ? { grantable: true as const } : {}),
    ...(defaults !== undefined && r.for_role !== null && r.for_role !== me ? { forRole: r.for_role } : {}),
    ...(defaults !== undefined && r.in_schema !== null ? { inSchema: r.in_schema } : {}),
  };
  const identity: Pick<Definition, 'object' | 'schema' | 'signature' | 'table'> =
    defaults !== undefined
      ? { object: 'default privileges' }
      : on === 'function' || on === 'procedure'
        ? { object: r.obj ?? '', schema: r.sch ?? 'public', signature: r.sig ?? '' }
        : on === 'table'
          ? { object: r.obj ?? '', table: r.obj ?? '' }
          : { object: r.obj ?? '' };
  return { name: privilegeKey(identity, p), kind: 'privilege', ...identity, definition: privilegeSql(identity, p), privilege: p };
}
