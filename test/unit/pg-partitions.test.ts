import { describe, expect, it } from 'vitest';
import { lossyOperations } from '../../src/core/diff/data-loss.js';
import { diffSchemas } from '../../src/core/diff/diff.js';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import { allColumns, readsOnly, rowTables } from '../../src/core/model/row-tables.js';
import type { Schema, Table } from '../../src/core/model/schema.js';
import { canonicalizeSchema, canonicalJson } from '../../src/core/snapshot/canonical.js';
import { mysqlDialect } from '../../src/dialects/mysql/dialect.js';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';
import { sqliteDialect } from '../../src/dialects/sqlite/dialect.js';
import { traitsOf } from '../helpers/engine-traits.js';
import { pgDiffOptions, pgMigration } from './pg-migration.js';
import { col, fk, schema, table } from './diff-builders.js';

// Issue #11: partitioned tables, partitions and INHERITS (once refused by name). Pure checks of
// diff, render (Up and Down), replay, merge and the other engines' refusal; the database round trip
// is test/e2e/pg-partitions.test.ts.

const options = pgDiffOptions;

const january = "FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')";
const february = "FOR VALUES FROM ('2024-02-01') TO ('2024-03-01')";

// Partition names sort before their parent's, children's before their parent's: order must come from the dependency.
const measurements = (extra: Partial<Table> = {}) =>
  table('measurements', [col('id', 'integer', { nullable: false }), col('at', 'date', { nullable: false })], {
    partitionBy: 'RANGE (at)',
    indexes: [{ name: 'measurements_at_idx', elements: [{ column: 'at' }], unique: false }],
    ...extra,
  });
const partition = (name: string, bound: string, extra: Partial<Table> = {}) =>
  table(name, [], { partitionOf: { parent: 'measurements', bound }, ...extra });
const vehicles = table('vehicles', [col('id', 'integer', { nullable: false }), col('name', 'text')], { primaryKey: { columns: ['id'] } });
const trucks = table('trucks', [col('payload_kg')], {
  inherits: ['vehicles'],
  checks: [{ name: 'trucks_payload_kg_check', expression: 'payload_kg > 0' }],
});

const full = schema([
  measurements(),
  partition('m_2024_01', january),
  partition('m_2024_02', february),
  partition('m_default', 'DEFAULT'),
  vehicles,
  trucks,
]);

describe('partitioned tables, partitions and INHERITS: diff and render', () => {
  it('creates parents before partitions and children, drops them in reverse', () => {
    const { up, down } = pgMigration(schema([]), full);
    expect(up).toEqual([
      'CREATE TABLE measurements (\n  id integer NOT NULL,\n  at date NOT NULL\n) PARTITION BY RANGE (at)',
      `CREATE TABLE m_2024_01 PARTITION OF measurements ${january}`,
      `CREATE TABLE m_2024_02 PARTITION OF measurements ${february}`,
      'CREATE TABLE m_default PARTITION OF measurements DEFAULT',
      'CREATE TABLE vehicles (\n  id integer NOT NULL,\n  name text,\n  PRIMARY KEY (id)\n)',
      'CREATE TABLE trucks (\n  payload_kg integer,\n  CONSTRAINT trucks_payload_kg_check CHECK (payload_kg > 0)\n) INHERITS (vehicles)',
      'CREATE INDEX measurements_at_idx ON measurements (at)',
    ]);
    expect(down).toEqual([
      'DROP TABLE trucks',
      'DROP TABLE vehicles',
      'DROP TABLE m_default',
      'DROP TABLE m_2024_02',
      'DROP TABLE m_2024_01',
      'DROP TABLE measurements',
    ]);
  });

  it('renderSchema (pull) writes parents first, and a partition with its own constraints and sub-partitioning', () => {
    const sub = partition('m_2024_03', "FOR VALUES FROM ('2024-03-01') TO ('2024-04-01')", {
      partitionBy: 'LIST (id)',
      checks: [{ name: 'm_2024_03_id_check', expression: 'id > 0' }],
    });
    const text = postgresDialect.renderSchema({ ...full, tables: [...full.tables, sub] });
    const at = (s: string) => text.indexOf(s);
    expect(at('CREATE TABLE measurements')).toBeLessThan(at('CREATE TABLE m_2024_01 PARTITION OF'));
    expect(at('CREATE TABLE vehicles')).toBeLessThan(at('CREATE TABLE trucks'));
    expect(text).toContain(
      "CREATE TABLE m_2024_03 PARTITION OF measurements (\n  CONSTRAINT m_2024_03_id_check CHECK (id > 0)\n) FOR VALUES FROM ('2024-03-01') TO ('2024-04-01') PARTITION BY LIST (id);",
    );
  });

  it('removing a partition drops exactly it; Down creates it again', () => {
    const without = { ...full, tables: full.tables.filter((t) => t.name !== 'm_2024_02') };
    expect(pgMigration(full, without)).toEqual({
      up: ['DROP TABLE m_2024_02'],
      down: [`CREATE TABLE m_2024_02 PARTITION OF measurements ${february}`],
    });
  });

  it('a partition of a table a foreign key references is detached before it is dropped', () => {
    const notes = table('notes', [col('m_id'), col('m_at', 'date')], {
      foreignKeys: [fk('notes_m_fkey', ['m_id', 'm_at'], 'measurements', ['id', 'at'])],
    });
    const referenced = { ...full, tables: [...full.tables, notes] };
    const without = { ...referenced, tables: referenced.tables.filter((t) => t.name !== 'm_2024_02') };
    expect(pgMigration(referenced, without).up).toEqual(['ALTER TABLE measurements DETACH PARTITION m_2024_02', 'DROP TABLE m_2024_02']);
  });

  it("a partition's new bound is drop + create, which the data-loss check flags", () => {
    const moved = {
      ...full,
      tables: full.tables.map((t) =>
        t.name === 'm_2024_02' ? partition('m_2024_02', "FOR VALUES FROM ('2024-02-01') TO ('2024-04-01')") : t,
      ),
    };
    const ops = diffSchemas(full, moved, options);
    expect(pgMigration(full, moved).up).toEqual([
      'DROP TABLE m_2024_02',
      "CREATE TABLE m_2024_02 PARTITION OF measurements FOR VALUES FROM ('2024-02-01') TO ('2024-04-01')",
    ]);
    expect(lossyOperations(ops).length).toBeGreaterThan(0);
  });

  it('a new partition key recreates the table and all its partitions', () => {
    const rekeyed = {
      ...full,
      tables: full.tables.map((t) => (t.name === 'measurements' ? measurements({ partitionBy: 'RANGE (id)' }) : t)),
    };
    const { up } = pgMigration(full, rekeyed);
    expect(up).toEqual([
      'DROP TABLE m_default',
      'DROP TABLE m_2024_02',
      'DROP TABLE m_2024_01',
      'DROP TABLE measurements',
      'CREATE TABLE measurements (\n  id integer NOT NULL,\n  at date NOT NULL\n) PARTITION BY RANGE (id)',
      `CREATE TABLE m_2024_01 PARTITION OF measurements ${january}`,
      `CREATE TABLE m_2024_02 PARTITION OF measurements ${february}`,
      'CREATE TABLE m_default PARTITION OF measurements DEFAULT',
      'CREATE INDEX measurements_at_idx ON measurements (at)',
    ]);
  });

  it('a table leaving INHERITS is recreated; a column added to a parent is one ALTER', () => {
    const standalone = table('trucks', [col('id', 'integer', { nullable: false }), col('name', 'text'), col('payload_kg')]);
    const alone = { ...full, tables: full.tables.map((t) => (t.name === 'trucks' ? standalone : t)) };
    expect(pgMigration(full, alone).up).toEqual([
      'DROP TABLE trucks',
      'CREATE TABLE trucks (\n  id integer NOT NULL,\n  name text,\n  payload_kg integer\n)',
    ]);
    const wider = {
      ...full,
      tables: full.tables.map((t) => (t.name === 'vehicles' ? { ...vehicles, columns: [...vehicles.columns, col('wheels')] } : t)),
    };
    expect(pgMigration(full, wider).up).toEqual(['ALTER TABLE vehicles ADD COLUMN wheels integer']);
  });

  it('a snapshot of an ordinary table has none of the new keys', () => {
    const json = canonicalJson(canonicalizeSchema(schema([vehicles])));
    for (const key of ['partitionBy', 'partitionOf', 'inherits']) expect(json).not.toContain(`"${key}"`);
  });
});

describe('three-way merge of partitions', () => {
  const merge = (base: Schema, ours: Schema, theirs: Schema) => mergeSchemas(base, ours, theirs, { traits: traitsOf('postgresql') });
  const base = schema([measurements(), partition('m_2024_01', january)]);

  it('two branches adding different partitions merge cleanly', () => {
    const ours = schema([...base.tables, partition('m_2024_02', february)]);
    const theirs = schema([...base.tables, partition('m_default', 'DEFAULT')]);
    const r = merge(base, ours, theirs);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.merged.tables.map((t) => t.name).sort()).toEqual(['m_2024_01', 'm_2024_02', 'm_default', 'measurements']);
  });

  it('a partition added on one side to a parent dropped on the other is a C004 dependency conflict', () => {
    const ours = schema([...base.tables, partition('m_2024_02', february)]);
    const theirs = schema([]);
    for (const [a, b] of [
      [ours, theirs],
      [theirs, ours],
    ]) {
      const r = merge(base, a, b);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.conflicts.map((c) => [c.code, c.path])).toEqual([['C004', 'm_2024_02']]);
        expect(r.conflicts[0].message).toContain('table measurements');
        expect(JSON.stringify([r.conflicts[0].ours, r.conflicts[0].theirs])).toContain(`partition of measurements ${february}`);
      }
    }
  });

  it('a child added under INHERITS to a parent dropped on the other side is C004 too', () => {
    const b = schema([vehicles]);
    const r = merge(b, schema([vehicles, trucks]), schema([]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.conflicts.map((c) => [c.code, c.path])).toEqual([['C004', 'trucks']]);
  });

  it('one bound changed differently on each side is a C002 conflict', () => {
    const ours = schema([measurements(), partition('m_2024_01', "FOR VALUES FROM ('2024-01-01') TO ('2024-03-01')")]);
    const theirs = schema([measurements(), partition('m_2024_01', "FOR VALUES FROM ('2023-12-01') TO ('2024-02-01')")]);
    const r = merge(base, ours, theirs);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.conflicts.map((c) => [c.code, c.path])).toEqual([['C002', 'm_2024_01']]);
  });
});

describe('MySQL and SQLite refuse partitioning and INHERITS by name', () => {
  it('renderers throw E_UNSUPPORTED naming each', () => {
    for (const dialect of [mysqlDialect, sqliteDialect]) {
      const ops = diffSchemas(schema([]), full, { traits: dialect.traits });
      expect(() => dialect.render(ops, { from: schema([]), to: full })).toThrow(
        /PARTITION BY of table measurements.*PARTITION OF measurements of table m_2024_01.*INHERITS of table trucks/s,
      );
      expect(() => dialect.renderSchema(full)).toThrow(expect.objectContaining({ code: 'E_UNSUPPORTED' }));
    }
  });
});

describe('rows of partitions and children (data tools, table browsing, typed queries)', () => {
  it("partitions are read through their root; a child has its parents' columns then its own; a parent is read ONLY", () => {
    expect(rowTables(full).map((t) => [t.name, t.columns.map((c) => c.name)])).toEqual([
      ['measurements', ['id', 'at']],
      ['vehicles', ['id', 'name']],
      ['trucks', ['id', 'name', 'payload_kg']],
    ]);
    expect(
      allColumns(
        full,
        full.tables.find((t) => t.name === 'm_default')!,
      ).map((c) => c.name),
    ).toEqual(['id', 'at']);
    expect(readsOnly(vehicles)).toBe(true);
    expect(readsOnly(measurements())).toBe(false);
    const plain = schema([vehicles]);
    expect(rowTables(plain)).toBe(plain.tables);
  });
});
