import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSchemas, type DiffOptions } from '../../src/core/diff/diff.js';
import type { Schema } from '../../src/core/model/schema.js';
import { runMigrationStatements, StatementFailure } from '../../src/api/project/transaction-split.js';
import { invertRenames } from '../../src/api/project/renames.js';
import type { Connection } from '../../src/dialects/dialect.js';
import { mysqlDialect } from '../../src/dialects/mysql/dialect.js';
import { canonical, withTempMysqlDb } from './mysql-test-db.js';

/**
 * Round-trip corpus: for each test/fixtures/roundtrip/mysql/NN-name/{a.sql,b.sql} (optional seed.sql:
 * rows inserted into A; optional renames.json: DiffOptions.renames):
 *   up:   diff(IR(A), IR(B)) rendered and run on A's database → introspects exactly as IR(B), rows kept
 *   down: diff(IR(B), IR(A)) rendered and run on the same database → introspects exactly as IR(A)
 *   and renderSchema(IR(B)) on an empty database → IR(B).
 */
const ROOT = path.resolve(import.meta.dirname, '../fixtures/roundtrip/mysql');
const cases = readdirSync(ROOT)
  .filter((d) => existsSync(path.join(ROOT, d, 'a.sql')))
  .sort();

/** Like `apply` on MySQL: the shipped runner, statement by statement (DDL commits as it runs). */
async function run(conn: Connection, ops: ReturnType<typeof diffSchemas>, from: Schema, to: Schema): Promise<string[]> {
  const statements = mysqlDialect.render(ops, { from, to });
  try {
    await runMigrationStatements(mysqlDialect, conn, statements, {
      transactional: false,
      run: (sql) => conn.exec(sql),
      finish: async () => {},
    });
  } catch (err) {
    if (!(err instanceof StatementFailure)) throw err;
    const failure = err.failure as Error;
    throw new Error(`${failure.message}\n  in: ${statements[err.index].sql}\n  all: ${statements.map((x) => x.sql).join(';\n')}`, {
      cause: failure,
    });
  }
  return statements.map((s) => s.sql);
}

async function rowCounts(conn: Connection, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) {
    const [row] = await conn.query<{ n: number }>(`SELECT COUNT(*) AS n FROM \`${t}\``);
    out[t] = Number(row.n);
  }
  return out;
}

describe('mysql round-trip corpus', () => {
  it('has at least 30 schema pairs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const name of cases) {
    it(name, async () => {
      const dir = path.join(ROOT, name);
      const read = (f: string) => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), 'utf8') : undefined);
      const traits = mysqlDialect.traits;
      const options: DiffOptions = read('renames.json') ? { traits, renames: JSON.parse(read('renames.json')!) } : { traits };
      await withTempMysqlDb(async (a) => {
        await withTempMysqlDb(async (b) => {
          await a.conn.exec(read('a.sql')!);
          await b.conn.exec(read('b.sql')!);
          const irA = await mysqlDialect.introspect(a.conn);
          const irB = await mysqlDialect.introspect(b.conn);
          expect(canonical(irA)).not.toBe(canonical(irB));

          const seed = read('seed.sql');
          const seeded = seed ? [...seed.matchAll(/INSERT INTO `?(\w+)`?/gi)].map((m) => m[1]) : [];
          if (seed) await a.conn.exec(seed);
          const kept = [...new Set(seeded)].filter((t) => irB.tables.some((x) => x.name === (options.renames?.tables?.[t] ?? t)));
          const before = await rowCounts(a.conn, kept);

          const up = diffSchemas(irA, irB, options);
          expect(up.length).toBeGreaterThan(0);
          await run(a.conn, up, irA, irB);
          const afterUp = await mysqlDialect.introspect(a.conn);
          expect(canonical(afterUp)).toBe(canonical(irB));
          expect(diffSchemas(irB, afterUp, { traits })).toEqual([]);
          const renamedBefore = Object.fromEntries(Object.entries(before).map(([t, n]) => [options.renames?.tables?.[t] ?? t, n]));
          expect(await rowCounts(a.conn, Object.keys(renamedBefore))).toEqual(renamedBefore);

          const inverted = invertRenames(options.renames);
          const reverseRenames: DiffOptions = inverted ? { traits, renames: inverted } : { traits };
          const down = diffSchemas(irB, irA, reverseRenames);
          await run(a.conn, down, irB, irA);
          const afterDown = await mysqlDialect.introspect(a.conn);
          expect(canonical(afterDown)).toBe(canonical(irA));
          expect(diffSchemas(irA, afterDown, { traits })).toEqual([]);
        });
        // renderSchema reproduces B from nothing
        await withTempMysqlDb(async (c) => {
          const irB = await (async () => {
            await c.conn.exec(read('b.sql')!);
            const s = await mysqlDialect.introspect(c.conn);
            await c.conn.exec('SET FOREIGN_KEY_CHECKS = 0');
            for (const v of s.views) await c.conn.query(`DROP VIEW \`${v.name}\``);
            for (const t of s.tables) await c.conn.query(`DROP TABLE \`${t.name}\``);
            await c.conn.exec('SET FOREIGN_KEY_CHECKS = 1');
            return s;
          })();
          await c.conn.exec(mysqlDialect.renderSchema(irB));
          expect(canonical(await mysqlDialect.introspect(c.conn))).toBe(canonical(irB));
        });
      });
    });
  }
});
