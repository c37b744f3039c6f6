import type { Operation, Statement } from '../core/diff/operations.js';
import type { Column, Provider, Schema, Table } from '../core/model/schema.js';
import type { UnmodelledObject } from '../core/model/unmodelled.js';
import type { DataValue } from '../core/data/values.js';
import type { RowAccess } from './row-access.js';
import type { RowPages } from './row-pages.js';
import type { DescribedQuery } from '../core/gen/model.js';
import type { PlaceholderStyle } from '../core/gen/params.js';
import type { LexOptions } from '../core/gen/sql-lexer.js';
import type { AuditTable } from './audit-table.js';
import type { QuoteSyntax } from '../core/plan/section-markers.js';
import type { EngineTraits } from '../core/engine-traits.js';

/**
 * What differs between engines beyond SQL text. Planning asks these flags instead of asking which
 * engine it is (kysely-style). What src/core needs to know is in `Dialect.traits` (core/engine-traits.ts).
 */
export interface DialectCapabilities {
  /** DDL can be rolled back: one transaction per migration makes a failing migration leave no trace (PG, SQLite). MySQL auto-commits DDL. */
  readonly transactionalDdl: boolean;
  /** Session-level named locks exist (PG advisory locks, MySQL GET_LOCK); SQLite uses an exclusive transaction instead. */
  readonly advisoryLocks: boolean;
  /** ALTER COLUMN type/nullability/default in place; false for SQLite, which needs a table rebuild. */
  readonly alterColumn: boolean;
  /** Fast database copy from a template (PG CREATE DATABASE … TEMPLATE). */
  readonly templates: boolean;
  /** Named enum types (PG). MySQL enums live in the column type. */
  readonly enumTypes: boolean;
  /**
   * Columns can be placed anywhere in a table (MySQL `AFTER`/`FIRST`, SQLite table rebuild). PostgreSQL
   * only appends, so its migrations ignore column order and the recorded snapshot keeps the order the
   * database will really have. Omitted means true.
   */
  readonly placeColumns?: boolean;
  /** How strings and comments are quoted, for finding a migration's section markers. Omitted: standard SQL (PG, SQLite). */
  readonly quoteSyntax?: QuoteSyntax;
  /** Written after each statement of a migration file; omitted: `;`. MongoDB's JSON commands need none. */
  readonly statementTerminator?: string;
  /**
   * A multi-statement string runs as one implicit transaction (PG's simple query protocol), so a schema
   * script can be sent in a few batches that each roll back whole, instead of one round trip per
   * statement (5,000 tables). Omitted means false.
   */
  readonly batchedScripts?: boolean;
}

/** A live connection, engine-agnostic. Implemented by each dialect's driver.ts. */
export interface Connection {
  /** Run a query that returns rows. Parameters use `?` placeholders on every engine (the PG driver rewrites them to `$n`). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Run one or more statements (no rows). */
  exec(sql: string): Promise<void>;
  /**
   * Run `fn` in one transaction: committed when it resolves, rolled back when it throws. The engine's
   * rules stay inside the driver (SQLite switches foreign-key enforcement off around it, for table
   * rebuilds, and nests as a savepoint while the migration lock holds the database), so callers never
   * send BEGIN/COMMIT strings.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Human-readable target without password, e.g. `postgres://postgres@127.0.0.1:5432/app`. */
  readonly description: string;
  /**
   * `_flash_migrations` kept by the engine itself, for engines without SQL (MongoDB: a collection).
   * Absent: the SQL table of tracking.ts.
   */
  readonly tracking?: TrackingRecords;
}

/** One `_flash_migrations` record as plain fields (the SPEC's column names); timestamps as Date. */
export type TrackingRecord = Record<string, string | number | Date | null>;

export interface TrackingRecords {
  /** Every record, ordered by id; [] when there are none yet. */
  read(): Promise<TrackingRecord[]>;
  /** Add a record under the next id (the caller holds the apply lock) and return that id. */
  insert(fields: TrackingRecord): Promise<number>;
  update(id: number, fields: TrackingRecord): Promise<void>;
}

/**
 * The desired schema read from declarative files instead of SQL applied to a shadow (MongoDB:
 * `db/schema/*.json`, one collection definition or an array of them per file).
 */
export interface DeclarativeSchema {
  /** File name ending of the schema files, e.g. `.json`. */
  readonly extension: string;
  /** Files (sorted by name) → schema; a bad definition is E_SQL naming the file. Pure. */
  parse(files: Array<{ file: string; text: string }>): Schema;
  /** Example file `init` writes into db/schema. */
  readonly example: { file: string; text: string };
  /** Lay a pulled schema out over the existing files (`flash pull`). Pure. */
  layout(existing: Map<string, string>, schema: Schema, dir: string): SchemaFileLayout;
}

export interface SchemaFileLayout {
  writes: Array<{ file: string; text: string; objects: string[] }>;
  /** files left defining nothing the database has */
  removes: string[];
}

export interface RenderContext {
  /** The full schemas on both sides; SQLite needs them to rebuild tables. */
  from: Schema;
  to: Schema;
}

export interface ShadowDatabase {
  connection: Connection;
  /** Drops the throwaway database; always called, even on error. */
  dispose(): Promise<void>;
}

/** A named object a `db/schema` statement creates (the incremental shadow's unit of replay). */
export interface SchemaObjectRef {
  /** relations (tables, views, indexes, sequences) and types share no namespace */
  ns: 'rel' | 'type';
  kind: 'TABLE' | 'INDEX' | 'VIEW' | 'MATERIALIZED VIEW' | 'SEQUENCE' | 'TYPE' | 'DOMAIN';
  schema: string;
  name: string;
}

/** What a `db/schema` statement does to named objects: creates one, or alters/comments on some. */
export interface StatementObjects {
  creates: SchemaObjectRef[];
  attaches: Array<Pick<SchemaObjectRef, 'ns' | 'schema' | 'name'>>;
}

/** An object the catalog says would go with a dropped one: its own key and its parent's (a column's table, an index's table…). */
export interface CatalogDependent {
  key?: string;
  parent?: string;
  /** a kind the incremental shadow cannot replay (a function, a trigger…): rebuild in full */
  unknown?: boolean;
  /** an internal part of another reached object (an FK's triggers, a key's index): goes with it */
  internal?: boolean;
}

/** A shadow database kept between runs (see src/api/project/incremental-shadow.ts). */
export interface KeptShadow {
  connection: Connection;
  /** Empty it (drop and recreate the database, or a fresh data directory) and return the new connection. */
  reset(): Promise<Connection>;
  close(): Promise<void>;
}

/**
 * The engine half of the incremental shadow: which objects a statement creates, what depends on them
 * in the catalog, how to drop them, and a stamp in the database that says which state it holds.
 */
export interface IncrementalShadowSupport {
  statementObjects(sql: string): StatementObjects | undefined;
  objectKey(o: Pick<SchemaObjectRef, 'ns' | 'schema' | 'name'>): string;
  /**
   * Whether a kept shadow pays off for this schema (`sql`: the db/schema scripts): a server database
   * always; an embedded engine only where a throwaway one would not be faster (PGlite: from the size
   * at which its shadow goes on disk anyway).
   */
  worthKeeping(opts: { shadowUrl?: string; sql: string[]; env: NodeJS.ProcessEnv }): boolean;
  /** `dir`: a folder of the project's local state the shadow may live in; `id`: unique to the project. */
  openKept(opts: { shadowUrl?: string; dir: string; id: string }): Promise<KeptShadow>;
  /** Everything the catalog would drop with `roots` (transitively), the roots' own parts included. */
  dependents(conn: Connection, roots: SchemaObjectRef[]): Promise<CatalogDependent[]>;
  /** Drop these objects (and, by cascade, their dependents: the caller has checked what those are). */
  drop(conn: Connection, objects: SchemaObjectRef[]): Promise<void>;
  begin(conn: Connection): Promise<void>;
  commit(conn: Connection): Promise<void>;
  rollback(conn: Connection): Promise<void>;
  /** Run `sql` (one or more statements) so that a failure leaves the open transaction usable. */
  tryExec(conn: Connection, sql: string): Promise<unknown>;
  readStamp(conn: Connection): Promise<string | undefined>;
  writeStamp(conn: Connection, stamp: string): Promise<void>;
}

export interface Dialect {
  readonly name: Provider;
  readonly capabilities: DialectCapabilities;
  /** The engine facts the pure core needs (diff, lint, merge), passed down by the api: core never asks which engine it is. */
  readonly traits: EngineTraits;
  /** Connect to the URL; throws FlashError E_DB_CONNECT naming the host, never the password. */
  connect(url: string): Promise<Connection>;
  /** Live DB → IR. Excludes Flash's own tables (`_flash_*`). Fixed number of catalog queries. */
  introspect(conn: Connection): Promise<Schema>;
  /**
   * What the database holds that the IR does not model (triggers, functions, partitions… per engine),
   * in one catalog query. Commands that would lose these refuse or list them: Flash is never silent.
   */
  unmodelled(conn: Connection): Promise<UnmodelledObject[]>;
  /**
   * `live` as a snapshot an earlier Flash version recorded would spell it, for comparing the two
   * (PostgreSQL: `CURRENT_TIMESTAMP` defaults once recorded as `now()`; SQLite: a rowid alias's written
   * NOT NULL once recorded as implicit; each dialect's recorded-spelling.ts). Absent:
   * every version recorded what the database says.
   */
  alignRecordedSpelling?(recorded: Schema, live: Schema): Schema;
  /** A `db/schema` statement that declares something the IR does not model, recognised from its text (undefined: fine). */
  unsupportedStatement(sql: string): UnmodelledObject | undefined;
  /** Operations → SQL statements in order. */
  render(ops: Operation[], ctx: RenderContext): Statement[];
  /** Full DDL that creates `schema` from nothing, split into files by the caller (used by `pull`). */
  renderSchema(schema: Schema): string;
  /** A throwaway database for applying `db/schema`. `shadowUrl` uses a real server instead of the embedded engine. */
  /**
   * `sql`: the project's SQL the shadow may be asked to run, read only when an embedded engine must
   * prepare for it (PGlite loads the contrib extensions it creates).
   */
  createShadow(opts: { url?: string; shadowUrl?: string; sql?: () => Promise<string[]> }): Promise<ShadowDatabase>;
  /**
   * The engine the shadow runs in-process when it is not a server (SQLite in memory; PGlite, with its
   * version, when no shadow_url is set), as a cache-key id; undefined when the shadow is on the server
   * at shadow_url or the live URL. The desired-schema cache keys on it: another engine may read the
   * same files differently.
   */
  embeddedShadowId?(shadowUrl: string | undefined): string | undefined;
  /** A shadow kept between runs and brought up to date one changed file at a time. Absent: always a fresh shadow. */
  incrementalShadow?: IncrementalShadowSupport;
  /**
   * Refuse (E_MISSING_ROLE) migration statements that need something of the server's that no schema
   * holds — PostgreSQL: a role they grant to (roles are cluster objects) — before any of them runs.
   * Absent: nothing to check.
   */
  checkPrerequisites?(conn: Connection, statements: readonly string[]): Promise<void>;
  /**
   * Split a SQL script into statements, keeping the 1-based line where each starts (for E_SQL reports).
   * Must understand the engine's quoting, comments and dollar-quoting/BEGIN…END bodies.
   */
  splitStatements(sql: string): Array<{ sql: string; line: number }>;
  /**
   * Indexes of a migration's statements that cannot run inside its transaction and are run first,
   * each committed on its own (PostgreSQL: `ALTER TYPE … ADD VALUE`). Absent: none.
   */
  statementsBeforeTransaction?(statements: string[]): number[];
  /**
   * When `err` says the engine's lock table is full (PostgreSQL "out of shared memory"), the setting
   * that sizes it and its value, read on `conn`. Absent, or undefined: not that failure.
   */
  lockTableFull?(err: unknown, conn: Connection): Promise<LockTableSize | undefined>;
  /** Serialize concurrent appliers. Resolves when the lock is held; `onWait` is called once if it has to wait. */
  acquireLock(conn: Connection, onWait?: () => void): Promise<() => Promise<void>>;
  /** DDL for the `_flash_migrations` tracking table (SPEC), `CREATE TABLE IF NOT EXISTS`. */
  trackingTableDdl(): string;
  /**
   * Column names of a table of the connected database/schema, [] when it does not exist. Used to tell
   * Flash's `_flash_migrations` from Flash ORM's (same name, no from_hash/to_hash).
   */
  tableColumns(conn: Connection, table: string): Promise<string[]>;
  /** Create/drop/copy whole databases (branches, shadow, reset). URLs in, URLs out. */
  databases: DatabaseAdmin;
  /** Reading and writing rows: export, backup/restore, `flash raw` (src/dialects/<engine>/data.ts). */
  data: DialectData;
  /** Plain row reads and batched writes (`flash seed`). */
  rows: RowAccess;
  /** The studio's data grid: counts, keyset pages, a locked row for the optimistic check, write transactions. */
  pages: RowPages;
  /** `flash gen`: how the engine spells parameters and prepares queries. Absent: gen is refused. */
  queries?: QuerySupport;
  /** Desired schema from declarative files without a shadow (MongoDB). Absent: db/schema/*.sql on a shadow. */
  declarativeSchema?: DeclarativeSchema;
  /** `_flash_audit` in the database itself (PostgreSQL, MySQL). Absent: the audit log is the local file only (SQLite: the file is local anyway). */
  auditTable?: AuditTable;
}

/** One statement's result as `flash raw` shows it. */
export interface StatementResult {
  columns: string[];
  rows: DataValue[][];
  /** rows a write changed; absent for statements that return rows */
  affected?: number;
}

/**
 * Row data with constant memory and engine types reduced to DataValue (src/core/data/values.ts).
 * Every method takes a Connection this dialect opened.
 */
export interface DialectData {
  /**
   * Start reading: the session settings DataValue assumes (UTC, ISO dates) and one consistent
   * snapshot across tables (a backup must not see half a transaction). Returns the function that ends it.
   */
  beginRead(conn: Connection): Promise<() => Promise<void>>;
  /** `columns` of `table`, in that order, in batches of about `batchSize`, through a server-side cursor or stream. */
  streamRows(conn: Connection, table: Table, columns: Column[], batchSize: number): AsyncIterable<DataValue[][]>;
  /**
   * Bulk load of `schema` into an empty database: `before` runs first (session settings, transaction,
   * the tables), then the rows are inserted, then `after` (what would slow or block loading: foreign
   * keys, triggers, sequence positions). `rollback` undoes a failed load where the engine can.
   */
  loadPlan(schema: Schema): { before: string[]; after: string[]; rollback: string[] };
  /** Insert one batch (parameterized); generated columns must not be in `columns`. */
  insertRows(conn: Connection, table: Table, columns: Column[], rows: DataValue[][]): Promise<void>;
  /** `_flash_migrations` as a Table, so a backup carries it (introspection skips Flash's tables). */
  trackingTable: Table;
  /** Run one statement of `flash raw`. Engine errors are E_SQL with the engine's code and position. */
  execute(conn: Connection, sql: string): Promise<StatementResult>;
  /**
   * Make the session refuse writes (the production guard of `flash raw`): the server itself then
   * rejects DML and DDL, also inside functions, which no keyword scan could promise.
   */
  enterReadOnly(conn: Connection): Promise<void>;
  /** The error a write raises in that read-only session. */
  isReadOnlyViolation(err: unknown): boolean;
  /** Statements that could switch the read-only session back off; refused without --yes. */
  readOnlyEscape: RegExp;
  /**
   * Make the server cancel any statement of this session that runs longer than `ms` (the studio's SQL
   * page). Absent: the engine cannot (SQLite runs in-process and better-sqlite3 has no interrupt).
   */
  statementTimeout?(conn: Connection, ms: number): Promise<void>;
  /** The error a statement cancelled by that timeout raises. */
  isStatementTimeout?(err: unknown): boolean;
  /**
   * No statementTimeout because the engine runs in-process, but a timed `flash raw` may run in a child
   * process that is killed at the limit (SQLite: better-sqlite3 has no interrupt, and a worker thread
   * cannot be stopped inside SQLite's native loop).
   */
  cancelByProcess?: boolean;
  /**
   * The engine's plan of one statement as a tree (the studio's EXPLAIN): PostgreSQL `EXPLAIN (FORMAT
   * JSON)`, MySQL/MariaDB `EXPLAIN FORMAT=JSON`, SQLite `EXPLAIN QUERY PLAN`. `analyze` runs the
   * statement (only where `explainAnalyze` is true; the caller wraps it in a rolled-back transaction).
   */
  explain?(conn: Connection, sql: string, options: { analyze: boolean }): Promise<PlanNode>;
  /** `explain` can also run the statement and report actual rows and times (PostgreSQL `ANALYZE`). */
  explainAnalyze?: boolean;
}

/** One node of a query plan, engine-neutral: what the studio draws as a tree. */
export interface PlanNode {
  /** the operation: `Seq Scan`, `Hash Join`, `table (ALL)`, `SCAN users` … */
  type: string;
  /** the table (or alias) it reads */
  relation?: string;
  /** the index it uses */
  index?: string;
  /** the engine's cost estimate as it prints it (`0.00..35.50` on PostgreSQL) */
  cost?: string;
  /** estimated rows */
  rows?: number;
  /** ANALYZE: rows actually produced (per loop) and the time taken */
  actualRows?: number;
  actualMs?: number;
  /** conditions and other facts, one per line (`Filter: (id > 3)`) */
  details: string[];
  children: PlanNode[];
}

export interface LockTableSize {
  /** the server setting to raise, e.g. `max_locks_per_transaction` */
  setting: string;
  /** its current value, when it could be read */
  value?: number;
  /** how many locks the whole table holds with that value */
  capacity?: number;
}

export interface DatabaseAdmin {
  /** URL of a sibling database named `name` on the same server as `url` (SQLite: a file path). */
  urlFor(url: string, name: string): string;
  databaseName(url: string): string;
  exists(url: string): Promise<boolean>;
  create(url: string): Promise<void>;
  /**
   * Create the database unless it exists; true when this call created it. Safe when several processes
   * race to create the same database (concurrent `flash apply` on a fresh checkout): exactly one creates
   * it, the others see it exist — never a duplicate-name error.
   */
  createIfMissing(url: string): Promise<boolean>;
  drop(url: string): Promise<void>;
  /** Copy schema and data from `source` to a new database `target`. */
  copy(source: string, target: string): Promise<void>;
}

export interface QuerySupport {
  /** `$n` (PostgreSQL) or one `?` per occurrence (MySQL, SQLite). */
  placeholders: PlaceholderStyle;
  /** How the engine quotes strings (MySQL: backslash escapes, `"…"` strings). */
  lex: LexOptions;
  /** The npm driver generated TypeScript clients call (`pg`, `mysql2`, `better-sqlite3`). */
  driver: 'pg' | 'mysql2' | 'better-sqlite3';
  /**
   * Prepare `sql` (engine placeholders) on `conn` without executing it and answer its parameter and
   * result types. A statement the engine rejects throws FlashError E_SQL with the engine's message.
   */
  describe(conn: Connection, sql: string, schema: Schema): Promise<DescribedQuery>;
}
