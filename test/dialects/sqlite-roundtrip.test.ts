import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffSchemas, type DiffOptions } from '../../src/core/diff/diff.js';
import type { Schema } from '../../src/core/model/schema.js';
import { runMigrationStatements, StatementFailure } from '../../src/api/project/transaction-split.js';
import { invertRenames } from '../../src/api/project/renames.js';
import type { Connection } from '../../src/dialects/dialect.js';
import { sqliteDialect } from '../../src/dialects/sqlite/dialect.js';
import { canonical, irOf, runScript, tempDir } from './sqlite-test-db.js';

/** A fixture's options.json: renames; the engine's traits come from the dialect. */
type FixtureOptions = Omit<DiffOptions, 'traits'>;

/**
 * The round-trip corpus: for each pair (A, B), a database file at A (with rows) is migrated with the
 * rendered diff to B in one transaction and must introspect exactly as B; the reverse diff brings it
 * back to A; and the diff between B and the migrated database is empty.
 */
const root = path.resolve(import.meta.dirname, '../fixtures/roundtrip/sqlite');
const cases = readdirSync(root)
  .filter((d) => existsSync(path.join(root, d, 'a.sql')))
  .sort();
const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Like `apply`: the shipped runner, one transaction (statements the dialect marks non-transactional run first). */
async function migrate(conn: Connection, from: Schema, to: Schema, options: FixtureOptions): Promise<string[]> {
  const ops = diffSchemas(from, to, { ...options, traits: sqliteDialect.traits });
  const statements = sqliteDialect.render(ops, { from, to });
  try {
    await runMigrationStatements(sqliteDialect, conn, statements, {
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

async function tableRows(conn: Connection, schema: Schema): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const t of schema.tables) {
    const [row] = await conn.query<{ n: number }>(`SELECT count(*) AS n FROM "${t.name.replace(/"/g, '""')}"`);
    counts.set(t.name, row.n);
  }
  return counts;
}

describe('sqlite round-trip corpus', () => {
  it('has at least 30 pairs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const name of cases) {
    it(name, async () => {
      const dir = path.join(root, name);
      const read = (f: string) => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), 'utf8') : '');
      const options: FixtureOptions = read('options.json') ? JSON.parse(read('options.json')) : {};
      const a = await sqliteDialect.connect(path.join(tmp.dir, `${name}.db`));
      const b = await sqliteDialect.connect(':memory:');
      try {
        await runScript(a, read('a.sql'));
        const irA = await sqliteDialect.introspect(a);
        await runScript(a, read('seed.sql'));
        await runScript(b, read('b.sql'));
        const irB = await sqliteDialect.introspect(b);
        expect(canonical(irA)).not.toBe(canonical(irB));
        const before = await tableRows(a, irA);
        // what `pull` would write reproduces both sides exactly
        expect(canonical(await irOf(sqliteDialect.renderSchema(irA)))).toBe(canonical(irA));
        expect(canonical(await irOf(sqliteDialect.renderSchema(irB)))).toBe(canonical(irB));

        const up = await migrate(a, irA, irB, options);
        const afterUp = await sqliteDialect.introspect(a);
        expect(canonical(afterUp), up.join(';\n')).toBe(canonical(irB));
        expect(diffSchemas(irB, afterUp, { traits: sqliteDialect.traits })).toEqual([]);
        const after = await tableRows(a, irB);
        for (const [table, n] of before) {
          const renamed = options.renames?.tables?.[table] ?? table;
          if (after.has(renamed)) expect(after.get(renamed), `rows of ${table}`).toBe(n);
        }
        expect(await a.query('PRAGMA foreign_key_check')).toEqual([]);

        const down = await migrate(a, irB, irA, invert(options));
        const afterDown = await sqliteDialect.introspect(a);
        expect(canonical(afterDown), down.join(';\n')).toBe(canonical(irA));
        expect(diffSchemas(irA, afterDown, { traits: sqliteDialect.traits })).toEqual([]);
      } finally {
        await a.close();
        await b.close();
      }
    });
  }
});
