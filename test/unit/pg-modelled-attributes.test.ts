import { describe, expect, it } from 'vitest';
import { diffSchemas } from '../../src/core/diff/diff.js';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import type { Index, Schema, Table, View } from '../../src/core/model/schema.js';
import { canonicalizeSchema, canonicalJson } from '../../src/core/snapshot/canonical.js';
import { mysqlDialect } from '../../src/dialects/mysql/dialect.js';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';
import { sqliteDialect } from '../../src/dialects/sqlite/dialect.js';
import { traitsOf } from '../helpers/engine-traits.js';
import { pgMigration } from './pg-migration.js';
import { col, schema, table } from './diff-builders.js';

// Issue #11: PostgreSQL attributes once refused by name. Pure checks of diff, render (Up and Down),
// replay, merge and the other engines' refusal; the database round trips are in
// test/dialects/postgres-roundtrip.test.ts (fixtures 46–52) and test/e2e/pg-modelled-attributes.test.ts.

const pg = (tables: Table[], views: View[] = []): Schema => schema(tables, { views });

const slots = (extra: Partial<Table> = {}) => table('slots', [col('id'), col('pos')], { primaryKey: { columns: ['id'] }, ...extra });
const ix = (name: string, extra: Partial<Index> = {}): Index => ({ name, elements: [{ column: 'pos' }], unique: false, ...extra });

describe('PostgreSQL attributes modelled since issue #11: diff and render', () => {
  it('DEFERRABLE primary key and unique constraint: drop and add the key', () => {
    const plain = pg([slots({ uniques: [{ name: 'slots_pos_key', columns: ['pos'] }] })]);
    const deferred = pg([
      slots({
        primaryKey: { columns: ['id'], deferrable: 'deferred' },
        uniques: [{ name: 'slots_pos_key', columns: ['pos'], deferrable: 'immediate' }],
      }),
    ]);
    expect(pgMigration(plain, deferred)).toEqual({
      up: [
        'ALTER TABLE slots DROP CONSTRAINT slots_pos_key',
        'ALTER TABLE slots DROP CONSTRAINT slots_pkey',
        'ALTER TABLE slots ADD PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED',
        'ALTER TABLE slots ADD CONSTRAINT slots_pos_key UNIQUE (pos) DEFERRABLE INITIALLY IMMEDIATE',
      ],
      down: [
        'ALTER TABLE slots DROP CONSTRAINT slots_pos_key',
        'ALTER TABLE slots DROP CONSTRAINT slots_pkey',
        'ALTER TABLE slots ADD PRIMARY KEY (id)',
        'ALTER TABLE slots ADD CONSTRAINT slots_pos_key UNIQUE (pos)',
      ],
    });
  });

  it('UNLOGGED: SET UNLOGGED / SET LOGGED, and CREATE UNLOGGED TABLE', () => {
    expect(pgMigration(pg([slots()]), pg([slots({ options: { unlogged: true } })]))).toEqual({
      up: ['ALTER TABLE slots SET UNLOGGED'],
      down: ['ALTER TABLE slots SET LOGGED'],
    });
    expect(postgresDialect.renderSchema(pg([slots({ options: { unlogged: true } })]))).toContain('CREATE UNLOGGED TABLE slots (');
  });

  it('unique index NULLS NOT DISTINCT, INCLUDE, operator class, COLLATE and NULLS LAST: drop and create the index', () => {
    const before = pg([slots({ indexes: [ix('slots_pos')] })]);
    const after = pg([
      slots({
        indexes: [
          ix('slots_pos', {
            unique: true,
            nullsNotDistinct: true,
            include: ['id'],
            elements: [{ column: 'pos', collation: 'C', opclass: 'text_pattern_ops', descending: true, nulls: 'last' }],
            where: 'id > 0',
          }),
        ],
      }),
    ]);
    expect(pgMigration(before, after)).toEqual({
      up: [
        'DROP INDEX slots_pos',
        'CREATE UNIQUE INDEX slots_pos ON slots (pos COLLATE "C" text_pattern_ops DESC NULLS LAST) INCLUDE (id) NULLS NOT DISTINCT WHERE id > 0',
      ],
      down: ['DROP INDEX slots_pos', 'CREATE INDEX slots_pos ON slots (pos)'],
    });
  });

  it('CHECK … NO INHERIT: drop and add the check', () => {
    const check = { name: 'slots_pos_check', expression: 'pos > 0' };
    expect(pgMigration(pg([slots({ checks: [check] })]), pg([slots({ checks: [{ ...check, noInherit: true }] })])).up).toEqual([
      'ALTER TABLE slots DROP CONSTRAINT slots_pos_check',
      'ALTER TABLE slots ADD CONSTRAINT slots_pos_check CHECK (pos > 0) NO INHERIT',
    ]);
  });

  it('indexes of a materialized view: an index-only change keeps the view; a recreated view takes its indexes along', () => {
    const mv = (indexes?: Index[], definition = ' SELECT id, pos FROM slots;'): View => ({
      name: 'mv',
      definition,
      materialized: true,
      ...(indexes ? { indexes } : {}),
    });
    expect(pgMigration(pg([slots()], [mv()]), pg([slots()], [mv([ix('mv_pos', { unique: true })])]))).toEqual({
      up: ['CREATE UNIQUE INDEX mv_pos ON mv (pos)'],
      down: ['DROP INDEX mv_pos'],
    });
    const changed = pgMigration(pg([slots()], [mv([ix('mv_pos')])]), pg([slots()], [mv([ix('mv_pos')], ' SELECT pos, id FROM slots;')]));
    expect(changed.up).toEqual([
      'DROP MATERIALIZED VIEW mv',
      'CREATE MATERIALIZED VIEW mv AS\n SELECT pos, id FROM slots;',
      'CREATE INDEX mv_pos ON mv (pos)',
    ]);
  });

  it('view options: changed in place with ALTER VIEW SET / RESET (views using it stay); a new view is created WITH (…)', () => {
    const v = (extra: Partial<View> = {}): View => ({ name: 'v', definition: ' SELECT id FROM slots;', ...extra });
    const user: View = { name: 'w', definition: ' SELECT id FROM v;' };
    const guarded = v({ securityInvoker: true, securityBarrier: true, checkOption: 'cascaded' });
    expect(pgMigration(pg([slots()], [v(), user]), pg([slots()], [guarded, user]))).toEqual({
      up: ['ALTER VIEW v SET (check_option = cascaded, security_barrier = true, security_invoker = true)'],
      down: ['ALTER VIEW v RESET (check_option, security_barrier, security_invoker)'],
    });
    expect(
      pgMigration(pg([slots()], [v({ checkOption: 'local', securityBarrier: true })]), pg([slots()], [v({ checkOption: 'cascaded' })])).up,
    ).toEqual(['ALTER VIEW v SET (check_option = cascaded)', 'ALTER VIEW v RESET (security_barrier)']);
    expect(pgMigration(pg([slots()]), pg([slots()], [guarded])).up).toEqual([
      'CREATE VIEW v WITH (check_option = cascaded, security_barrier = true, security_invoker = true) AS\n SELECT id FROM slots;',
    ]);
    // a new query recreates the view with its options
    expect(pgMigration(pg([slots()], [v()]), pg([slots()], [{ ...guarded, definition: ' SELECT id, pos FROM slots;' }])).up).toEqual([
      'DROP VIEW v',
      'CREATE VIEW v WITH (check_option = cascaded, security_barrier = true, security_invoker = true) AS\n SELECT id, pos FROM slots;',
    ]);
  });

  it('attributes at their default add no key to the canonical JSON (existing snapshots keep their hash)', () => {
    const json = canonicalJson(canonicalizeSchema(pg([slots({ indexes: [ix('slots_pos')] })], [{ name: 'v', definition: 'SELECT 1' }])));
    for (const key of [
      'nulls',
      'deferrable',
      'unlogged',
      'options',
      'nullsNotDistinct',
      'include',
      'opclass',
      'collation',
      'noInherit',
      'securityInvoker',
      'securityBarrier',
      'checkOption',
    ])
      expect(json).not.toContain(`"${key}"`);
    expect(json).not.toContain('"indexes":[]}'); // a view without indexes has no `indexes`
  });
});

describe('three-way merge of the new attributes', () => {
  const merge = (base: Schema, ours: Schema, theirs: Schema) => mergeSchemas(base, ours, theirs, { traits: traitsOf('postgresql') });

  it('UNLOGGED on one side and a comment on the other merge cleanly', () => {
    const r = merge(pg([slots()]), pg([slots({ options: { unlogged: true } })]), pg([slots({ comment: 'hot' })]));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.merged.tables[0]).toMatchObject({ options: { unlogged: true }, comment: 'hot' });
  });

  it('a key made deferrable differently on each side is a C002 conflict naming it', () => {
    const r = merge(
      pg([slots()]),
      pg([slots({ primaryKey: { columns: ['id'], deferrable: 'immediate' } })]),
      pg([slots({ primaryKey: { columns: ['id'], deferrable: 'deferred' } })]),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.conflicts.map((c) => [c.code, c.path])).toEqual([['C002', 'slots#pk']]);
      expect(r.conflicts[0].message).toContain('deferrable initially deferred');
    }
  });
});

describe('engines without these attributes refuse them by name instead of dropping them', () => {
  it('MySQL and SQLite renderers throw E_UNSUPPORTED naming each attribute', () => {
    const to = pg([slots({ options: { unlogged: true }, indexes: [ix('slots_pos', { include: ['id'] })] })]);
    for (const dialect of [mysqlDialect, sqliteDialect]) {
      const ops = diffSchemas({ ...to, tables: [] }, to, { traits: dialect.traits });
      expect(() => dialect.render(ops, { from: { ...to, tables: [] }, to })).toThrow(
        /UNLOGGED table slots.*INCLUDE columns of index slots_pos/,
      );
      expect(() => dialect.renderSchema(to)).toThrow(expect.objectContaining({ code: 'E_UNSUPPORTED' }));
    }
  });

  it('a lone operation carrying one is refused too, and plain schemas still render', () => {
    const view: View = { name: 'v', definition: 'SELECT 1', securityInvoker: true };
    const empty = pg([]);
    expect(() => mysqlDialect.render([{ kind: 'createView', view }], { from: empty, to: empty })).toThrow(/security_invoker of view v/);
    const plain: View = { name: 'v', definition: 'SELECT 1' };
    for (const dialect of [mysqlDialect, sqliteDialect])
      expect(() => dialect.render([{ kind: 'alterViewOptions', from: view, to: plain }], { from: empty, to: empty })).toThrow(
        /options of view v/,
      );
    expect(() => sqliteDialect.renderSchema(schema([slots({ indexes: [ix('slots_pos')] })], {}, 'sqlite'))).not.toThrow();
  });
});
