import type { Operation, Statement } from '../core/diff/operations.js';
import type { Provider, Schema } from '../core/model/schema.js';
import type { QuoteSyntax } from '../core/plan/section-markers.js';

/**
 * What differs between engines beyond SQL text. Planning asks these flags instead of asking which
 * engine it is (kysely-style).
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
}

/** A live connection, engine-agnostic. Implemented by each dialect's driver.ts. */
export interface Connection {
  /** Run a query that returns rows. Parameters use `?` placeholders on every engine (the PG driver rewrites them to `$n`). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Run one or more statements (no rows). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /** Human-readable target without password, e.g. `postgres://postgres@127.0.0.1:5432/app`. */
  readonly description: string;
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

export interface Dialect {
  readonly name: Provider;
  readonly capabilities: DialectCapabilities;
  /** Connect to the URL; throws FlashError E_DB_CONNECT naming the host, never the password. */
  connect(url: string): Promise<Connection>;
  /** Live DB → IR. Excludes Flash's own tables (`_flash_*`). Fixed number of catalog queries. */
  introspect(conn: Connection): Promise<Schema>;
  /** Operations → SQL statements in order. */
  render(ops: Operation[], ctx: RenderContext): Statement[];
  /** Full DDL that creates `schema` from nothing, split into files by the caller (used by `pull`). */
  renderSchema(schema: Schema): string;
  /** A throwaway database for applying `db/schema`. `shadowUrl` uses a real server instead of the embedded engine. */
  createShadow(opts: { url?: string; shadowUrl?: string }): Promise<ShadowDatabase>;
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
  /** Create/drop/copy whole databases (branches, shadow, reset). URLs in, URLs out. */
  databases: DatabaseAdmin;
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
  drop(url: string): Promise<void>;
  /** Copy schema and data from `source` to a new database `target`. */
  copy(source: string, target: string): Promise<void>;
}
