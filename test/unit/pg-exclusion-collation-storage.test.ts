import { describe, expect, it } from 'vitest';
import { diffSchemas } from '../../src/core/diff/diff.js';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import type { Definition } from '../../src/core/model/definitions.js';
import type { Schema, Table, View } from '../../src/core/model/schema.js';
import { canonicalizeSchema, canonicalJson } from '../../src/core/snapshot/canonical.js';
import { mysqlDialect } from '../../src/dialects/mysql/dialect.js';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';
import { icuCollationsCreatedBy } from '../../src/dialects/postgres/pglite-collations.js';
import { unsupportedStatementPostgres } from '../../src/dialects/postgres/unmodelled.js';
import { sqliteDialect } from '../../src/dialects/sqlite/dialect.js';
import { traitsOf } from '../helpers/engine-traits.js';
import { pgMigration } from './pg-migration.js';
import { col, schema, table } from './diff-builders.js';

// Issue #11: EXCLUDE constraints and collations (definition-compared objects, kinds 'exclusion' and
// 'collation') and storage options (reloptions) of tables and materialized views. Pure checks of
// diff order, render (Up and Down), replay, merge and the other engines' refusal; the database round
// trips are in test/e2e/pg-exclusion-collation-storage.test.ts.

const pg = (tables: Table[], views: View[] = [], definitions: Definition[] = []): Schema =>
  schema(tables, { views, ...(definitions.length ? { definitions } : {}) });

const bookings = (extra: Partial<Table> = {}) =>
  table('bookings', [col('id'), col('room'), col('during', 'tsrange')], { primaryKey: { columns: ['id'] }, ...extra });
const exclusion = (definition = 'EXCLUDE USING gist (room WITH =, during WITH &&)'): Definition => ({
  name: 'exclusion:bookings.no_overlap',
  kind: 'exclusion',
  object: 'no_overlap',
  table: 'bookings',
  definition,
});
const collation = (name = 'ci', locale = 'und-u-ks-level2'): Definition => ({
  name: `collation:public.${name}`,
  kind: 'collation',
  object: name,
  schema: 'public',
  definition: `CREATE COLLATION public.${name} (provider = icu, locale = '${locale}', deterministic = false)`,
});
const people = (collate?: string) => table('people', [col('id'), col('email', 'text', collate ? { collation: collate } : {})]);

describe('EXCLUDE constraints', () => {
  it('added after the table, dropped before it; a changed one is dropped and added', () => {
    expect(pgMigration(pg([bookings()]), pg([bookings()], [], [exclusion()]))).toEqual({
      up: ['ALTER TABLE public.bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)'],
      down: ['ALTER TABLE public.bookings DROP CONSTRAINT no_overlap'],
    });
    expect(pgMigration(pg([]), pg([bookings()], [], [exclusion()])).up).toEqual([
      'CREATE TABLE bookings (\n  id integer,\n  room integer,\n  during tsrange,\n  PRIMARY KEY (id)\n)',
      'ALTER TABLE public.bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)',
    ]);
    expect(
      pgMigration(
        pg([bookings()], [], [exclusion()]),
        pg([bookings()], [], [exclusion('EXCLUDE USING gist (room WITH =, during WITH &&) DEFERRABLE')]),
      ).up,
    ).toEqual([
      'ALTER TABLE public.bookings DROP CONSTRAINT no_overlap',
      'ALTER TABLE public.bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&) DEFERRABLE',
    ]);
  });

  it('a column it uses changing type recreates it around the change', () => {
    const wider = bookings({ columns: [col('id'), col('room', 'bigint'), col('during', 'tsrange')] });
    expect(pgMigration(pg([bookings()], [], [exclusion()]), pg([wider], [], [exclusion()])).up).toEqual([
      'ALTER TABLE public.bookings DROP CONSTRAINT no_overlap',
      'ALTER TABLE bookings ALTER COLUMN room TYPE bigint USING room::bigint',
      'ALTER TABLE public.bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)',
    ]);
  });
});

describe('collations', () => {
  it('created before the tables using them and dropped after them; a change is drop + create', () => {
    expect(pgMigration(pg([]), pg([people('ci')], [], [collation()]))).toEqual({
      up: [
        "CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
        'CREATE TABLE people (\n  id integer,\n  email text COLLATE ci\n)',
      ],
      down: ['DROP TABLE people', 'DROP COLLATION public.ci'],
    });
    // a column taking it up is altered after the collation exists; letting go of it, before it is dropped
    expect(pgMigration(pg([people()]), pg([people('ci')], [], [collation()]))).toEqual({
      up: [
        "CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
        'ALTER TABLE people ALTER COLUMN email TYPE text COLLATE ci',
      ],
      down: ['ALTER TABLE people ALTER COLUMN email TYPE text COLLATE "default"', 'DROP COLLATION public.ci'],
    });
    expect(pgMigration(pg([], [], [collation()]), pg([], [], [collation('ci', 'und-u-ks-level1')])).up).toEqual([
      'DROP COLLATION public.ci',
      "CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level1', deterministic = false)",
    ]);
  });

  it('the schema script (pull) creates collations before tables and exclusions after them', () => {
    const script = postgresDialect.renderSchema(pg([people('ci'), bookings()], [], [collation(), exclusion()]));
    const at = (s: string) => script.indexOf(s);
    expect(at('CREATE COLLATION public.ci')).toBeGreaterThanOrEqual(0);
    expect(at('CREATE COLLATION public.ci')).toBeLessThan(at('CREATE TABLE people'));
    expect(at('CREATE TABLE bookings')).toBeLessThan(at('ADD CONSTRAINT no_overlap EXCLUDE'));
  });

  it('the PGlite shadow finds the ICU collations a schema creates (it refuses them), not the libc ones', () => {
    expect(
      icuCollationsCreatedBy([
        "CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\n" +
          'create collation if not exists "De" from "de-DE-x-icu";\n' +
          'CREATE COLLATION c_copy FROM "C";\n' +
          "CREATE COLLATION posix_copy (provider = libc, locale = 'POSIX');\n" +
          "CREATE COLLATION public.ci2 (locale = 'und', provider = 'icu');",
      ]),
    ).toEqual(['De', 'case_insensitive', 'public.ci2']);
  });

  it('CREATE COLLATION in db/schema is no longer refused by statement', () => {
    expect(unsupportedStatementPostgres("CREATE COLLATION mycoll (provider = icu, locale = 'und');")).toBeUndefined();
    expect(unsupportedStatementPostgres('CREATE COLLATION IF NOT EXISTS german FROM "C";')).toBeUndefined();
  });
});

describe('storage options (reloptions)', () => {
  const packed = (storage?: Record<string, string>) => bookings(storage ? { options: { storage } } : {});
  const mv = (storage?: Record<string, string>): View => ({
    name: 'mv',
    definition: ' SELECT id FROM bookings;',
    materialized: true,
    ...(storage ? { storage } : {}),
  });

  it('tables: SET what is new or changed, RESET what is gone; CREATE TABLE … WITH (…)', () => {
    expect(pgMigration(pg([packed({ fillfactor: '70', autovacuum_enabled: 'false' })]), pg([packed({ fillfactor: '80' })]))).toEqual({
      up: ['ALTER TABLE bookings SET (fillfactor = 80)', 'ALTER TABLE bookings RESET (autovacuum_enabled)'],
      down: ['ALTER TABLE bookings SET (autovacuum_enabled = false, fillfactor = 70)'],
    });
    expect(pgMigration(pg([]), pg([packed({ fillfactor: '70' })])).up).toEqual([
      'CREATE TABLE bookings (\n  id integer,\n  room integer,\n  during tsrange,\n  PRIMARY KEY (id)\n) WITH (fillfactor = 70)',
    ]);
  });

  it('materialized views: ALTER MATERIALIZED VIEW SET / RESET keeps the rows; CREATE … WITH (…)', () => {
    expect(pgMigration(pg([packed()], [mv()]), pg([packed()], [mv({ fillfactor: '50' })]))).toEqual({
      up: ['ALTER MATERIALIZED VIEW mv SET (fillfactor = 50)'],
      down: ['ALTER MATERIALIZED VIEW mv RESET (fillfactor)'],
    });
    expect(pgMigration(pg([packed()]), pg([packed()], [mv({ fillfactor: '50' })])).up).toEqual([
      'CREATE MATERIALIZED VIEW mv WITH (fillfactor = 50) AS\n SELECT id FROM bookings;',
    ]);
  });

  it('absent options add no key to the canonical JSON (existing snapshots keep their hash)', () => {
    const json = canonicalJson(canonicalizeSchema(pg([packed()], [mv()])));
    expect(json).not.toContain('"storage"');
    expect(json).not.toContain('"options"');
    expect(json).not.toContain('"definitions"');
  });
});

describe('three-way merge', () => {
  const merge = (base: Schema, ours: Schema, theirs: Schema) => mergeSchemas(base, ours, theirs, { traits: traitsOf('postgresql') });

  it('the same exclusion constraint changed differently on each side is a conflict naming it', () => {
    const r = merge(
      pg([bookings()], [], [exclusion()]),
      pg([bookings()], [], [exclusion('EXCLUDE USING gist (room WITH =, during WITH &&) DEFERRABLE')]),
      pg([bookings()], [], [exclusion('EXCLUDE USING gist (room WITH =, during WITH &&) WHERE ((room > 0))')]),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.conflicts.map((c) => c.path)).toEqual(['exclusion:bookings.no_overlap']);
  });

  it('the same collation changed differently is a conflict; different objects merge cleanly', () => {
    const r = merge(pg([], [], [collation()]), pg([], [], [collation('ci', 'de-DE')]), pg([], [], [collation('ci', 'fr-FR')]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.conflicts.map((c) => c.path)).toEqual(['collation:public.ci']);
    const clean = merge(
      pg([bookings()]),
      pg([bookings()], [], [exclusion(), collation()]),
      pg([bookings({ options: { storage: { fillfactor: '70' } } })]),
    );
    expect(clean.ok).toBe(true);
    if (clean.ok) {
      expect(clean.merged.definitions?.map((d) => d.name)).toEqual(['collation:public.ci', 'exclusion:bookings.no_overlap']);
      expect(clean.merged.tables[0].options).toEqual({ storage: { fillfactor: '70' } });
    }
  });

  it('a column taking up a collation the other side drops is a C004 conflict', () => {
    const r = merge(pg([people()], [], [collation()]), pg([people('ci')], [], [collation()]), pg([people()]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.conflicts.map((c) => [c.code, c.path])).toEqual([['C004', 'people.email']]);
  });

  it('the same table fillfactor changed differently on each side is a conflict', () => {
    const r = merge(
      pg([bookings({ options: { storage: { fillfactor: '70' } } })]),
      pg([bookings({ options: { storage: { fillfactor: '80' } } })]),
      pg([bookings({ options: { storage: { fillfactor: '90' } } })]),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.conflicts.map((c) => [c.code, c.path])).toEqual([['C002', 'bookings']]);
      expect(r.conflicts[0].message).toContain('storage.fillfactor: ours 80, theirs 90');
    }
  });

  it('different storage parameters (or UNLOGGED) of one table on each side merge cleanly', () => {
    const r = merge(
      pg([bookings({ options: { storage: { fillfactor: '70' } } })]),
      pg([bookings({ options: { unlogged: true, storage: { fillfactor: '80' } } })]),
      pg([bookings({ options: { storage: { fillfactor: '70', autovacuum_enabled: 'false' } }, comment: 'hot' })]),
    );
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.merged.tables[0]).toMatchObject({
        options: { unlogged: true, storage: { fillfactor: '80', autovacuum_enabled: 'false' } },
        comment: 'hot',
      });
  });
});

describe('MySQL and SQLite refuse them by name', () => {
  it('storage options, exclusion constraints and collations', () => {
    const to = pg([bookings({ options: { storage: { fillfactor: '70' } } })], [mv2()], [exclusion(), collation()]);
    for (const dialect of [mysqlDialect, sqliteDialect]) {
      const from = { ...to, tables: [], views: [], definitions: [] };
      const ops = diffSchemas(from, to, { traits: dialect.traits });
      expect(() => dialect.render(ops, { from, to })).toThrow(
        /storage options of table bookings.*storage options of materialized view mv.*exclusion constraint no_overlap on bookings.*collation ci/,
      );
      expect(() => dialect.renderSchema(to)).toThrow(expect.objectContaining({ code: 'E_UNSUPPORTED' }));
    }
  });
});

function mv2(): View {
  return { name: 'mv', definition: 'SELECT 1', materialized: true, storage: { fillfactor: '50' } };
}
