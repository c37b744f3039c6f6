import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSchemas } from '../../src/core/diff/diff.js';
import type { Statement } from '../../src/core/diff/operations.js';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import type { MergeResult } from '../../src/core/merge/merge-conflict.js';
import type { Provider, Schema } from '../../src/core/model/schema.js';
import { columnOrderInsensitiveId, snapshotOf } from '../../src/core/snapshot/hash.js';
import type { Connection, Dialect } from '../../src/dialects/dialect.js';
import { mysqlDialect } from '../../src/dialects/mysql/dialect.js';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';
import { sqliteDialect } from '../../src/dialects/sqlite/dialect.js';
import { MYSQL_URL, PG_URL, uniqueDbName } from '../helpers/db-urls.js';
import { runMigrationStatements, StatementFailure } from '../../src/api/project/transaction-split.js';

/**
 * The merge corpus (test/fixtures/merge/, plus merge-pg/ on PostgreSQL) end to end on the three real
 * engines: every side's SQL is applied to a private database and introspected, the IRs are merged and
 * checked against expected.json, and for clean merges the SQL Flash would run is executed for real:
 *  - a database at ours' (theirs') state reaches the merged schema with the rendered diff to it;
 *  - a database at ours' state runs theirs' own migration (base → theirs) and vice versa, which is what
 *    `flash merge` re-chains. Where that replay cannot reach the merged schema (the engine restates a
 *    whole column or table, or both histories hold the same DDL) the table below says so per engine, and
 *    the test asserts the replay really differs or fails — which `flash merge`'s verification replay
 *    (src/api/merge.ts) reports as C007 history-non-commuting instead of passing silently.
 * Runtime: a few private databases per server, emptied between states, several states at a time.
 */

type Outcome = 'commutes' | 'non-commuting-sql';

const everywhere: Partial<Record<Provider, Outcome>> = {
  sqlite: 'non-commuting-sql',
  postgresql: 'non-commuting-sql',
  mysql: 'non-commuting-sql',
};

/**
 * Replaying each side's own migration after the other side's, per engine; absent = 'commutes' (both
 * orders reach the merged schema). 'non-commuting-sql' = at least one order does not, asserted below.
 */
const replayOutcomes: Record<string, Partial<Record<Provider, Outcome>>> = {
  // Both sides made the same change, so both histories contain the same DDL and the second run fails
  // (column/table/enum label already exists, column already gone) on every engine. `flash merge` does
  // not run it: the merged lock marks each as satisfied-by the other (docs/MERGE.md, convergence;
  // test/e2e/merge-suite.ts proves all three starting databases reach the merged schema).
  'merge/03-same-change-both-sides': everywhere,
  'merge/19-drop-same-column-both-sides': everywhere,
  'merge/31-both-add-same-table': everywhere,
  // (merge-pg/07, the same enum label added on both sides, commutes: Flash renders ADD VALUE IF NOT EXISTS.)
  // The side's migration restates the whole column from its own view — MySQL `MODIFY COLUMN`, SQLite a
  // table rebuild — and so undoes the other side's change to the same column (NOT NULL vs type).
  'merge/07-nullability-vs-type': { sqlite: 'non-commuting-sql', mysql: 'non-commuting-sql' },
  'merge/17-not-null-vs-type-change': { sqlite: 'non-commuting-sql', mysql: 'non-commuting-sql' },
  // SQLite rebuilds the whole table from the side's own view: the other side's check or index on that
  // table is lost (MySQL's MODIFY COLUMN keeps them; PostgreSQL alters attributes in place).
  'merge/30-check-vs-type-change': { sqlite: 'non-commuting-sql' },
  'merge/34-drop-fk-vs-new-index': { sqlite: 'non-commuting-sql' },
};

/**
 * Where an engine's name spaces make the outcome differ from expected.json (written for PostgreSQL and
 * SQLite): MySQL names indexes per table, so an index never collides with a table or another table's index.
 */
const engineExpectations: Record<string, Partial<Record<Provider, Expected>>> = {
  'merge/15-name-collision-index-vs-table': { mysql: { merged: 'merged.mysql.sql' } },
  'merge/33-index-name-collision-across-tables': { mysql: { merged: 'merged.mysql.sql' } },
};

interface Expected {
  merged?: string;
  conflicts?: string[];
  paths?: string[];
  warnings?: string[];
}

interface Scenario {
  name: string;
  dir: string;
}

const fixtures = path.resolve(import.meta.dirname, '../fixtures');

function scenariosIn(folder: string): Scenario[] {
  return readdirSync(path.join(fixtures, folder))
    .filter((name) => statSync(path.join(fixtures, folder, name)).isDirectory())
    .sort()
    .map((name) => ({ name: `${folder}/${name}`, dir: path.join(fixtures, folder, name) }));
}

const portable = scenariosIn('merge');
const pgOnly = scenariosIn('merge-pg');

/** A source of fresh, empty databases on one engine. */
interface Engine {
  provider: Provider;
  dialect: Dialect;
  open(): Promise<void>;
  close(): Promise<void>;
  withFreshDatabase<T>(work: (conn: Connection) => Promise<T>): Promise<T>;
}

/** `size` private databases on a server, each emptied before it is handed out again (creating databases is slow). */
function pooledEngine(
  provider: Provider,
  dialect: Dialect,
  serverUrl: string,
  size: number,
  prepare: (conn: Connection, name: string) => Promise<void>,
  empty: (conn: Connection, name: string) => Promise<void>,
): Engine {
  const slots: Array<{ url: string; name: string; created?: boolean; conn?: Connection }> = [];
  const idle: number[] = [];
  const waiting: Array<(slot: number) => void> = [];
  const acquire = () => new Promise<number>((resolve) => (idle.length ? resolve(idle.pop()!) : waiting.push(resolve)));
  const release = (slot: number) => {
    const next = waiting.shift();
    if (next) next(slot);
    else idle.push(slot);
  };
  return {
    provider,
    dialect,
    async open() {
      for (let i = 0; i < size; i++) {
        const name = uniqueDbName('flash_t');
        slots.push({ url: dialect.databases.urlFor(serverUrl, name), name });
      }
      await Promise.all(
        slots.map(async (slot, i) => {
          await dialect.databases.create(slot.url);
          slot.created = true;
          slot.conn = await dialect.connect(slot.url);
          await prepare(slot.conn, slot.name);
          idle.push(i);
        }),
      );
    },
    async close() {
      await Promise.all(
        slots.map(async (slot) => {
          await slot.conn?.close().catch(() => undefined);
          if (slot.created) await dialect.databases.drop(slot.url);
        }),
      );
    },
    async withFreshDatabase(work) {
      const i = await acquire();
      try {
        const slot = slots[i];
        await empty(slot.conn!, slot.name);
        return await work(slot.conn!);
      } finally {
        release(i);
      }
    },
  };
}

const postgres = pooledEngine(
  'postgresql',
  postgresDialect,
  PG_URL,
  4,
  // Throwaway databases need no durable commits; without the WAL flush each reset is several times faster.
  (conn) => conn.exec('SET synchronous_commit = off'),
  // every schema a scenario created goes too, not only public
  (conn) =>
    conn.exec(
      `DO $$ DECLARE s text; BEGIN
         FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%' LOOP
           EXECUTE format('DROP SCHEMA %I CASCADE', s);
         END LOOP;
       END $$; CREATE SCHEMA public;`,
    ),
);

const mysql = pooledEngine(
  'mysql',
  mysqlDialect,
  MYSQL_URL,
  4,
  async () => {},
  async (conn, name) => {
    await conn.exec(`DROP DATABASE IF EXISTS \`${name}\``);
    await conn.exec(`CREATE DATABASE \`${name}\``);
    await conn.exec(`USE \`${name}\``);
  },
);

/** SQLite: a new database file for every state, in a private temp directory. */
function sqliteFiles(): Engine {
  let dir = '';
  let counter = 0;
  return {
    provider: 'sqlite',
    dialect: sqliteDialect,
    async open() {
      dir = mkdtempSync(path.join(os.tmpdir(), 'flash-merge-engines-'));
    },
    async close() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
    async withFreshDatabase(work) {
      const file = path.join(dir, `db-${++counter}.sqlite`);
      const conn = await sqliteDialect.connect(file);
      // Throwaway files need no durable commits (as with PostgreSQL's synchronous_commit above).
      await conn.exec('PRAGMA synchronous = OFF');
      try {
        return await work(conn);
      } finally {
        await conn.close();
        rmSync(file, { force: true });
      }
    },
  };
}

/** The migration `flash migrate` would write from `from` to `to` (see src/api/project/plan-change.ts). */
function migrationSql(dialect: Dialect, from: Schema, to: Schema): Statement[] {
  const ops = diffSchemas(from, to, { traits: dialect.traits, ignoreColumnOrder: dialect.capabilities.placeColumns === false });
  return dialect.render(ops, { from, to });
}

/** Like `flash apply`: the shipped runner, one transaction around the migration where DDL is transactional. */
async function runMigration(dialect: Dialect, conn: Connection, statements: Statement[]): Promise<void> {
  try {
    await runMigrationStatements(dialect, conn, statements, {
      transactional: dialect.capabilities.transactionalDdl,
      run: (sql) => conn.exec(sql),
      finish: async () => {},
    });
  } catch (err) {
    throw err instanceof StatementFailure ? err.failure : err;
  }
}

/** What a database reached: its column-order-insensitive schema id, or the engine's error. */
type Reached = { id: string; schema: Schema } | { error: string };

function describeReached(r: Reached, statements: Statement[]): string {
  const sql = statements.map((s) => `  ${s.sql}`).join('\n');
  return 'error' in r ? `failed: ${r.error}\n${sql}` : `reached ${r.id}\n${sql}\n${snapshotOf(r.schema).content}`;
}

function codes(r: MergeResult): string[] {
  return r.ok ? [] : r.conflicts.map((c) => c.code).sort();
}

function paths(r: MergeResult): string[] {
  return r.ok ? [] : r.conflicts.map((c) => c.path).sort();
}

function warningCodes(r: MergeResult): string[] {
  return r.warnings.map((w) => w.code).sort();
}

function corpusOn(engine: Engine, scenarios: Scenario[]): void {
  describe(`merge corpus end to end on ${engine.provider}`, () => {
    let started = 0;
    beforeAll(async () => {
      started = performance.now();
      await engine.open();
    });
    afterAll(async () => {
      await engine.close();
      console.log(
        `merge corpus on ${engine.provider}: ${scenarios.length} scenarios in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    });

    const { dialect } = engine;
    const introspectSql = (sql: string) =>
      engine.withFreshDatabase(async (conn) => {
        await conn.exec(sql);
        return dialect.introspect(conn);
      });
    /** A fresh database brought to `startSql`, then `statements` run on it as one migration. */
    const reach = (startSql: string, statements: Statement[]): Promise<Reached> =>
      engine.withFreshDatabase(async (conn) => {
        await conn.exec(startSql);
        try {
          await runMigration(dialect, conn, statements);
        } catch (err) {
          return { error: err instanceof Error ? err.message : String(err) };
        }
        const schema = await dialect.introspect(conn);
        return { id: columnOrderInsensitiveId(schema), schema };
      });

    for (const scenario of scenarios) {
      it(scenario.name, async () => {
        const read = (file: string) => readFileSync(path.join(scenario.dir, file), 'utf8');
        const expected: Expected = engineExpectations[scenario.name]?.[engine.provider] ?? JSON.parse(read('expected.json'));
        const sql = { base: read('base.sql'), ours: read('ours.sql'), theirs: read('theirs.sql') };
        const [base, ours, theirs, want] = await Promise.all([
          introspectSql(sql.base),
          introspectSql(sql.ours),
          introspectSql(sql.theirs),
          expected.merged === undefined ? undefined : introspectSql(read(expected.merged)),
        ]);

        const result = mergeSchemas(base, ours, theirs, { traits: dialect.traits });
        const swapped = mergeSchemas(base, theirs, ours, { traits: dialect.traits });
        expect(codes(result)).toEqual([...(expected.conflicts ?? [])].sort());
        if (expected.paths) expect(paths(result)).toEqual([...expected.paths].sort());
        expect(warningCodes(result)).toEqual([...(expected.warnings ?? [])].sort());
        expect(codes(swapped)).toEqual(codes(result));
        expect(paths(swapped)).toEqual(paths(result));

        if (want === undefined) {
          expect(result.ok).toBe(false);
          return;
        }
        if (!result.ok || !swapped.ok) throw new Error(`expected a clean merge: ${JSON.stringify(result)}`);
        expect(snapshotOf(result.merged).content).toBe(snapshotOf(want).content);
        expect(columnOrderInsensitiveId(swapped.merged)).toBe(columnOrderInsensitiveId(result.merged));

        const target = columnOrderInsensitiveId(result.merged);
        const toMerged = { ours: migrationSql(dialect, ours, result.merged), theirs: migrationSql(dialect, theirs, result.merged) };
        const own = { ours: migrationSql(dialect, base, ours), theirs: migrationSql(dialect, base, theirs) };
        const [oursToMerged, theirsToMerged, theirsAfterOurs, oursAfterTheirs] = await Promise.all([
          reach(sql.ours, toMerged.ours),
          reach(sql.theirs, toMerged.theirs),
          reach(sql.ours, own.theirs),
          reach(sql.theirs, own.ours),
        ]);

        // The diff to the merged schema, rendered by the engine's dialect, works from either head.
        expect('id' in oursToMerged && oursToMerged.id, `ours → merged ${describeReached(oursToMerged, toMerged.ours)}`).toBe(target);
        expect('id' in theirsToMerged && theirsToMerged.id, `theirs → merged ${describeReached(theirsToMerged, toMerged.theirs)}`).toBe(
          target,
        );

        // Each side's own migration, run after the other side's.
        const outcome = replayOutcomes[scenario.name]?.[engine.provider] ?? 'commutes';
        const replays = [
          { label: "theirs' migration on a database at ours", reached: theirsAfterOurs, sql: own.theirs },
          { label: "ours' migration on a database at theirs", reached: oursAfterTheirs, sql: own.ours },
        ];
        const summary = replays
          .map((r) => `${r.label}: ${'id' in r.reached && r.reached.id === target ? 'merged' : describeReached(r.reached, r.sql)}`)
          .join('\n');
        if (outcome === 'commutes') {
          for (const r of replays)
            expect('id' in r.reached && r.reached.id, `${r.label} ${describeReached(r.reached, r.sql)}`).toBe(target);
        } else {
          // flash merge's verification replay (src/api/merge.ts) turns exactly this into C007 history-non-commuting.
          expect(
            replays.some((r) => !('id' in r.reached) || r.reached.id !== target),
            `expected a non-commuting replay, but both orders reach the merged schema:\n${summary}`,
          ).toBe(true);
        }
      });
    }
  });
}

corpusOn(sqliteFiles(), portable);
corpusOn(postgres, [...pgOnly, ...portable]);
corpusOn(mysql, portable);
