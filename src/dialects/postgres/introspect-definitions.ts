import type { Definition } from '../../core/model/definitions.js';
import { routineKey, rowSecurityKey, tableObjectKey } from '../../core/model/definitions.js';
import type { Connection } from '../dialect.js';
import { introspectAggregates } from './introspect-aggregates.js';
import { introspectPrivileges } from './introspect-privileges.js';
import { quoteIdent, quoteQualified } from './quote.js';
import { notExtensionMember, relationIrName, userRelation } from './user-namespaces.js';

/**
 * Functions, procedures, aggregates, triggers, policies and row-level security of a live PostgreSQL
 * database, as the definitions the server returns (see core/model/definitions.ts), in five catalog
 * queries whatever their number. Routines of every user schema (`public` ones too), triggers and
 * policies of the relations Flash models (of every user schema). Extension members are the extension's; window
 * functions are not modelled (the unmodelled check lists them). Aggregates: introspect-aggregates.ts.
 */

const routinesSql = `
  select p.prokind as kind, n.nspname as schema, p.proname as name, oidvectortypes(p.proargtypes) as signature,
    pg_get_functiondef(p.oid) as def, obj_description(p.oid, 'pg_proc') as comment
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where p.prokind in ('f', 'p')
    and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp\\_%'
    and ${notExtensionMember('pg_proc', 'p.oid')}
  order by 1, 2, 3, 4`;

const triggersSql = `
  select ${relationIrName('c')} as tbl, tg.tgname as name, pg_get_triggerdef(tg.oid) as def, obj_description(tg.oid, 'pg_trigger') as comment
  from pg_trigger tg join pg_class c on c.oid = tg.tgrelid
  where not tg.tgisinternal and tg.tgparentid = 0 and ${userRelation('c')} and ${notExtensionMember('pg_trigger', 'tg.oid')}`;

const policiesSql = `
  select ${relationIrName('c')} as tbl, pol.polname as name, pol.polpermissive as permissive, pol.polcmd as cmd,
    case when pol.polroles = '{0}' then null else
      (select json_agg(r.rolname order by r.rolname) from pg_roles r where r.oid = any(pol.polroles)) end as roles,
    pg_get_expr(pol.polqual, pol.polrelid) as qual, pg_get_expr(pol.polwithcheck, pol.polrelid) as withcheck,
    obj_description(pol.oid, 'pg_policy') as comment
  from pg_policy pol join pg_class c on c.oid = pol.polrelid
  where ${userRelation('c')}`;

const rowSecuritySql = `
  select ${relationIrName('c')} as tbl, c.relrowsecurity as enabled, c.relforcerowsecurity as forced
  from pg_class c where (c.relrowsecurity or c.relforcerowsecurity) and c.relkind in ('r', 'p') and ${userRelation('c')}`;

interface PolicyRow {
  tbl: string;
  name: string;
  permissive: boolean;
  cmd: string;
  roles: unknown;
  qual: string | null;
  withcheck: string | null;
  comment: string | null;
}

/** `{ comment }` when there is one, to spread into an IR object (omitted, never undefined, when none). */
const commentOf = (comment: string | null): { comment?: string } => (comment !== null ? { comment } : {});

export async function introspectDefinitions(conn: Connection): Promise<Definition[]> {
  const out: Definition[] = [];
  for (const r of await conn.query<{ kind: string; schema: string; name: string; signature: string; def: string; comment: string | null }>(
    routinesSql,
  )) {
    const kind = r.kind === 'p' ? 'procedure' : 'function';
    out.push({
      name: routineKey(kind, r.schema, r.name, r.signature),
      kind,
      object: r.name,
      schema: r.schema,
      signature: r.signature,
      definition: normalizeDefinition(r.def),
      ...commentOf(r.comment),
    });
  }
  for (const r of await conn.query<{ tbl: string; name: string; def: string; comment: string | null }>(triggersSql)) {
    const trigger = { kind: 'trigger', object: r.name, table: r.tbl, definition: r.def.trim() } as const;
    out.push({ name: tableObjectKey('trigger', r.tbl, r.name), ...trigger, ...commentOf(r.comment) });
  }
  for (const r of await conn.query<PolicyRow>(policiesSql)) {
    const policy = { kind: 'policy', object: r.name, table: r.tbl, definition: policySql(r) } as const;
    out.push({ name: tableObjectKey('policy', r.tbl, r.name), ...policy, ...commentOf(r.comment) });
  }
  for (const r of await conn.query<{ tbl: string; enabled: boolean; forced: boolean }>(rowSecuritySql)) {
    const t = quoteQualified(r.tbl);
    const statements = [
      ...(r.enabled ? [`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`] : []),
      ...(r.forced ? [`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`] : []),
    ];
    out.push({ name: rowSecurityKey(r.tbl), kind: 'row security', object: r.tbl, table: r.tbl, definition: statements.join(';\n') });
  }
  out.push(...(await introspectAggregates(conn)));
  out.push(...(await introspectPrivileges(conn)));
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Trailing blank space only: the body is the user's text, byte for byte, as the server stored it. */
function normalizeDefinition(def: string): string {
  return def.replace(/\s+$/, '');
}

const commands: Record<string, string> = { r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE', '*': 'ALL' };

/** `CREATE POLICY` from the catalog, every clause spelled out so that two servers agree on it. */
function policySql(r: PolicyRow): string {
  const roles =
    r.roles === null
      ? ['PUBLIC']
      : (typeof r.roles === 'string' ? (JSON.parse(r.roles) as string[]) : (r.roles as string[])).map(quoteIdent);
  let sql = `CREATE POLICY ${quoteIdent(r.name)} ON ${quoteQualified(r.tbl)} AS ${r.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'}`;
  sql += ` FOR ${commands[r.cmd] ?? 'ALL'} TO ${roles.join(', ')}`;
  if (r.qual !== null) sql += ` USING (${r.qual})`;
  if (r.withcheck !== null) sql += ` WITH CHECK (${r.withcheck})`;
  return sql;
}
