import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSchemas, type DiffOptions } from '../../src/core/diff/diff.js';
import type { Schema } from '../../src/core/model/schema.js';
import { runMigrationStatements, StatementFailure } from '../../src/api/project/transaction-split.js';
import { invertRenames } from '../../src/api/project/renames.js';
import type { Connection, ShadowDatabase } from '../../src/dialects/dialect.js';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';
import { canonical, createTempDb } from './postgres-test-db.js';

/** A fixture's options.json: renames; the engine's traits come from the dialect. */
type FixtureOptions = Omit<DiffOptions, 'traits'>;

/**
 * The round-trip corpus, the way `migrate` + `apply` + `down` use it: B is read from the default shadow
 * (PGlite, a newer PostgreSQL), A lives in a real server database with rows in it. A is migrated with
 * the rendered diff to B and must introspect exactly as B; the reverse diff brings it back to A; and
 * the diff between B and the migrated database is empty.
 */
const root = path.resolve(import.meta.dirname, '../fixtures/roundtrip/postgres');
const cases = readdirSync(root)
  .filter((d) => existsSync(path.join(root, d, 'a.sql')))
  .sort();

async function run(conn: Connection, sql: string): Promise<void> {
  for (const s of postgresDialect.splitStatements(sql)) await conn.exec(s.sql);
}

/** Like `apply`: the shipped runner, one transaction (statements the dialect marks non-transactional run first). */
async function migrate(conn: Connection, from: Schema, to: Schema, options: FixtureOptions): Promise<string[]> {
  const ops = diffSchemas(from, to, { ...options, traits: postgresDialect.traits, ignoreColumnOrder: true });
  const statements = postgresDialect.render(ops, { from, to });
  try {
    await runMigrationStatements(postgresDialect, conn, statements, {
      transactional: true,
      run: (sql) => conn.exec(sql),
      finish: async () => {},
    });
  } catch (err) {
    const failure = err instanceof StatementFailure ? err.failure : err;
    throw new Error(`${(failure as Error).message}\n--- statements:\n${statements.map((s) => s.sql).join(';\n')}`, { cause: failure });
  }
  return statements.map((s) => s.sql);
}

/** The reverse migration's options, as `migrate` writes the Down section: the shipped invertRenames. */
function invert(options: FixtureOptions): FixtureOptions {
  const renames = invertRenames(options.renames);
  return renames ? { renames } : {};
}

function withSortedColumns(schema: Schema): Schema {
  return { ...schema, tables: schema.tables.map((t) => ({ ...t, columns: [...t.columns].sort((x, y) => (x.name < y.name ? -1 : 1)) })) };
}

async function rowCounts(conn: Connection, schema: Schema): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const t of schema.tables) {
    const [row] = await conn.query<{ n: string }>(`select count(*)::text as n from "${t.name}"`);
    counts.set(t.name, Number(row.n));
  }
  return counts;
}

describe('postgres round-trip corpus', () => {
  let shadow: ShadowDatabase;
  beforeAll(async () => {
    shadow = await postgresDialect.createShadow({});
  }, 300_000); // PGlite can take tens of seconds to start on a loaded 2-core machine
  afterAll(async () => {
    await shadow?.dispose();
  });

  it('has at least 30 pairs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const name of cases) {
    it(name, async () => {
      const dir = path.join(root, name);
      const read = (f: string) => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), 'utf8') : '');
      const options: FixtureOptions = read('options.json') ? JSON.parse(read('options.json')) : {};
      const limits: { downColumnOrder?: string } = read('limits.json') ? JSON.parse(read('limits.json')) : {};
      const a = await createTempDb();
      try {
        await run(a.conn, read('a.sql'));
        const irA = await postgresDialect.introspect(a.conn);
        await run(a.conn, read('seed.sql'));
        await shadow.connection.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
        await run(shadow.connection, read('b.sql'));
        const irB = await postgresDialect.introspect(shadow.connection);
        expect(canonical(irA)).not.toBe(canonical(irB));
        const before = await rowCounts(a.conn, irA);

        const up = await migrate(a.conn, irA, irB, options);
        const afterUp = await postgresDialect.introspect(a.conn);
        expect(canonical(afterUp), up.join(';\n')).toBe(canonical(irB));
        expect(diffSchemas(irB, afterUp, { traits: postgresDialect.traits, ignoreColumnOrder: true })).toEqual([]);
        // rows survive in every table the change keeps (under its new name when renamed)
        const after = await rowCounts(a.conn, irB);
        for (const [table, n] of before) {
          const renamed = options.renames?.tables?.[table] ?? table;
          if (after.has(renamed)) expect(after.get(renamed), `rows of ${table}`).toBe(n);
        }

        const down = await migrate(a.conn, irB, irA, invert(options));
        const afterDown = await postgresDialect.introspect(a.conn);
        if (limits.downColumnOrder) {
          // known engine limit (limits.json): same schema, columns in another order
          expect(canonical(afterDown)).not.toBe(canonical(irA));
          expect(canonical(withSortedColumns(afterDown)), down.join(';\n')).toBe(canonical(withSortedColumns(irA)));
        } else {
          expect(canonical(afterDown), down.join(';\n')).toBe(canonical(irA));
        }
        expect(diffSchemas(irA, afterDown, { traits: postgresDialect.traits, ignoreColumnOrder: true })).toEqual([]);
      } finally {
        await a.drop();
      }
    });
  }
});
