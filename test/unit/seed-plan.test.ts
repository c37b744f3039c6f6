import { faker } from '@faker-js/faker/locale/en';
import { describe, expect, it } from 'vitest';
import { emptySchema, emptyTable, type Column, type Schema, type Table } from '../../src/core/model/schema.js';
import { analyzeChecks } from '../../src/core/seed/check-bounds.js';
import { generateRows } from '../../src/core/seed/row-generator.js';
import { planSeed } from '../../src/core/seed/seed-plan.js';
import { FlashError } from '../../src/errors.js';

const col = (name: string, type: string, family: Column['family'], nullable = false): Column => ({ name, type, family, nullable });

describe('CHECK analysis', () => {
  it.each([
    ['PostgreSQL', 'price > 0::numeric AND price <= 1000::numeric', 'price', { min: 0, minExclusive: true, max: 1000 }],
    ['PostgreSQL', "n >= '-5'::integer", 'n', { min: -5 }],
    ['PostgreSQL', "status::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])", 'status', { oneOf: ['a', 'b'] }],
    ['PostgreSQL', "(status)::text = ANY ((ARRAY['a'::character varying])::text[])", 'status', { oneOf: ['a'] }],
    ['MariaDB', '`qty` between 1 and 10', 'qty', { min: 1, max: 10 }],
    ['MariaDB', "`status` in ('a','b','c')", 'status', { oneOf: ['a', 'b', 'c'] }],
    ['SQLite', "status = 'x' OR status = 'y'", 'status', { oneOf: ['x', 'y'] }],
    ['SQLite', '10 > qty', 'qty', { max: 10, maxExclusive: true }],
    ['SQLite', 'length(code) >= 3', 'code', { minLength: 3 }],
  ])('%s: %s', (_engine, expression, column, expected) => {
    const { bounds, undecidable } = analyzeChecks([{ name: 'c', expression }], ['price', 'n', 'status', 'qty', 'code']);
    expect(undecidable).toEqual([]);
    expect(bounds.get(column)).toMatchObject(expected);
  });

  it.each(['ends > starts', "status = 'a' OR qty > 3", 'lower(code) = code', 'qty > 1 OR qty < -1'])('undecidable: %s', (expression) => {
    expect(analyzeChecks([{ name: 'c', expression }], ['starts', 'ends', 'status', 'qty', 'code']).undecidable).toHaveLength(1);
  });
});

function table(name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return { ...emptyTable(name), columns, primaryKey: { columns: ['id'] }, ...extra };
}

function schemaOf(...tables: Table[]): Schema {
  return { ...emptySchema('postgresql'), tables };
}

const fk = (name: string, column: string, referencedTable: string) => ({
  name,
  columns: [column],
  referencedTable,
  referencedColumns: ['id'],
  onDelete: 'no action' as const,
  onUpdate: 'no action' as const,
});

describe('planSeed', () => {
  it('orders parents first, defers nullable keys of a cycle and self-references', () => {
    const teams = table('teams', [col('id', 'serial', 'integer'), col('lead_id', 'integer', 'integer', true)], {
      foreignKeys: [fk('teams_lead', 'lead_id', 'users')],
    });
    const users = table(
      'users',
      [col('id', 'serial', 'integer'), col('team_id', 'integer', 'integer'), col('mentor_id', 'integer', 'integer', true)],
      {
        foreignKeys: [fk('users_team', 'team_id', 'teams'), fk('users_mentor', 'mentor_id', 'users')],
      },
    );
    const posts = table('posts', [col('id', 'serial', 'integer'), col('user_id', 'integer', 'integer')], {
      foreignKeys: [fk('posts_user', 'user_id', 'users')],
    });
    const plan = planSeed(schemaOf(posts, users, teams), { count: 5 });
    expect(plan.tables.map((t) => t.table)).toEqual(['teams', 'users', 'posts']);
    const deferred = plan.tables.flatMap((t) => t.foreignKeys.filter((f) => f.deferred).map((f) => f.fk.name));
    expect(deferred.sort()).toEqual(['teams_lead', 'users_mentor']);
  });

  it('refuses a cycle of NOT NULL keys, naming each foreign key', () => {
    const a = table('a', [col('id', 'integer', 'integer'), col('b_id', 'integer', 'integer')], { foreignKeys: [fk('a_b', 'b_id', 'b')] });
    const b = table('b', [col('id', 'integer', 'integer'), col('a_id', 'integer', 'integer')], { foreignKeys: [fk('b_a', 'a_id', 'a')] });
    let err: unknown;
    try {
      planSeed(schemaOf(a, b), { count: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FlashError);
    expect((err as FlashError).code).toBe('E_SEED_CYCLE');
    expect((err as FlashError).message).toContain('a.a_b → b');
    expect((err as FlashError).message).toContain('b.b_a → a');
  });

  it('refuses a NOT NULL column of a type it cannot generate, and leaves a nullable one out with a warning', () => {
    const t = table('shapes', [col('id', 'serial', 'integer'), col('area', 'polygon', 'other', true)]);
    expect(planSeed(schemaOf(t), { count: 1 }).warnings[0]).toContain('shapes.area');
    const strict = table('shapes', [col('id', 'serial', 'integer'), col('area', 'polygon', 'other')]);
    expect(() => planSeed(schemaOf(strict), { count: 1 })).toThrow(/shapes\.area/);
  });

  it('generates values within type limits, enum labels and unique keys, the same for the same seed', () => {
    const t = table(
      'items',
      [
        col('id', 'integer', 'integer'),
        col('code', 'varchar(3)', 'text'),
        col('kind', 'mood', 'enum'),
        col('small', 'smallint', 'integer'),
      ],
      {
        uniques: [{ name: 'items_code_key', columns: ['code'] }],
      },
    );
    const schema = { ...schemaOf(t), enums: [{ name: 'mood', values: ['up', 'down'] }] };
    const run = () => {
      faker.seed(3);
      const plan = planSeed(schema, { count: 200 }).tables[0];
      return generateRows(plan, faker, { parentKeys: new Map(), uniqueSeen: new Map(), nextSequence: new Map() });
    };
    const rows = run();
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => String(r.code).toLowerCase())).size).toBe(200);
    expect(rows.every((r) => String(r.code).length <= 3)).toBe(true);
    expect(rows.every((r) => r.kind === 'up' || r.kind === 'down')).toBe(true);
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(run()).toEqual(rows);
  });
});
