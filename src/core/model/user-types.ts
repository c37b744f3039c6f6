/**
 * PostgreSQL user-defined types beyond enums: domains and composite types. Both live in schema
 * `public` like the tables that use them; a column of one names it in `Column.type` (quoted only when
 * its name needs quotes, as `format_type` prints it).
 */

export interface Domain {
  name: string;
  /** The base type in canonical spelling (`integer`, `varchar(20)`, an enum's quoted name). */
  type: string;
  /** `NOT NULL` on the domain; omitted when the domain accepts NULL. */
  notNull?: true;
  /** Default expression as the server stores it; omitted when none. */
  default?: string;
  /** Collation other than the base type's; omitted otherwise. */
  collation?: string;
  /** Named CHECK constraints, sorted by name; omitted when none. */
  checks?: DomainCheck[];
  /** `COMMENT ON …` (PostgreSQL); omitted when none. */
  comment?: string;
}

export interface DomainCheck {
  name: string;
  /** The expression inside `CHECK (…)`, as `pg_get_constraintdef` returns it (uses `VALUE`). */
  expression: string;
}

/** `CREATE TYPE name AS (attr type, …)`; attribute order is significant. */
export interface CompositeType {
  name: string;
  attributes: CompositeAttribute[];
  /** `COMMENT ON …` (PostgreSQL); omitted when none. */
  comment?: string;
}

export interface CompositeAttribute {
  name: string;
  type: string;
  collation?: string;
}

/**
 * A standalone PostgreSQL sequence (`CREATE SEQUENCE`). Options at their PostgreSQL default are
 * omitted, so `CREATE SEQUENCE s` is `{ name: 's' }`. Numbers are strings: bigint bounds exceed a JS
 * number. The sequences `serial` and identity columns create are not listed here (the column says it).
 */
export interface Sequence {
  name: string;
  /** `smallint` or `integer`; omitted for the default `bigint`. */
  type?: string;
  start?: string;
  increment?: string;
  min?: string;
  max?: string;
  cache?: string;
  cycle?: true;
  /** `OWNED BY table.column`: the sequence is dropped with that column. */
  ownedBy?: { table: string; column: string };
  /** `COMMENT ON …` (PostgreSQL); omitted when none. */
  comment?: string;
}
