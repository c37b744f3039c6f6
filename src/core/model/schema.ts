/**
 * The dialect-neutral schema IR. Every engine's introspection fills it in, the diff and the merge
 * compare it, and the snapshot store hashes its canonical JSON. Optional fields are omitted (never
 * `undefined`) when they do not apply, so two equal schemas always serialize identically.
 */

import type { Definition } from './definitions.js';
import type { CompositeType, Domain, Sequence } from './user-types.js';

export type { CompositeAttribute, CompositeType, Domain, DomainCheck, Sequence } from './user-types.js';

export type Provider = 'postgresql' | 'mysql' | 'sqlite' | 'mongodb';

/** Coarse type class used by lint (narrowing, rewrites) and by cross-checks; the dialect keeps its own spelling in `type`. */
export type TypeFamily =
  | 'integer'
  | 'decimal'
  | 'float'
  | 'boolean'
  | 'text'
  | 'binary'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'interval'
  | 'uuid'
  | 'json'
  | 'enum'
  | 'array'
  | 'other';

export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface Schema {
  /** Format version of the IR itself, bumped only with a migration path for stored objects. */
  formatVersion: 1;
  provider: Provider;
  tables: Table[];
  enums: EnumType[];
  views: View[];
  /** MongoDB only; empty for SQL engines. */
  collections: Collection[];
  /**
   * PostgreSQL extensions (`CREATE EXTENSION`), sorted by name; omitted when none, so snapshots from
   * before extensions were modelled keep their hash.
   */
  extensions?: Extension[];
  /**
   * Functions, procedures, triggers, policies, row-level security and events, compared by the
   * definition the server returns (see definitions.ts), sorted by identity key; omitted when none, so
   * snapshots of schemas without them keep their hash. (SQLite keeps its triggers on the table.)
   */
  definitions?: Definition[];
  /** PostgreSQL domains, sorted by name; omitted when none (older snapshots keep their hash). */
  domains?: Domain[];
  /** PostgreSQL composite types, sorted by name; omitted when none. */
  compositeTypes?: CompositeType[];
  /** PostgreSQL standalone sequences, sorted by name; omitted when none. */
  sequences?: Sequence[];
  /**
   * PostgreSQL `COMMENT ON SCHEMA public` when it differs from the comment every database starts with
   * (`standard public schema`); omitted otherwise.
   */
  publicComment?: string;
  /**
   * PostgreSQL schemas the user created (`CREATE SCHEMA billing`), sorted by name; omitted when none.
   * An object in one of them is named `schema.name` in the IR (tables, views, types, domains,
   * sequences: see `qualifiedName`), so snapshots of `public`-only schemas keep their hash.
   */
  namespaces?: Namespace[];
}

/** A PostgreSQL schema other than `public` (`CREATE SCHEMA`). */
export interface Namespace {
  name: string;
  /** `COMMENT ON SCHEMA`; omitted when none. */
  comment?: string;
}

/**
 * The IR name of an object in PostgreSQL schema `schema`: bare in `public` (where every snapshot
 * before schemas were modelled lives), `schema.name` elsewhere. Flash refuses identifiers holding a
 * dot for the objects named this way (dialects/postgres/unmodelled.ts), so the first dot always
 * separates the schema.
 */
export function qualifiedName(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

/**
 * The IR name of a table SQL text names `qualifier.name` (qualifier undefined when bare) where IR
 * names are schema-qualified (SqlTraits.schemaQualifiedNames, PostgreSQL): a schema other than
 * `public` is kept. Elsewhere the qualifier (MySQL's database) is not part of the name.
 */
export function tableNameInSql(schemaQualified: boolean, qualifier: string | undefined, name: string): string {
  if (!schemaQualified || qualifier === undefined) return name;
  return qualifiedName(qualifier.toLowerCase() === 'public' ? 'public' : qualifier, name);
}

/**
 * The IR name of the object `name` that lives in the schema of the object `owner`: an index (its
 * table's schema), a serial's sequence, a table moved next to its new name.
 */
export function inSchemaOf(owner: string, name: string): string {
  return qualifiedName(schemaOfName(owner), name);
}

/** The schema part of an IR object name (`public` for a bare one). */
export function schemaOfName(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? 'public' : name.slice(0, dot);
}

/** The object's own name, without its schema (`invoices` of `billing.invoices`). */
export function localName(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(dot + 1);
}

/**
 * An installed extension. Its version is not part of the schema: each server installs the version it
 * ships, and comparing versions would report every dump from another server as a change.
 */
export interface Extension {
  name: string;
  /** The schema its objects live in; omitted for `public`. */
  schema?: string;
  /** `COMMENT ON EXTENSION` when it differs from the extension's own (its control file's); omitted otherwise. */
  comment?: string;
}

export interface Table {
  name: string;
  /** Column order is significant and preserved by canonicalization. */
  columns: Column[];
  primaryKey?: PrimaryKey;
  uniques: UniqueConstraint[];
  indexes: Index[];
  foreignKeys: ForeignKey[];
  checks: CheckConstraint[];
  comment?: string;
  options?: TableOptions;
  /** Triggers on this table, sorted by name; omitted when none. Filled by SQLite (a table rebuild must recreate them). */
  triggers?: Trigger[];
  /**
   * PostgreSQL `PARTITION BY …` of a partitioned table: the key as the server prints it
   * (`pg_get_partkeydef`: `RANGE (at)`, `LIST (code)`, `HASH (id)`); omitted for other tables.
   */
  partitionBy?: string;
  /**
   * PostgreSQL partition (`PARTITION OF parent FOR VALUES …`): its parent and bound as the server
   * prints it (`pg_get_expr(relpartbound)`: `FOR VALUES FROM (…) TO (…)`, `DEFAULT`). A partition's
   * IR holds only what is its own: its columns, the constraints it inherits and the indexes attached
   * from the parent's are the parent's. Omitted for other tables.
   */
  partitionOf?: PartitionOf;
  /**
   * PostgreSQL `INHERITS (…)` parents, in declaration order. The child's `columns` and `checks` are
   * then only its local ones (inherited ones are the parents'). Omitted when none.
   */
  inherits?: string[];
}

export interface PartitionOf {
  parent: string;
  bound: string;
}

export interface Trigger {
  name: string;
  /** The full `CREATE TRIGGER …` text, whitespace and comments collapsed. */
  definition: string;
}

export interface TableOptions {
  /** PostgreSQL `UNLOGGED`; omitted (never false) for an ordinary logged table. */
  unlogged?: boolean;
  /**
   * PostgreSQL storage parameters (`WITH (fillfactor = 70, autovacuum_enabled = false)`, the
   * table's `reloptions`), name → value as the server stores it; omitted when none is set.
   */
  storage?: Record<string, string>;
  /** SQLite */
  withoutRowid?: boolean;
  strict?: boolean;
  /** MySQL */
  engine?: string;
  charset?: string;
  collation?: string;
  /**
   * MySQL/MariaDB table options beyond engine, charset and collation (`row_format=DYNAMIC`,
   * `page_checksum=1`, `stats_persistent=0`, …) as `information_schema.tables.create_options` lists
   * them: `name=value`, names lower-case, sorted by name; omitted when none.
   */
  createOptions?: string[];
}

export interface Column {
  name: string;
  /** Canonical spelling of the type in the provider's dialect, lower-case (e.g. `integer`, `varchar(255)`, `int unsigned`). */
  type: string;
  family: TypeFamily;
  nullable: boolean;
  /** Normalized default expression as SQL text (e.g. `0`, `'x'`, `now()`, `CURRENT_TIMESTAMP`). */
  default?: string;
  /** PG identity (`always` / `by-default`), MySQL auto_increment and SQLite AUTOINCREMENT (`auto-increment`). */
  identity?: 'always' | 'by-default' | 'auto-increment';
  generated?: GeneratedColumn;
  collation?: string;
  comment?: string;
  /** MySQL `ON UPDATE CURRENT_TIMESTAMP` */
  onUpdate?: string;
  /**
   * SQLite rowid alias (`INTEGER PRIMARY KEY`) declared with an explicit `NOT NULL`: it never holds
   * NULL either way (`nullable` is false), but `pragma table_info` reports NOT NULL only when written.
   * Omitted (never false) otherwise, so schemas without it keep their hash.
   */
  explicitNotNull?: true;
}

export interface GeneratedColumn {
  expression: string;
  stored: boolean;
}

/** `DEFERRABLE INITIALLY IMMEDIATE` / `… DEFERRED` (PostgreSQL, SQLite foreign keys); omitted when not deferrable. */
export type Deferrable = 'immediate' | 'deferred';

export interface PrimaryKey {
  name?: string;
  columns: string[];
  /** PostgreSQL; omitted when not deferrable. */
  deferrable?: Deferrable;
  /** PostgreSQL `INCLUDE (…)` non-key columns of its index, in order; omitted when none. */
  include?: string[];
  /** `COMMENT ON …` (PostgreSQL); omitted when none. */
  comment?: string;
}

export interface UniqueConstraint {
  name: string;
  columns: string[];
  /** PG15 `NULLS NOT DISTINCT`; omitted (never false) when nulls are distinct. */
  nullsNotDistinct?: boolean;
  /** PostgreSQL; omitted when not deferrable. */
  deferrable?: Deferrable;
  /** PostgreSQL `INCLUDE (…)` non-key columns of its index, in order; omitted when none. */
  include?: string[];
  /** `COMMENT ON …` (PostgreSQL); omitted when none. */
  comment?: string;
}

export interface IndexElement {
  /** Exactly one of column / expression. */
  column?: string;
  expression?: string;
  descending?: boolean;
  /** MySQL prefix length */
  length?: number;
  /** PostgreSQL `COLLATE` of an element, omitted when it is the column's (or the expression's) own collation. */
  collation?: string;
  /**
   * PostgreSQL operator class (`text_pattern_ops`, `gin_trgm_ops`), with its parameters when it has any
   * (`tsvector_ops (siglen=100)`), as written in DDL; omitted when it is the type's default without parameters.
   */
  opclass?: string;
  /** PostgreSQL `NULLS FIRST` / `NULLS LAST`; omitted at the default (last ascending, first descending). */
  nulls?: 'first' | 'last';
}

export interface Index {
  name: string;
  elements: IndexElement[];
  unique: boolean;
  /** Partial-index predicate (PG, SQLite) */
  where?: string;
  /** Access method (`btree`, `gin`, `hash`, …); omitted when it is the engine default. */
  method?: string;
  /** PostgreSQL `INCLUDE (…)` non-key columns, in order; omitted when none. */
  include?: string[];
  /** PG15 `NULLS NOT DISTINCT` of a unique index; omitted (never false) when nulls are distinct. */
  nullsNotDistinct?: boolean;
  /** `COMMENT ON …` (PostgreSQL); omitted when none. */
  comment?: string;
}

export interface ForeignKey {
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  deferrable?: Deferrable;
  /** `COMMENT ON …` (PostgreSQL); omitted when none. */
  comment?: string;
}

export interface CheckConstraint {
  name: string;
  expression: string;
  /** PostgreSQL `NO INHERIT`; omitted (never false) for an ordinary check. */
  noInherit?: boolean;
  /** `COMMENT ON …` (PostgreSQL); omitted when none. */
  comment?: string;
}

export interface EnumType {
  name: string;
  /** Order is significant. */
  values: string[];
  /** `COMMENT ON …` (PostgreSQL); omitted when none. */
  comment?: string;
}

export interface View {
  name: string;
  /** Normalized view definition (the engine's own deparse, trimmed). */
  definition: string;
  materialized?: boolean;
  /** PostgreSQL view options (`WITH (…)`), each omitted at its default (off / no check option). */
  securityInvoker?: boolean;
  securityBarrier?: boolean;
  /** `WITH [LOCAL | CASCADED] CHECK OPTION` */
  checkOption?: 'local' | 'cascaded';
  /** Storage parameters of a PostgreSQL materialized view (`WITH (fillfactor = 70)`), as on a table; omitted when none. */
  storage?: Record<string, string>;
  /** Indexes of a PostgreSQL materialized view, sorted by name; omitted when none. */
  indexes?: Index[];
  /** SQLite `INSTEAD OF` triggers on this view, sorted by name; omitted when none. */
  triggers?: Trigger[];
  /** `COMMENT ON …` (PostgreSQL); omitted when none. */
  comment?: string;
}

export interface Collection {
  name: string;
  /** `$jsonSchema` validator document (or null when none) */
  validator?: Record<string, unknown>;
  validationLevel?: 'off' | 'strict' | 'moderate';
  validationAction?: 'error' | 'warn';
  indexes: CollectionIndex[];
}

export interface CollectionIndex {
  name: string;
  /** Ordered key spec, e.g. [["email", 1]] or [["loc", "2dsphere"]] */
  keys: Array<[string, number | string]>;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Record<string, unknown>;
  expireAfterSeconds?: number;
  /** Collation of the index (MongoDB), server defaults omitted (see mongodb/normalize.ts). */
  collation?: Record<string, unknown>;
}

export function emptySchema(provider: Provider): Schema {
  return { formatVersion: 1, provider, tables: [], enums: [], views: [], collections: [] };
}

export function emptyTable(name: string): Table {
  return { name, columns: [], uniques: [], indexes: [], foreignKeys: [], checks: [] };
}

/**
 * The IR name a column's (attribute's) type refers to, when it is a user type: PostgreSQL spells
 * `mood`, `"Mood"`, `lookup.mood`, `lookup."Mood"`, with `[]` for arrays; the IR names them `mood`,
 * `Mood`, `lookup.mood`, `lookup.Mood`. Any other spelling comes back unquoted but otherwise as is.
 */
export function typeObjectName(type: string): string {
  const base = type.replace(/(\[\])+$/, '');
  const m = /^("(?:[^"]|"")+"|[^".]+)(?:\.("(?:[^"]|"")+"|[^".]+))?$/.exec(base);
  if (!m) return base;
  const part = (p: string) => (p.startsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p);
  return m[2] === undefined ? part(m[1]) : qualifiedName(part(m[1]), part(m[2]));
}
