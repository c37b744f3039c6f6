import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CatalogDependent, Connection, IncrementalShadowSupport, KeptShadow, SchemaObjectRef } from '../dialect.js';
import { pathExists } from '../../store/read-if-exists.js';
import { postgresAdmin } from './admin.js';
import { connectPostgres } from './driver.js';
import { pgliteVersion } from './pglite-image.js';
import { onDisk } from './pglite-on-disk.js';
import { quoteIdent } from './quote.js';
import { objectKey, statementObjects } from './schema-objects.js';
import { openPglite } from './shadow.js';

/**
 * PostgreSQL's half of the incremental shadow. The kept shadow is, with `shadow_url`, a database
 * `flash_shadow_keep_<id>` on that server (`id` is unique to the project checkout), and otherwise a
 * PGlite data directory in the project's local state; either holds the last desired state and a stamp
 * table, `_flash_shadow_state` (Flash's own: never introspected).
 */
export const postgresIncrementalShadow: IncrementalShadowSupport = {
  statementObjects,
  objectKey,
  // Below FLASH_PGLITE_DISK_TABLES (300) tables a fresh in-memory PGlite is as fast as booting a kept one from disk.
  worthKeeping: ({ shadowUrl, sql, env }) => shadowUrl !== undefined || onDisk(sql, env),
  openKept: ({ shadowUrl, dir, id }) => (shadowUrl ? openKeptServer(shadowUrl, id) : openKeptPglite(dir)),
  dependents,
  drop: async (conn, objects) => {
    // Reverse creation order; a cascade may already have taken an object (IF EXISTS).
    for (const o of [...objects].reverse())
      await conn.exec(`DROP ${o.kind} IF EXISTS ${quoteIdent(o.schema)}.${quoteIdent(o.name)} CASCADE`);
  },
  begin: (conn) => conn.exec('BEGIN'),
  commit: (conn) => conn.exec('COMMIT'),
  rollback: (conn) => conn.exec('ROLLBACK'),
  tryExec: async (conn, sql) => {
    await conn.exec('SAVEPOINT flash_incremental');
    try {
      await conn.exec(sql);
    } catch (err) {
      await conn.exec('ROLLBACK TO SAVEPOINT flash_incremental');
      throw err;
    }
    await conn.exec('RELEASE SAVEPOINT flash_incremental');
    return undefined;
  },
  readStamp: async (conn) => {
    // a kept shadow from before the stamp table (or a fresh one) has none: no stamp, not an error
    const [exists] = await conn.query<{ t: string | null }>(`select to_regclass('public._flash_shadow_state')::text as t`);
    if (!exists?.t) return undefined;
    const rows = await conn.query<{ stamp: string }>('select stamp from public._flash_shadow_state');
    return rows[0]?.stamp;
  },
  writeStamp: async (conn, stamp) => {
    await conn.exec('CREATE TABLE IF NOT EXISTS public._flash_shadow_state (stamp text NOT NULL)');
    await conn.exec('DELETE FROM public._flash_shadow_state');
    await conn.query('INSERT INTO public._flash_shadow_state (stamp) VALUES (?)', [stamp]);
  },
};

async function openKeptServer(shadowUrl: string, id: string): Promise<KeptShadow> {
  const url = postgresAdmin.urlFor(shadowUrl, `flash_shadow_keep_${id}`);
  const connect = () => connectPostgres(url, { applicationName: 'flash-shadow' });
  await postgresAdmin.createIfMissing(url);
  let connection = await connect();
  return {
    get connection() {
      return connection;
    },
    reset: async () => {
      await connection.close();
      await postgresAdmin.drop(url);
      await postgresAdmin.create(url);
      connection = await connect();
      return connection;
    },
    close: () => connection.close(),
  };
}

async function openKeptPglite(dir: string): Promise<KeptShadow> {
  const dataDir = path.join(dir, `pglite-${pgliteVersion() ?? 'unknown'}`);
  const open = async () => {
    await fs.mkdir(dataDir, { recursive: true });
    return openPglite([], dataDir);
  };
  // Only a data directory that an earlier run left (it has PG_VERSION) may be thrown away when it does
  // not boot (an interrupted run): it is Flash's cache. A fresh one that fails to boot is a real error.
  const hadData = await pathExists(path.join(dataDir, 'PG_VERSION'));
  let connection: Connection;
  try {
    connection = await open();
  } catch (err) {
    if (!hadData) throw err;
    await fs.rm(dataDir, { recursive: true, force: true });
    connection = await open();
  }
  return {
    get connection() {
      return connection;
    },
    reset: async () => {
      await connection.close();
      await fs.rm(dataDir, { recursive: true, force: true });
      connection = await open();
      return connection;
    },
    close: () => connection.close(),
  };
}

/**
 * Everything pg_depend says goes with the roots when they are dropped with CASCADE, each named by
 * itself and by its parent (a column or constraint by its table, an array type by its element, a row
 * type by its relation…). Kinds no statement of an incremental schema can create are `unknown`.
 */
async function dependents(conn: Connection, roots: SchemaObjectRef[]): Promise<CatalogDependent[]> {
  const rows = await conn.query<{
    own_ns: string | null;
    own: string | null;
    parent_ns: string | null;
    parent: string | null;
    known: boolean;
    internal: boolean;
  }>(
    `with recursive roots as (
       select 'pg_class'::regclass::oid as classid, c.oid as objid
       from unnest(?::text[], ?::text[], ?::text[]) r(ns, s, n)
       join pg_namespace ns on ns.nspname = r.s
       join pg_class c on c.relnamespace = ns.oid and c.relname = r.n
       where r.ns = 'rel'
       union
       select 'pg_type'::regclass::oid, t.oid
       from unnest(?::text[], ?::text[], ?::text[]) r(ns, s, n)
       join pg_namespace ns on ns.nspname = r.s
       join pg_type t on t.typnamespace = ns.oid and t.typname = r.n
       where r.ns = 'type'
     ),
     reached(classid, objid, objsubid, deptype) as (
       select classid, objid, 0, 'r'::"char" from roots
       union
       select d.classid, d.objid, d.objsubid, d.deptype
       from reached x join pg_depend d on d.refclassid = x.classid and d.refobjid = x.objid
       where d.deptype in ('n', 'a', 'i')
     ),
     named as (
       select
         case when x.classid = 'pg_class'::regclass then 'rel'
              when x.classid = 'pg_type'::regclass then 'type' end as own_ns,
         case when x.classid = 'pg_class'::regclass then (select n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = x.objid)
              when x.classid = 'pg_type'::regclass then (select n.nspname || '.' || t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace where t.oid = x.objid) end as own,
         case
           when x.classid = 'pg_class'::regclass then (
             select coalesce(
               (select 'rel' from pg_index i where i.indexrelid = x.objid),
               (select 'rel' from pg_class t where t.reltoastrelid = x.objid),
               (select 'rel' from pg_depend o where o.classid = 'pg_class'::regclass and o.objid = x.objid and o.refclassid = 'pg_class'::regclass and o.deptype in ('a', 'i') limit 1)))
           when x.classid = 'pg_type'::regclass then (
             select case when t.typrelid <> 0 then 'rel' when t.typelem <> 0 or exists (select 1 from pg_range r where r.rngmultitypid = t.oid) then 'type' end
             from pg_type t where t.oid = x.objid)
           when x.classid = 'pg_constraint'::regclass then (select case when c.conrelid <> 0 then 'rel' else 'type' end from pg_constraint c where c.oid = x.objid)
           when x.classid in ('pg_rewrite'::regclass, 'pg_attrdef'::regclass) then 'rel'
         end as parent_ns,
         case
           when x.classid = 'pg_class'::regclass then (
             select n.nspname || '.' || p.relname from pg_class p join pg_namespace n on n.oid = p.relnamespace
             where p.oid = coalesce(
               (select i.indrelid from pg_index i where i.indexrelid = x.objid),
               (select t.oid from pg_class t where t.reltoastrelid = x.objid),
               (select o.refobjid from pg_depend o where o.classid = 'pg_class'::regclass and o.objid = x.objid and o.refclassid = 'pg_class'::regclass and o.deptype in ('a', 'i') limit 1)))
           when x.classid = 'pg_type'::regclass then (
             select coalesce(
               (select n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = t.typrelid),
               (select n.nspname || '.' || e.typname from pg_type e join pg_namespace n on n.oid = e.typnamespace where e.oid = t.typelem),
               (select n.nspname || '.' || e.typname from pg_range r join pg_type e on e.oid = r.rngtypid join pg_namespace n on n.oid = e.typnamespace where r.rngmultitypid = t.oid))
             from pg_type t where t.oid = x.objid)
           when x.classid = 'pg_constraint'::regclass then (
             select coalesce(
               (select n.nspname || '.' || p.relname from pg_class p join pg_namespace n on n.oid = p.relnamespace where p.oid = c.conrelid),
               (select n.nspname || '.' || t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace where t.oid = c.contypid))
             from pg_constraint c where c.oid = x.objid)
           when x.classid = 'pg_rewrite'::regclass then (
             select n.nspname || '.' || p.relname from pg_rewrite w join pg_class p on p.oid = w.ev_class join pg_namespace n on n.oid = p.relnamespace where w.oid = x.objid)
           when x.classid = 'pg_attrdef'::regclass then (
             select n.nspname || '.' || p.relname from pg_attrdef a join pg_class p on p.oid = a.adrelid join pg_namespace n on n.oid = p.relnamespace where a.oid = x.objid)
         end as parent,
         -- internal parts (deptype i) go with their owner: an FK's triggers, a key's index, a row or array type
         x.classid in ('pg_class'::regclass, 'pg_type'::regclass, 'pg_constraint'::regclass, 'pg_rewrite'::regclass, 'pg_attrdef'::regclass)
           -- a range type's constructor functions are its internal parts
           or x.deptype = 'i' as known,
         x.deptype = 'i' as internal
       from reached x
     )
     select distinct own_ns, own, parent_ns, parent, known, internal from named`,
    [...columns(roots, 'rel'), ...columns(roots, 'type')],
  );
  return rows.map((r) =>
    // An internal part (an FK's triggers, a constraint's index, an array or row type) goes with its owner, which is reached too.
    r.internal
      ? { internal: true }
      : !r.known
        ? { unknown: true }
        : {
            ...(r.own_ns && r.own ? { key: `${r.own_ns}:${r.own}` } : {}),
            ...(r.parent_ns && r.parent ? { parent: `${r.parent_ns}:${r.parent}` } : {}),
          },
  );
}

function columns(roots: SchemaObjectRef[], ns: 'rel' | 'type'): string[][] {
  const mine = roots.filter((r) => r.ns === ns);
  return [mine.map((r) => r.ns), mine.map((r) => r.schema), mine.map((r) => r.name)];
}
