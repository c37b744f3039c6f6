/**
 * The engine facts the pure core needs to diff, lint and merge correctly, as data. Core never asks
 * which engine it is (and never imports src/dialects): each Dialect carries its `traits`
 * (src/dialects/<engine>/traits.ts) and the api passes them down. Each trait is named for what it
 * means, so a new engine answers the questions instead of being compared by name.
 */
export interface EngineTraits {
  /** How Flash writes SQL of its own (lint's count queries, export). Absent: the engine has no SQL (MongoDB), so risky changes are not measured and a Down's loss is taken as certain. */
  readonly sql?: SqlTraits;

  /**
   * Each DDL statement commits on its own (MySQL/MariaDB), so a migration failing midway keeps the
   * statements before it: lint says so (L007). It is the SQL face of `capabilities.transactionalDdl`;
   * MongoDB's commands are not DDL statements and L007 has never covered them.
   */
  readonly ddlAutocommits: boolean;
  /**
   * Some column changes rewrite the whole table under an exclusive lock (PostgreSQL): adding a column
   * every row needs its own value for (volatile default, identity, stored generated), a type change
   * other than a binary-compatible widening (lint/type-change.ts), a new generated expression. Lint warns (L006).
   */
  readonly exclusiveTableRewrites: boolean;
  /**
   * A NOT NULL column added without a default gives existing rows the type's implicit value ('' or 0)
   * instead of failing (MySQL/MariaDB), so lint warns (L004) where other engines get an error.
   */
  readonly implicitColumnDefaults: boolean;

  /**
   * A column's declared type is enforced: on a type change every value must fit or convert, or the
   * migration fails. False for SQLite, whose type affinity keeps any value in any column and ignores
   * declared lengths (a change of family only changes the affinity); MongoDB has no column types.
   */
  readonly enforcesDeclaredTypes: boolean;
  /** The unparameterized text types have a maximum length (MySQL: TINYTEXT 255 … LONGTEXT 4 GiB), so TEXT → TINYTEXT narrows; elsewhere TEXT is unbounded. */
  readonly boundedTextTypes: boolean;

  /**
   * A column a generated column reads cannot be retyped (PostgreSQL refuses), so the diff drops such
   * generated columns and adds them back around the type change (derived values: nothing is lost).
   */
  readonly generatedColumnsBlockRetype: boolean;
  /**
   * A foreign key needs an index led by its columns on both ends (InnoDB), so a migration dropping
   * such an index drops the key first and adds it back afterwards.
   */
  readonly foreignKeysNeedIndexes: boolean;

  /** Where names clash, for the merge's C005 (two new objects, one per side, with one name). */
  readonly names: NameScopes;
}

/** SQL spelling for queries Flash writes outside the dialect renderers. */
export interface SqlTraits {
  /** Quote around identifiers, doubled inside them: `"` (standard SQL) or `` ` `` (MySQL). */
  readonly identifierQuote: '"' | '`';
  /** A backslash inside a string literal escapes the next character (MySQL without NO_BACKSLASH_ESCAPES), so it must be doubled. */
  readonly backslashEscapes: boolean;
  /** Function counting the characters of a text value: LENGTH; MySQL's LENGTH counts bytes, so CHAR_LENGTH. */
  readonly charLength: string;
  /** Function counting the bytes of a binary value: OCTET_LENGTH; MySQL's CHAR_LENGTH of a binary string counts bytes too. */
  readonly byteLength: string;
  /** Appended to a non-text value used as text (a length, a comparison with text literals): PostgreSQL has no implicit cast (`::text`); empty where values convert implicitly. */
  readonly textCast: string;
  /**
   * IR names of objects outside the default schema are `schema.name` (PostgreSQL: core/model/schema.ts
   * qualifiedName), so a table name is quoted part by part; elsewhere a name is one identifier, dots and all.
   */
  readonly schemaQualifiedNames: boolean;
}

/**
 * Which names share a namespace. Tables and views always do. Same-kind objects at one path are C001,
 * not a name clash.
 */
export interface NameScopes {
  /** Index names are unique in the schema, shared with tables and views (PostgreSQL, SQLite); false: per table (MySQL). */
  readonly schemaWideIndexNames: boolean;
  /**
   * A unique or primary key constraint is an index under the constraint's name, so its name counts
   * among the index names (PostgreSQL, MySQL; MySQL's primary key is always PRIMARY and unnamed in the
   * IR). SQLite's are unnamed automatic indexes.
   */
  readonly keyConstraintsOwnIndexes: boolean;
  /** Constraint names (unique, primary key, foreign key, check) must differ within a table (PostgreSQL, MySQL); SQLite does not check them. */
  readonly tableScopedConstraintNames: boolean;
}
