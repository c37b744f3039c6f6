import type {
  CheckConstraint,
  Column,
  ForeignKey,
  Index,
  IndexElement,
  PrimaryKey,
  ReferentialAction,
  Schema,
  Table,
  UniqueConstraint,
  View,
} from '../../core/model/schema.js';
import { emptySchema, emptyTable, localName } from '../../core/model/schema.js';
import type { Connection } from '../dialect.js';
import { normalizeCheck, normalizeDefault, normalizeType, normalizeViewDefinition, typeFamily } from './normalize.js';
import { quoteName } from './quote.js';
import { inUserNamespace, irName, relationIrName, userRelation } from './user-namespaces.js';
import { defaultPublicComment } from './ddl.js';
import { introspectCollationsAndExclusions } from './introspect-collations-exclusions.js';
import { introspectDefinitions } from './introspect-definitions.js';
import { introspectUserTypes } from './introspect-types.js';
import { introspectSequences, isSerialSequence } from './introspect-sequences.js';
import { addPartitioning, partitioningColumns, type PartitioningRow } from './introspect-partitions.js';

/**
 * Live PostgreSQL database (`public` and every schema the user created) → IR, in a fixed number of
 * catalog queries whatever the number of tables, assembled with Maps keyed by table oid. Objects
 * outside `public` are named `schema.name` (core/model/schema.ts qualifiedName).
 */

/** The relations Flash owns: ordinary and partitioned tables (and partitions) of the user's schemas, minus extension members and `_flash_*`. */
const ownTables = `
  select c.oid, c.relname, ${relationIrName('c')} as irname
  from pg_class c
  where c.relkind in ('r', 'p') and ${userRelation('c')}`;

const tablesSql = `
  with t as (${ownTables})
  select t.oid::text as oid, t.irname as name, d.description as comment, c.relpersistence = 'u' as unlogged,
    c.reloptions::text[] as reloptions,
    ${partitioningColumns('c')}
  from t join pg_class c on c.oid = t.oid left join pg_description d on d.objoid = t.oid and d.classoid = 'pg_class'::regclass and d.objsubid = 0`;

const columnsSql = `
  with t as (${ownTables})
  select a.attrelid::text as oid, a.attnum as num, a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
    a.attnotnull as notnull, pg_get_expr(ad.adbin, ad.adrelid, true) as def, a.attislocal as islocal,
    a.attidentity as identity, a.attgenerated as generated,
    case when a.attcollation <> 0 and a.attcollation <> ty.typcollation then co.collname end as collation,
    d.description as comment,
    case when ty.typtype = 'd' then format_type(ty.typbasetype, ty.typtypmod) end as domainbase,
    coalesce(et.typtype, ty.typtype) as typtype, ${irName('coalesce(etn.nspname, tyn.nspname)', 'coalesce(et.typname, ty.typname)')} as typname,
    et.oid is not null as isarray,
    ad.adbin is not null and exists (
      select 1 from pg_depend s join pg_class sc on sc.oid = s.objid and sc.relkind = 'S'
      where s.classid = 'pg_class'::regclass and s.refobjid = a.attrelid and s.refobjsubid = a.attnum and s.deptype = 'a'
        and ${isSerialSequence('sc', 't.relname', 'a.attname')}
    ) as ownsseq
  from t
  join pg_attribute a on a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped
  join pg_type ty on ty.oid = a.atttypid
  join pg_namespace tyn on tyn.oid = ty.typnamespace
  left join pg_type et on ty.typcategory = 'A' and et.oid = ty.typelem
  left join pg_namespace etn on etn.oid = et.typnamespace
  left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
  left join pg_collation co on co.oid = a.attcollation
  left join pg_description d on d.objoid = a.attrelid and d.classoid = 'pg_class'::regclass and d.objsubid = a.attnum
  order by a.attrelid, a.attnum`;

function constraintsSql(hasNullsNotDistinct: boolean): string {
  // Key columns come back as attribute numbers and are named from the columns query, which is much
  // cheaper than a correlated lookup per constraint. Only a reference to a table outside our set (an
  // extension's) is resolved here.
  return `
  with t as (${ownTables})
  select con.conrelid::text as oid, con.conname as name, con.contype as type, con.conkey as keys,
    con.confrelid::text as refoid, case when fc.oid is not null then ${relationIrName('fc')} end as reftable, con.confkey as refkeys,
    case when con.contype = 'f' and fc.oid not in (select oid from t) then
      (select json_agg(a.attname order by k.ord) from unnest(con.confkey) with ordinality k(num, ord)
         join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.num) end as refnames,
    con.confupdtype as onupdate, con.confdeltype as ondelete, con.condeferrable as deferrable, con.condeferred as deferred,
    con.connoinherit as noinherit,
    case when con.contype = 'c' then pg_get_constraintdef(con.oid, true) end as def,
    obj_description(con.oid, 'pg_constraint') as comment,
    ${hasNullsNotDistinct ? 'coalesce(ix.indnullsnotdistinct, false)' : 'false'} as nullsnotdistinct,
    -- a key's INCLUDE columns: the attributes of its index past the key ones
    case when con.contype in ('p', 'u') then
      array(select ki.indkey[k.n - 1] from pg_index ki cross join generate_series(ki.indnkeyatts + 1, ki.indnatts) k(n)
            where ki.indexrelid = con.conindid order by k.n)::int2[] end as includekeys
  from t
  -- inherited checks, and keys cloned onto partitions from their parent's, are the parent's
  join pg_constraint con on con.conrelid = t.oid and con.contype in ('p', 'u', 'f', 'c') and con.conislocal and con.conparentid = 0
  left join pg_class fc on fc.oid = con.confrelid
  left join pg_index ix on con.contype = 'u' and ix.indexrelid = con.conindid`;
}

/** The materialized views of the user's schemas (their indexes are modelled with the view). */
const ownMaterializedViews = `
  select c.oid, c.relname
  from pg_class c
  where c.relkind = 'm' and ${userRelation('c')}`;

/** Column names of the materialized views, for their index keys. */
const viewColumnsSql = `
  with t as (${ownMaterializedViews})
  select a.attrelid::text as oid, a.attnum as num, a.attname as name
  from t join pg_attribute a on a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped`;

/** Indexes of `relations` (tables or materialized views) that are not behind a constraint. */
function indexesSql(relations: string, hasNullsNotDistinct: boolean): string {
  return `
  with t as (${relations})
  select i.indrelid::text as oid, ic.relname as name, i.indisunique as isunique, am.amname as method,
    ${hasNullsNotDistinct ? 'i.indnullsnotdistinct' : 'false'} as nullsnotdistinct,
    pg_get_expr(i.indpred, i.indrelid, true) as pred, obj_description(i.indexrelid, 'pg_class') as comment,
    i.indkey::int2[] as keys, i.indoption::int2[] as options, i.indnkeyatts as nkeys,
    -- an operator class is named when it is not the type's default, or when it has parameters
    -- (attoptions of the index column: \`tsvector_ops (siglen=100)\`)
    (select json_agg(case when not o.opcdefault or ia.attoptions is not null then
                       case when on_.nspname in ('pg_catalog', 'public') then quote_ident(o.opcname) else quote_ident(on_.nspname) || '.' || quote_ident(o.opcname) end
                       || coalesce(' (' || array_to_string(ia.attoptions, ', ') || ')', '')
                     end order by k.n)
       from generate_series(1, i.indnkeyatts) k(n) join pg_opclass o on o.oid = i.indclass[k.n - 1] join pg_namespace on_ on on_.oid = o.opcnamespace
       left join pg_attribute ia on ia.attrelid = i.indexrelid and ia.attnum = k.n) as opclasses,
    (select json_agg(case
         when i.indkey[k.n - 1] <> 0 then case when i.indcollation[k.n - 1] <> 0 and i.indcollation[k.n - 1] <> a.attcollation then co.collname end
         -- an expression's own collation is not in the catalog: the server prints COLLATE after it when the index's differs
         when i.indcollation[k.n - 1] <> 0
           and strpos(pg_get_indexdef(i.indexrelid, 0, true), pg_get_indexdef(i.indexrelid, k.n, true) || ' COLLATE ' || quote_ident(co.collname)) > 0
           then co.collname
       end order by k.n)
       from generate_series(1, i.indnkeyatts) k(n)
       left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[k.n - 1]
       left join pg_collation co on co.oid = i.indcollation[k.n - 1]) as collations,
    case when i.indexprs is not null then
      (select json_agg(pg_get_indexdef(i.indexrelid, k.n, true) order by k.n)
         from generate_series(1, i.indnkeyatts) k(n) where i.indkey[k.n - 1] = 0) end as expressions
  from t
  join pg_index i on i.indrelid = t.oid
  join pg_class ic on ic.oid = i.indexrelid
  join pg_am am on am.oid = ic.relam
  where not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.conrelid = i.indrelid and c.contype in ('p', 'u', 'x'))
    -- an index attached to a partitioned parent's index is the parent's
    and not exists (select 1 from pg_inherits ih where ih.inhrelid = i.indexrelid)`;
}

const enumsSql = `
  select ${irName('n.nspname', 't.typname')} as name, json_agg(e.enumlabel order by e.enumsortorder) as labels, obj_description(t.oid, 'pg_type') as comment
  from pg_type t
  join pg_namespace n on n.oid = t.typnamespace
  join pg_enum e on e.enumtypid = t.oid
  where ${inUserNamespace('n.oid')}
    and not exists (select 1 from pg_depend x where x.classid = 'pg_type'::regclass and x.objid = t.oid and x.deptype = 'e')
  group by n.nspname, t.typname, t.oid`;

// plpgsql is built into every database; an extension is the user's schema only when they created it.
// Its comment is the user's only when it differs from the one CREATE EXTENSION set (its control file's).
const extensionsSql = `
  select x.extname as name, n.nspname as schema,
    nullif(obj_description(x.oid, 'pg_extension'), (select a.comment from pg_available_extensions a where a.name = x.extname)) as comment
  from pg_extension x join pg_namespace n on n.oid = x.extnamespace
  where x.extname <> 'plpgsql'
  order by x.extname`;

const viewsSql = `
  select c.oid::text as oid, ${relationIrName('c')} as name, c.relkind as kind, pg_get_viewdef(c.oid, true) as def,
    c.reloptions::text[] as options, obj_description(c.oid, 'pg_class') as comment
  from pg_class c
  where c.relkind in ('v', 'm') and ${userRelation('c')}`;

/** The schemas the user created (`public` is every database's own). */
const namespacesSql = `
  select n.nspname as name, obj_description(n.oid, 'pg_namespace') as comment
  from pg_namespace n
  where n.nspname <> 'public' and ${inUserNamespace('n.oid')}
  order by n.nspname`;

interface ColumnRow {
  oid: string;
  num: number;
  name: string;
  type: string;
  notnull: boolean;
  def: string | null;
  identity: string;
  generated: string;
  collation: string | null;
  comment: string | null;
  typtype: string;
  typname: string;
  /** The base type of a domain column, for its family. */
  domainbase: string | null;
  isarray: boolean;
  ownsseq: boolean;
  /** False for a column a partition or INHERITS child only inherits: it is the parent's, named here for keys and indexes. */
  islocal: boolean;
}

interface ConstraintRow {
  oid: string;
  name: string;
  type: 'p' | 'u' | 'f' | 'c';
  keys: unknown;
  refoid: string;
  reftable: string | null;
  refkeys: unknown;
  refnames: unknown;
  onupdate: string;
  ondelete: string;
  deferrable: boolean;
  deferred: boolean;
  noinherit: boolean;
  def: string | null;
  nullsnotdistinct: boolean;
  /** attribute numbers of a primary key's or unique constraint's INCLUDE columns */
  includekeys: unknown;
  comment: string | null;
}

interface IndexRow {
  oid: string;
  name: string;
  isunique: boolean;
  method: string;
  nullsnotdistinct: boolean;
  pred: string | null;
  keys: unknown;
  options: unknown;
  nkeys: number;
  /** Per key element: the operator class when it is not the default, else null. */
  opclasses: unknown;
  /** Per key element: its collation when it is not the column's (or the expression's) own, else null. */
  collations: unknown;
  expressions: unknown;
  comment: string | null;
}

/** Attribute number → column name, per table oid. */
type ColumnNames = Map<string, Map<number, string>>;

const actions: Record<string, ReferentialAction> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
const serialOf: Record<string, string> = { integer: 'serial', bigint: 'bigserial', smallint: 'smallserial' };

/** PGlite returns json columns already parsed, pg too; both may hand back text for some setups. */
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** int2[] as an array, whether the driver parsed it or left the `{1,2}` text. */
function ints(value: unknown): number[] {
  if (Array.isArray(value)) return value.map(Number);
  if (typeof value === 'string')
    return value
      .replace(/[{}]/g, '')
      .split(/[,\s]+/)
      .filter(Boolean)
      .map(Number);
  return [];
}

export async function introspectPostgres(conn: Connection): Promise<Schema> {
  // The catalog queries look expensive to the planner (function calls per row), which would switch on
  // JIT compilation: ~100 ms of compiling for queries that run in a few ms. Off for the duration.
  // (the comment on schema public rides along: one query fewer)
  // The server's deparse (format_type, pg_get_expr, pg_get_viewdef) qualifies a name only when its
  // schema is not on the search path: pinned to `public` (which is how the IR names objects), so a
  // role's or URL's own search_path never changes what Flash reads.
  const [{ version, jit, searchpath, publiccomment }] = await conn.query<{
    version: string;
    jit: string | null;
    searchpath: string;
    publiccomment: string | null;
  }>(
    `select current_setting('server_version_num') as version, current_setting('jit', true) as jit,
      current_setting('search_path') as searchpath, obj_description('public'::regnamespace, 'pg_namespace') as publiccomment`,
  );
  if (jit === 'on') await conn.query(`select set_config('jit', 'off', false)`);
  if (searchpath !== 'public') await conn.query(`select set_config('search_path', 'public', false)`);
  try {
    const schema = await readSchema(conn, Number(version));
    if (publiccomment !== null && publiccomment !== defaultPublicComment) schema.publicComment = publiccomment;
    return schema;
  } finally {
    if (searchpath !== 'public') await conn.query(`select set_config('search_path', $1, false)`, [searchpath]);
    if (jit === 'on') await conn.query(`select set_config('jit', 'on', false)`);
  }
}

async function readSchema(conn: Connection, version: number): Promise<Schema> {
  const tableRows = await conn.query<
    { oid: string; name: string; comment: string | null; unlogged: boolean; reloptions: unknown } & PartitioningRow
  >(tablesSql);
  const columnRows = await conn.query<ColumnRow>(columnsSql);
  const constraintRows = await conn.query<ConstraintRow>(constraintsSql(version >= 150000));
  const indexRows = await conn.query<IndexRow>(indexesSql(ownTables, version >= 150000));
  const enumRows = await conn.query<{ name: string; labels: unknown; comment: string | null }>(enumsSql);
  const viewRows = await conn.query<{ oid: string; name: string; kind: string; def: string; options: unknown; comment: string | null }>(
    viewsSql,
  );
  const viewIndexRows = viewRows.some((v) => v.kind === 'm')
    ? await conn.query<IndexRow>(indexesSql(ownMaterializedViews, version >= 150000))
    : [];
  const viewColumnRows = viewIndexRows.length ? await conn.query<{ oid: string; num: number; name: string }>(viewColumnsSql) : [];
  const extensionRows = await conn.query<{ name: string; schema: string; comment: string | null }>(extensionsSql);
  const namespaceRows = await conn.query<{ name: string; comment: string | null }>(namespacesSql);

  const schema: Schema = { ...emptySchema('postgresql'), ...(await introspectUserTypes(conn)) };
  if (namespaceRows.length)
    schema.namespaces = namespaceRows.map((r) => ({ name: r.name, ...(r.comment !== null ? { comment: r.comment } : {}) }));
  const sequences = await introspectSequences(conn);
  if (sequences.length) schema.sequences = sequences;
  if (extensionRows.length)
    schema.extensions = extensionRows.map((r) => ({
      name: r.name,
      ...(r.schema !== 'public' ? { schema: r.schema } : {}),
      ...(r.comment !== null ? { comment: r.comment } : {}),
    }));
  const byOid = new Map<string, Table>();
  for (const row of tableRows) {
    const table = emptyTable(row.name);
    if (row.comment !== null) table.comment = row.comment;
    const storage = storageOptions(row.reloptions);
    if (row.unlogged || storage) table.options = { ...(row.unlogged ? { unlogged: true } : {}), ...(storage ? { storage } : {}) };
    addPartitioning(table, row);
    byOid.set(row.oid, table);
    schema.tables.push(table);
  }
  const names: ColumnNames = new Map();
  for (const row of columnRows) {
    const table = byOid.get(row.oid);
    if (!table) continue;
    if (row.islocal) table.columns.push(toColumn(row));
    let byNum = names.get(row.oid);
    if (!byNum) names.set(row.oid, (byNum = new Map<number, string>()));
    byNum.set(Number(row.num), row.name);
  }
  for (const row of constraintRows) {
    const table = byOid.get(row.oid);
    if (table) addConstraint(table, row, names);
  }
  for (const row of indexRows) {
    const table = byOid.get(row.oid);
    if (table) table.indexes.push(toIndex(row, names.get(row.oid)));
  }
  const viewNames: ColumnNames = new Map();
  for (const row of viewColumnRows) {
    let byNum = viewNames.get(row.oid);
    if (!byNum) viewNames.set(row.oid, (byNum = new Map<number, string>()));
    byNum.set(Number(row.num), row.name);
  }
  const viewIndexes = new Map<string, Index[]>();
  for (const row of viewIndexRows) {
    const list = viewIndexes.get(row.oid) ?? [];
    list.push(toIndex(row, viewNames.get(row.oid)));
    viewIndexes.set(row.oid, list);
  }
  for (const row of enumRows)
    schema.enums.push({ name: row.name, values: json<string[]>(row.labels), ...(row.comment !== null ? { comment: row.comment } : {}) });
  for (const row of viewRows) {
    const view: View = { name: row.name, definition: normalizeViewDefinition(row.def, version) };
    if (row.kind === 'm') {
      view.materialized = true;
      const storage = storageOptions(row.options);
      if (storage) view.storage = storage;
    } else addViewOptions(view, row.options);
    if (row.comment !== null) view.comment = row.comment;
    const indexes = viewIndexes.get(row.oid);
    if (indexes) view.indexes = indexes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    schema.views.push(view);
  }
  schema.tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const definitions = [...(await introspectDefinitions(conn)), ...(await introspectCollationsAndExclusions(conn))].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  if (definitions.length) schema.definitions = definitions;
  return schema;
}

/** `security_invoker`, `security_barrier` and `check_option` of a view's reloptions (others are listed as unmodelled). */
function addViewOptions(view: View, options: unknown): void {
  const list = Array.isArray(options) ? (options as string[]) : typeof options === 'string' ? textArray(options) : [];
  const on = (value: string) => ['true', 'on', 'yes', '1'].includes(value.toLowerCase());
  for (const option of list) {
    const at = option.indexOf('=');
    const [key, value] = at < 0 ? [option, 'true'] : [option.slice(0, at), option.slice(at + 1)];
    if (key === 'security_invoker' && on(value)) view.securityInvoker = true;
    else if (key === 'security_barrier' && on(value)) view.securityBarrier = true;
    else if (key === 'check_option' && (value === 'local' || value === 'cascaded')) view.checkOption = value;
  }
}

/** Storage parameters (`reloptions`) of a table or materialized view, name → value; undefined when none. */
function storageOptions(options: unknown): Record<string, string> | undefined {
  const list = Array.isArray(options) ? (options as string[]) : typeof options === 'string' ? textArray(options) : [];
  if (list.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const option of [...list].sort()) {
    const at = option.indexOf('=');
    if (at < 0) out[option] = 'true';
    else out[option.slice(0, at)] = option.slice(at + 1);
  }
  return out;
}

/** A `{a,b}` text[] literal the driver left as text (option values hold no commas or quotes). */
function textArray(value: string): string[] {
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .map((s) => s.replace(/^"|"$/g, ''))
    .filter(Boolean);
}

function toColumn(row: ColumnRow): Column {
  const isEnum = row.typtype === 'e';
  let type = isEnum ? quoteName(row.typname) + (row.isarray ? '[]' : '') : normalizeType(row.type);
  let def = row.def ?? undefined;
  // serial = integer + default nextval() of a sequence the column owns; spelled `serial` so that the
  // sequence (whose name follows the table's) is not part of the IR.
  if (row.ownsseq && def && /^nextval\('[^']*'::regclass\)$/.test(def) && serialOf[type]) {
    type = serialOf[type];
    def = undefined;
  }
  const family = row.domainbase !== null ? typeFamily(normalizeType(row.domainbase), false) : typeFamily(type, isEnum);
  const column: Column = { name: row.name, type, family, nullable: !row.notnull };
  if (row.identity === 'a' || row.identity === 'd') {
    column.identity = row.identity === 'a' ? 'always' : 'by-default';
  } else if (row.generated === 's' || row.generated === 'v') {
    column.generated = { expression: row.def ?? '', stored: row.generated === 's' };
  } else if (def !== undefined) {
    const normalized = normalizeDefault(def, family);
    if (normalized !== undefined) column.default = normalized;
  }
  if (row.collation !== null) column.collation = row.collation;
  if (row.comment !== null) column.comment = row.comment;
  return column;
}

function columnNames(names: ColumnNames, oid: string, keys: unknown): string[] {
  const byNum = names.get(oid);
  return ints(keys).map((n) => byNum?.get(n) ?? `#${n}`);
}

function addConstraint(table: Table, row: ConstraintRow, names: ColumnNames): void {
  const columns = columnNames(names, row.oid, row.keys);
  switch (row.type) {
    case 'p': {
      const pk: PrimaryKey = row.name === `${localName(table.name)}_pkey` ? { columns } : { name: row.name, columns };
      if (row.deferrable) pk.deferrable = row.deferred ? 'deferred' : 'immediate';
      const include = columnNames(names, row.oid, row.includekeys);
      if (include.length > 0) pk.include = include;
      if (row.comment !== null) pk.comment = row.comment;
      table.primaryKey = pk;
      break;
    }
    case 'u': {
      const unique: UniqueConstraint = { name: row.name, columns };
      if (row.nullsnotdistinct) unique.nullsNotDistinct = true;
      if (row.deferrable) unique.deferrable = row.deferred ? 'deferred' : 'immediate';
      const include = columnNames(names, row.oid, row.includekeys);
      if (include.length > 0) unique.include = include;
      if (row.comment !== null) unique.comment = row.comment;
      table.uniques.push(unique);
      break;
    }
    case 'c': {
      const check: CheckConstraint = { name: row.name, expression: normalizeCheck(row.def ?? '') };
      if (row.noinherit) check.noInherit = true;
      if (row.comment !== null) check.comment = row.comment;
      table.checks.push(check);
      break;
    }
    case 'f': {
      const fk: ForeignKey = {
        name: row.name,
        columns,
        referencedTable: row.reftable ?? '',
        referencedColumns: row.refnames !== null ? json<string[]>(row.refnames) : columnNames(names, row.refoid, row.refkeys),
        onDelete: actions[row.ondelete] ?? 'no action',
        onUpdate: actions[row.onupdate] ?? 'no action',
      };
      if (row.deferrable) fk.deferrable = row.deferred ? 'deferred' : 'immediate';
      if (row.comment !== null) fk.comment = row.comment;
      table.foreignKeys.push(fk);
      break;
    }
  }
}

function toIndex(row: IndexRow, names: Map<number, string> | undefined): Index {
  const keys = ints(row.keys);
  const options = ints(row.options);
  const expressions = row.expressions !== null ? json<string[]>(row.expressions) : [];
  const opclasses = row.opclasses !== null ? json<Array<string | null>>(row.opclasses) : [];
  const collations = row.collations !== null ? json<Array<string | null>>(row.collations) : [];
  let nextExpression = 0;
  const elements: IndexElement[] = [];
  for (let k = 0; k < Number(row.nkeys); k++) {
    const el: IndexElement =
      keys[k] !== 0 ? { column: names?.get(keys[k]) ?? `#${keys[k]}` } : { expression: expressions[nextExpression++] ?? '' };
    if (collations[k]) el.collation = collations[k] as string;
    if (opclasses[k]) el.opclass = opclasses[k] as string;
    const descending = (options[k] & 1) === 1;
    const nullsFirst = (options[k] & 2) === 2;
    if (descending) el.descending = true;
    if (descending !== nullsFirst) el.nulls = nullsFirst ? 'first' : 'last';
    elements.push(el);
  }
  const index: Index = { name: row.name, elements, unique: row.isunique };
  const include = keys.slice(Number(row.nkeys)).map((n) => names?.get(n) ?? `#${n}`);
  if (include.length > 0) index.include = include;
  if (row.pred !== null) index.where = row.pred;
  if (row.method !== 'btree') index.method = row.method;
  if (row.nullsnotdistinct) index.nullsNotDistinct = true;
  if (row.comment !== null) index.comment = row.comment;
  return index;
}
