/**
 * Catalog SQL fragments shared by introspection and the unmodelled-object check: which schemas are the
 * user's, and how an object in one is named in the IR (core/model/schema.ts qualifiedName: bare in
 * `public`, `schema.name` elsewhere).
 */

const systemSchema = `(%s in ('pg_catalog', 'information_schema', 'pg_toast') or %s like 'pg\\_temp\\_%%' or %s like 'pg\\_toast\\_temp\\_%%')`;

/** `col` (a schema name) is a system schema: the catalog, information_schema, TOAST and temporary ones. */
export const isSystem = (col: string): string => systemSchema.replaceAll('%s', col).replaceAll('%%', '%');

/** The object `oid` of catalog `catalog` does not belong to an extension (which is the extension's, not the user's). */
export const notExtensionMember = (catalog: string, oid: string): string =>
  `not exists (select 1 from pg_depend xd where xd.classid = '${catalog}'::regclass and xd.objid = ${oid} and xd.deptype = 'e')`;

/**
 * The user's schemas: `public` and every schema the user created, not a system schema and not one an
 * extension created. Uncorrelated, so the planner hashes it once per query.
 */
const userNamespaces = `(select un.oid from pg_namespace un where not ${isSystem('un.nspname')} and ${notExtensionMember('pg_namespace', 'un.oid')})`;

/** `oid` (a pg_namespace oid) is one of the user's schemas. */
export const inUserNamespace = (oid: string): string => `${oid} in ${userNamespaces}`;

/** A relation `c` of the user's: in one of their schemas, not Flash's own `_flash_*`, not an extension's. */
export const userRelation = (c: string): string =>
  `${inUserNamespace(`${c}.relnamespace`)} and ${c}.relname not like '\\_flash\\_%' and ${notExtensionMember('pg_class', `${c}.oid`)}`;

/** The IR name (text) of the object named `name` in the schema whose name is `nspname`. */
export const irName = (nspname: string, name: string): string =>
  `case when ${nspname} = 'public' then ${name}::text else ${nspname}::text || '.' || ${name}::text end`;

/** The IR name of the relation `c` (a pg_class row), its schema looked up by oid (`::regnamespace::text` would quote it). */
export const relationIrName = (c: string): string =>
  `case when ${c}.relnamespace = 'public'::regnamespace then ${c}.relname::text
    else (select rn.nspname::text from pg_namespace rn where rn.oid = ${c}.relnamespace) || '.' || ${c}.relname::text end`;
