import { classifyDeclaration, type Declarations, type UnmodelledObject } from '../../core/model/unmodelled.js';
import type { Connection } from '../dialect.js';
import { isSerialSequence } from './introspect-sequences.js';
import { inUserNamespace, isSystem, notExtensionMember, relationIrName, userRelation } from './user-namespaces.js';

/**
 * Everything in a PostgreSQL database that the IR does not model, in one catalog query. The IR
 * covers extensions, domains, composite types and sequences, functions, procedures and aggregates, triggers,
 * policies and row-level security, privileges (introspect-privileges.ts), collations of `public`,
 * EXCLUDE constraints and storage parameters (reloptions) of tables and materialized views, and
 * tables (partitioned, partitions, INHERITS), columns, keys, indexes, checks, enums, views, the schemas
 * themselves and comments on all of these (core/model/comments.ts) in `public` and every schema the
 * user created; whatever else a real schema holds is listed here so that no command drops it
 * without a word. Objects that belong to an extension are the extension's, not the user's; ownership
 * (`OWNER TO`) is not versioned and not listed.
 */
/** A relation of the user's (in one of their schemas): not Flash's own, not an extension's. */
const ownRelation = userRelation;

/**
 * A column a partition or INHERITS child takes from its parent is modelled on the parent only; a
 * default, NOT NULL or comment set on the child's copy alone would be lost, so it is listed.
 */
const inheritedColumnSetting = `a.attnum > 0 and not a.attisdropped and not a.attislocal and c.relkind in ('r', 'p')
    and (col_description(c.oid, a.attnum) is not null
      or not exists (select 1 from pg_inherits ih join pg_attribute pa on pa.attrelid = ih.inhparent and pa.attname = a.attname
        where ih.inhrelid = c.oid and (pa.attnotnull or not a.attnotnull)
          and (select pg_get_expr(d.adbin, d.adrelid) from pg_attrdef d where d.adrelid = pa.attrelid and d.adnum = pa.attnum)
            is not distinct from (select pg_get_expr(d.adbin, d.adrelid) from pg_attrdef d where d.adrelid = a.attrelid and d.adnum = a.attnum)))`;

/**
 * A comment (pg_description row `d`, outside pg_class) on an object the IR models with its comment
 * (core/model/comments.ts): the user's schemas, their enums, domains and composite types, key,
 * foreign-key, CHECK and EXCLUDE constraints of their tables, routines, triggers and policies of their
 * relations, the collations of `public`. A domain's constraint, a rule, an aggregate… stay listed.
 */
const modelledComment = `(
  (d.classoid = 'pg_type'::regclass and exists (select 1 from pg_type t left join pg_class tc on tc.oid = t.typrelid
    where t.oid = d.objoid and ${inUserNamespace('t.typnamespace')} and (t.typtype in ('e', 'd') or (t.typtype = 'c' and tc.relkind = 'c'))))
  or (d.classoid = 'pg_constraint'::regclass and exists (select 1 from pg_constraint k join pg_class c on c.oid = k.conrelid
    where k.oid = d.objoid and k.contype in ('p', 'u', 'f', 'c', 'x') and k.conislocal and k.conparentid = 0 and c.relkind in ('r', 'p') and ${ownRelation('c')}))
  or (d.classoid = 'pg_proc'::regclass and exists (select 1 from pg_proc p where p.oid = d.objoid and p.prokind in ('f', 'p')))
  or (d.classoid = 'pg_trigger'::regclass and exists (select 1 from pg_trigger tg join pg_class c on c.oid = tg.tgrelid
    where tg.oid = d.objoid and not tg.tgisinternal and tg.tgparentid = 0 and ${ownRelation('c')}))
  or (d.classoid = 'pg_policy'::regclass and exists (select 1 from pg_policy pol join pg_class c on c.oid = pol.polrelid
    where pol.oid = d.objoid and ${ownRelation('c')}))
  or (d.classoid = 'pg_collation'::regclass and exists (select 1 from pg_collation co where co.oid = d.objoid and co.collnamespace = 'public'::regnamespace))
  or (d.classoid = 'pg_namespace'::regclass and ${inUserNamespace('d.objoid')})
)`;

/**
 * A relation `c` of the user's whose own comment is modelled: a view or materialized view, an index the IR
 * lists (not behind a key or EXCLUDE constraint, not a partition's copy of its parent's), a standalone
 * sequence (not an identity column's, not the one `serial` made).
 */
const modelledRelation = `(
  c.relkind in ('v', 'm')
  or (c.relkind = 'i' and exists (select 1 from pg_index i join pg_class t on t.oid = i.indrelid
    where i.indexrelid = c.oid and t.relkind in ('r', 'p', 'm') and t.relname not like '\\_flash\\_%'
      and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.conrelid = i.indrelid and k.contype in ('p', 'u', 'x'))
      and not exists (select 1 from pg_inherits ih where ih.inhrelid = i.indexrelid)))
  or (c.relkind = 'S' and c.relname not like '\\_flash\\_%'
    and not exists (select 1 from pg_depend x where x.classid = 'pg_class'::regclass and x.objid = c.oid and x.deptype = 'i')
    and not exists (select 1 from pg_depend sd join pg_class tc on tc.oid = sd.refobjid
        join pg_attribute a on a.attrelid = sd.refobjid and a.attnum = sd.refobjsubid
      where sd.classid = 'pg_class'::regclass and sd.objid = c.oid and sd.refclassid = 'pg_class'::regclass and sd.deptype = 'a'
        and ${isSerialSequence('c', 'tc.relname', 'a.attname')}))
)`;

export const unmodelledSql = `
select kind, name, tbl from (
  -- the IR names an object outside public \`schema.name\`: a dot in either part would make that ambiguous
  select 'name containing a dot' as kind, ${relationIrName('c')} as name, null::text as tbl from pg_class c
    where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and ${ownRelation('c')}
      and (c.relname like '%.%' or (select n.nspname from pg_namespace n where n.oid = c.relnamespace) like '%.%')
  union all
  select 'name containing a dot', n.nspname || '.' || t.typname, null from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where t.typtype in ('e', 'd') and ${inUserNamespace('n.oid')} and t.typname like '%.%'
  union all
  select case t.typtype when 'd' then 'domain' when 'c' then 'composite type' when 'r' then 'range type' when 'm' then 'multirange type' when 'e' then 'enum' else 'type' end,
    case when n.nspname = 'public' then t.typname::text else n.nspname || '.' || t.typname end, null
  from pg_type t join pg_namespace n on n.oid = t.typnamespace
  left join pg_class tc on tc.oid = t.typrelid
  where not ${isSystem('n.nspname')} and ${notExtensionMember('pg_type', 't.oid')} and t.typcategory <> 'A'
    and (t.typtype in ('b', 'r')
      or (t.typtype in ('d', 'e') and not ${inUserNamespace('n.oid')})
      or (t.typtype = 'c' and tc.relkind = 'c' and not ${inUserNamespace('n.oid')})
      or (t.typtype = 'm' and not exists (select 1 from pg_range r where r.rngmultitypid = t.oid)))
  union all
  select case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' when 'w' then 'window function' else 'function' end,
    case when n.nspname = 'public' then '' else n.nspname || '.' end || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', null
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where p.prokind not in ('f', 'p', 'a') and not ${isSystem('n.nspname')} and ${notExtensionMember('pg_proc', 'p.oid')}
  union all
  select case when tg.tgconstraint <> 0 then 'constraint trigger' else 'trigger' end, tg.tgname || ' on ' || ${relationIrName('c')}, ${relationIrName('c')}
  from pg_trigger tg join pg_class c on c.oid = tg.tgrelid
  where not tg.tgisinternal and c.relname not like '\\_flash\\_%' and ${notExtensionMember('pg_trigger', 'tg.oid')}
    and not ${inUserNamespace('c.relnamespace')}
  union all
  select 'event trigger', e.evtname::text, null from pg_event_trigger e where ${notExtensionMember('pg_event_trigger', 'e.oid')}
  union all
  select 'rule', r.rulename || ' on ' || ${relationIrName('c')}, ${relationIrName('c')} from pg_rewrite r join pg_class c on c.oid = r.ev_class
  where r.rulename <> '_RETURN' and ${ownRelation('c')}
  union all
  select 'policy', pol.polname || ' on ' || ${relationIrName('c')}, ${relationIrName('c')} from pg_policy pol join pg_class c on c.oid = pol.polrelid
  where not ${inUserNamespace('c.relnamespace')}
  union all
  select 'foreign table', ${relationIrName('c')}, ${relationIrName('c')} from pg_class c where c.relkind = 'f' and ${ownRelation('c')}
  union all
  select 'inherited column setting', ${relationIrName('c')} || '.' || a.attname, ${relationIrName('c')}
  from pg_attribute a join pg_class c on c.oid = a.attrelid
  where ${inheritedColumnSetting} and ${ownRelation('c')}
  union all
  select 'view option', ${relationIrName('c')} || ' (' || array_to_string(o.options, ', ') || ')', ${relationIrName('c')}
  from pg_class c
  cross join lateral (select array_agg(x) as options from unnest(c.reloptions) x
    where split_part(x, '=', 1) not in ('security_invoker', 'security_barrier', 'check_option')) o
  where c.reloptions is not null and o.options is not null and c.relkind = 'v' and ${ownRelation('c')}
  union all
  select 'collation', n.nspname || '.' || co.collname, null
  from pg_collation co join pg_namespace n on n.oid = co.collnamespace
  where n.nspname <> 'public' and not ${isSystem('n.nspname')} and ${notExtensionMember('pg_collation', 'co.oid')}
  union all
  select 'statistics object', s.stxname::text, null from pg_statistic_ext s join pg_namespace n on n.oid = s.stxnamespace where not ${isSystem('n.nspname')}
  union all
  select 'publication', p.pubname::text, null from pg_publication p
  union all
  select 'foreign server', s.srvname::text, null from pg_foreign_server s
  union all
  select 'foreign-data wrapper', w.fdwname::text, null from pg_foreign_data_wrapper w where ${notExtensionMember('pg_foreign_data_wrapper', 'w.oid')}
  union all
  select 'cast', format_type(c.castsource, null) || ' AS ' || format_type(c.casttarget, null), null from pg_cast c where c.oid >= 16384 and ${notExtensionMember('pg_cast', 'c.oid')}
  union all
  select 'operator', o.oprname || '(' || format_type(o.oprleft, null) || ', ' || format_type(o.oprright, null) || ')', null
  from pg_operator o join pg_namespace n on n.oid = o.oprnamespace where not ${isSystem('n.nspname')} and ${notExtensionMember('pg_operator', 'o.oid')}
  union all
  select 'text search configuration', c.cfgname::text, null from pg_ts_config c join pg_namespace n on n.oid = c.cfgnamespace where not ${isSystem('n.nspname')} and ${notExtensionMember('pg_ts_config', 'c.oid')}
  union all
  select 'default privileges', coalesce(n.nspname, 'all schemas') || ' for ' || d.defaclobjtype::text, null
  from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace
  where d.defaclobjtype not in ('r', 'S', 'f', 'n') or (d.defaclnamespace <> 0 and not ${inUserNamespace('d.defaclnamespace')})
  union all
  select 'comment', case d.classoid when 'pg_type'::regclass then 'on type ' || (select typname from pg_type where oid = d.objoid)
                                    when 'pg_constraint'::regclass then 'on constraint ' || (select conname from pg_constraint where oid = d.objoid)
                                    when 'pg_proc'::regclass then 'on function ' || (select proname from pg_proc where oid = d.objoid)
                                    when 'pg_namespace'::regclass then 'on schema ' || (select nspname from pg_namespace where oid = d.objoid)
                                    else 'on ' || d.classoid::regclass::text || ' ' || d.objoid end, null
  from pg_description d
  where d.classoid not in ('pg_class'::regclass, 'pg_extension'::regclass) and d.objoid >= 16384
    and not exists (select 1 from pg_depend e where e.classid = d.classoid and e.objid = d.objoid and e.deptype = 'e')
    and not ${modelledComment}
  union all
  select 'comment', 'on ' || case c.relkind when 'v' then 'view ' when 'm' then 'materialized view ' when 'i' then 'index ' when 'S' then 'sequence ' else 'relation ' end || ${relationIrName('c')},
    null
  from pg_description d join pg_class c on c.oid = d.objoid
  where d.classoid = 'pg_class'::regclass and c.relkind not in ('r', 'p') and ${inUserNamespace('c.relnamespace')} and ${notExtensionMember('pg_class', 'c.oid')}
    and not (d.objsubid = 0 and ${modelledRelation})
) u
where kind is not null
order by kind, name`;

export async function unmodelledPostgres(conn: Connection): Promise<UnmodelledObject[]> {
  const rows = await conn.query<{ kind: string; name: string; tbl: string | null }>(unmodelledSql);
  return rows.map((r) => (r.tbl ? { kind: r.kind, name: r.name, table: r.tbl } : { kind: r.kind, name: r.name }));
}

/**
 * A `db/schema` statement that declares something the IR does not model, recognised by its leading
 * keywords, so that it is refused with its file and line before anything runs (a shadow would
 * otherwise fail on it — PGlite lacks most extensions — or accept it and lose it). What hides inside
 * a modelled statement (a view option Flash does not know, an inherited column's own default…) is caught
 * by the catalog check after the shadow ran the files.
 */
const declarations: Declarations = [
  [/^create (?:or replace )?(?:trusted )?(?:procedural )?language (?:if not exists )?/i, 'language'],
  [/^create type (?=\S+ as range\b)/i, 'range type'],
  [/^create type (?=\S+ ?\()/i, 'type'],
  [/^create event trigger /i, 'event trigger'],
  [/^create (?:or replace )?rule /i, 'rule'],
  [/^create collation (?:if not exists )?(?=[^\s.]+\.)(?!public\.)/i, 'collation'],
  [/^create publication /i, 'publication'],
  [/^create subscription /i, 'subscription'],
  [/^create cast /i, 'cast'],
  [/^create operator (?:class |family )?/i, 'operator'],
  [/^create conversion /i, 'conversion'],
  [/^create statistics (?:if not exists )?/i, 'statistics object'],
  [/^create server (?:if not exists )?/i, 'foreign server'],
  [/^create foreign data wrapper /i, 'foreign-data wrapper'],
  [/^create foreign table (?:if not exists )?/i, 'foreign table'],
  [/^create user mapping /i, 'user mapping'],
  [/^create text search (?:configuration|dictionary|parser|template) /i, 'text search object'],
  [/^create access method /i, 'access method'],
  [/^create (?:or replace )?transform /i, 'transform'],
  [/^create tablespace /i, 'tablespace'],
  [/^create (?:role|user|group) /i, 'role'],
  // Privileges on tables, columns, sequences, routines and schema public are modelled (privileges.ts);
  // role membership and privileges on what Flash does not model (databases, types…) are not.
  [/^(?:grant|revoke) (?!.*\bon\b)/i, 'role membership'],
  [
    /^(?:grant|revoke) .*?\bon (?:database|tablespace|language|large object|foreign data wrapper|foreign server|parameter|type|domain|foreign table)\b/i,
    'privileges',
  ],
  [/^alter default privileges .*?\bon types\b/i, 'default privileges'],
  [/^security label /i, 'security label'],
  // Comments on modelled objects are modelled (core/model/comments.ts); a comment on something else
  // (a rule, an aggregate) is refused here, one on a domain's constraint by the catalog check after the
  // shadow ran the files.
  [/^comment on (?:rule|aggregate)\b ?/i, 'comment'],
  [/^alter table (?:if exists )?(?:only )?(?=\S+ (?:enable|disable) (?:always |replica )?(?:trigger|rule)\b)/i, 'trigger or rule state'],
];

export function unsupportedStatementPostgres(sql: string): UnmodelledObject | undefined {
  return classifyDeclaration(sql, declarations);
}
