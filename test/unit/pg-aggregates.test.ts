import { describe, expect, it } from 'vitest';
import { diffSchemas } from '../../src/core/diff/diff.js';
import type { Definition } from '../../src/core/model/definitions.js';
import { describeDefinition } from '../../src/core/model/definitions.js';
import type { Schema, Table, View } from '../../src/core/model/schema.js';
import { mysqlDialect } from '../../src/dialects/mysql/dialect.js';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';
import { sqliteDialect } from '../../src/dialects/sqlite/dialect.js';
import { pgMigration } from './pg-migration.js';
import { col, schema, table } from './diff-builders.js';

// Issue #11: PostgreSQL aggregates (Definition kind 'aggregate'). Pure checks of diff order, replace
// versus drop + create, render (Up and Down) and the other engines' refusal; the database round trips
// are in test/e2e/pg-aggregates.test.ts and test/fixtures/roundtrip/postgres/58-aggregates.

const pg = (tables: Table[], views: View[] = [], definitions: Definition[] = []): Schema =>
  schema(tables, { views, ...(definitions.length ? { definitions } : {}) });

const orders = table('orders', [col('id'), col('amount')], { primaryKey: { columns: ['id'] } });

const stepFn = (returns = 'bigint'): Definition => ({
  name: 'function:public.sq_step(bigint, integer)',
  kind: 'function',
  object: 'sq_step',
  schema: 'public',
  signature: 'bigint, integer',
  definition: `CREATE OR REPLACE FUNCTION public.sq_step(state bigint, x integer)\n RETURNS ${returns}\n LANGUAGE sql\n IMMUTABLE\nAS $function$ SELECT state + x * x $function$`,
});

const sumSq = (options = "SFUNC = public.sq_step,\n    STYPE = bigint,\n    INITCOND = '0'"): Definition => ({
  name: 'aggregate:public.sum_sq(integer)',
  kind: 'aggregate',
  object: 'sum_sq',
  schema: 'public',
  signature: 'integer',
  definition: `CREATE AGGREGATE public.sum_sq(integer) (\n    ${options}\n)`,
});

const totals: View = { name: 'totals', definition: 'SELECT sum_sq(orders.amount) AS s\n   FROM orders' };

const at = (list: string[], re: RegExp) => {
  const i = list.findIndex((s) => re.test(s));
  expect(i, `${re} in\n${list.join('\n')}`).toBeGreaterThanOrEqual(0);
  return i;
};

describe('PostgreSQL aggregates', () => {
  it('are described and keyed like routines', () => {
    expect(describeDefinition(sumSq())).toBe('aggregate public.sum_sq(integer)');
  });

  it('are created after the functions they are built on (whatever their keys sort like) and before the views using them; dropped in reverse', () => {
    const { up, down } = pgMigration(pg([orders]), pg([orders], [totals], [stepFn(), sumSq()]));
    expect(at(up, /FUNCTION public\.sq_step/)).toBeLessThan(at(up, /^CREATE AGGREGATE public\.sum_sq\(integer\)/));
    expect(at(up, /^CREATE AGGREGATE public\.sum_sq/)).toBeLessThan(at(up, /^CREATE VIEW "?totals/));
    expect(at(down, /^DROP VIEW/)).toBeLessThan(at(down, /^DROP AGGREGATE public\.sum_sq\(integer\)$/));
    expect(at(down, /^DROP AGGREGATE public\.sum_sq/)).toBeLessThan(at(down, /^DROP FUNCTION public\.sq_step\(bigint, integer\)$/));
  });

  it('a script building the schema from nothing creates the function, then the aggregate, then the view', () => {
    const script = postgresDialect.renderSchema(pg([orders], [totals], [stepFn(), sumSq()]));
    const text = Array.isArray(script) ? script.join('\n') : String(script);
    expect(text.indexOf('FUNCTION public.sq_step')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('FUNCTION public.sq_step')).toBeLessThan(text.indexOf('CREATE AGGREGATE public.sum_sq'));
    expect(text.indexOf('CREATE AGGREGATE public.sum_sq')).toBeLessThan(text.indexOf('VIEW'));
  });

  it('a new option value is CREATE OR REPLACE AGGREGATE (the view using it stays); a new STYPE is drop + create', () => {
    const before = pg([orders], [totals], [stepFn(), sumSq()]);
    const replaced = pgMigration(
      before,
      pg([orders], [totals], [stepFn(), sumSq("SFUNC = public.sq_step,\n    STYPE = bigint,\n    INITCOND = '5',\n    PARALLEL = SAFE")]),
    );
    expect(replaced.up).toEqual([
      expect.stringMatching(/^CREATE OR REPLACE AGGREGATE public\.sum_sq\(integer\) \([\s\S]*INITCOND = '5',\n {4}PARALLEL = SAFE\n\)$/),
    ]);
    expect(replaced.down).toEqual([
      expect.stringMatching(/^CREATE OR REPLACE AGGREGATE public\.sum_sq\(integer\) \([\s\S]*INITCOND = '0'\n\)$/),
    ]);

    const retyped = pgMigration(
      pg([orders], [], [stepFn(), sumSq()]),
      pg([orders], [], [stepFn(), sumSq('SFUNC = public.sq_step,\n    STYPE = numeric')]),
    );
    expect(retyped.up).toEqual([
      'DROP AGGREGATE public.sum_sq(integer)',
      expect.stringMatching(/^CREATE AGGREGATE public\.sum_sq\(integer\) \(\n {4}SFUNC = public\.sq_step,\n {4}STYPE = numeric\n\)$/),
    ]);
  });

  it('an unchanged aggregate is dropped and created again around a function it is built on that is', () => {
    const { up } = pgMigration(pg([orders], [], [stepFn(), sumSq()]), pg([orders], [], [stepFn('numeric'), sumSq()]));
    expect(up.map((s) => s.split('(')[0])).toEqual([
      'DROP AGGREGATE public.sum_sq',
      'DROP FUNCTION public.sq_step',
      'CREATE OR REPLACE FUNCTION public.sq_step',
      'CREATE AGGREGATE public.sum_sq',
    ]);
  });

  it('MySQL and SQLite refuse them by name', () => {
    const to = pg([orders], [], [sumSq()]);
    for (const dialect of [mysqlDialect, sqliteDialect]) {
      const from = { ...to, tables: [], definitions: [] };
      const ops = diffSchemas(from, to, { traits: dialect.traits });
      expect(() => dialect.render(ops, { from, to })).toThrow(/aggregate sum_sq\(integer\)/);
    }
  });
});
