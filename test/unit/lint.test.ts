import { describe, expect, it } from 'vitest';
import { diffSchemas, type DiffOptions } from '../../src/core/diff/diff.js';
import type { Provider, Schema } from '../../src/core/model/schema.js';
import { lintCodes, type LintFinding } from '../../src/core/lint/finding.js';
import { lintOperations } from '../../src/core/lint/lint-operations.js';
import { col, entity, fk, schema, table } from './diff-builders.js';
import { traitsOf } from '../helpers/engine-traits.js';

function lint(from: Schema, to: Schema, options: Omit<DiffOptions, 'traits'> & { direction?: 'up' | 'down' } = {}): LintFinding[] {
  const ops = diffSchemas(from, to, { ...options, traits: traitsOf(from.provider) });
  return lintOperations(ops, { traits: traitsOf(from.provider), from, to, direction: options.direction });
}
const codes = (findings: LintFinding[]): string[] => findings.map((f) => `${f.code}:${f.severity}:${f.object}`);
const on = (provider: Provider, tables: Parameters<typeof schema>[0], extra: Parameters<typeof schema>[1] = {}): Schema =>
  schema(tables, extra, provider);

const users = entity('users', [col('email', 'varchar(255)'), col('age', 'bigint')]);

describe('lintOperations', () => {
  it('L001/L002: drops lose data (errors), L011 in a down migration (warnings)', () => {
    const a = schema([users, entity('logs')]);
    const b = schema([entity('users', [col('email', 'varchar(255)')])]);
    expect(codes(lint(a, b))).toEqual(['L001:error:logs', 'L002:error:users.age']);
    expect(codes(lint(a, b, { direction: 'down' }))).toEqual(['L011:warning:logs', 'L011:warning:users.age']);
    expect(lint(b, a)).toEqual([]);
  });

  it('L003: type narrowing warns, widening does not', () => {
    const narrowed = [
      ['bigint', 'integer'],
      ['varchar(255)', 'varchar(50)'],
      ['text', 'varchar(50)'],
      ['numeric(10,2)', 'numeric(10,1)'],
      ['numeric(10,2)', 'integer'],
      ['text', 'integer'],
      ['timestamp', 'date'],
    ];
    for (const [from, to] of narrowed) {
      const found = lint(schema([entity('t', [col('c', from)])]), schema([entity('t', [col('c', to)])])).filter((f) => f.code === 'L003');
      expect(codes(found), `${from} -> ${to}`).toEqual(['L003:warning:t.c']);
    }
    const widened = [
      ['integer', 'bigint'],
      ['varchar(50)', 'varchar(255)'],
      ['varchar(50)', 'text'],
      ['integer', 'text'],
      ['numeric(10,2)', 'numeric(12,2)'],
      ['date', 'timestamp'],
    ];
    for (const [from, to] of widened) {
      const found = lint(schema([entity('t', [col('c', from)])]), schema([entity('t', [col('c', to)])])).filter((f) => f.code === 'L003');
      expect(found, `${from} -> ${to}`).toEqual([]);
    }
    const mysql = lint(on('mysql', [entity('t', [col('c', 'int unsigned')])]), on('mysql', [entity('t', [col('c', 'int')])]));
    expect(codes(mysql.filter((f) => f.code === 'L003'))).toEqual(['L003:warning:t.c']);
    expect(lint(on('sqlite', [entity('t', [col('c', 'varchar(255)')])]), on('sqlite', [entity('t', [col('c', 'varchar(5)')])]))).toEqual(
      [],
    );
  });

  it('L004: NOT NULL without default on an existing table', () => {
    const a = schema([users]);
    const strict = (extra = {}) =>
      schema([entity('users', [...users.columns.slice(1), col('nick', 'text', { nullable: false, ...extra })])]);
    expect(codes(lint(a, strict()))).toEqual(['L004:error:users.nick']);
    // MySQL fills existing rows with the implicit default instead of failing.
    expect(codes(lint({ ...a, provider: 'mysql' }, { ...strict(), provider: 'mysql' }))).toEqual(['L004:warning:users.nick']);
    expect(lint(a, strict({ default: "''" }))).toEqual([]);
    expect(lint(schema([]), schema([entity('fresh', [col('nick', 'text', { nullable: false })])]))).toEqual([]);
    const tightened = schema([entity('users', [col('email', 'varchar(255)', { nullable: false }), col('age', 'bigint')])]);
    expect(codes(lint(a, tightened))).toEqual(['L004:warning:users.email']);
  });

  it('L004 not for a SQLite rowid alias only gaining or losing its written NOT NULL (it never held NULL)', () => {
    const rowid = (extra = {}) =>
      on(
        'sqlite',
        [entity('t', [col('x', 'text')], {})].map((t) => ({ ...t, columns: [{ ...t.columns[0], ...extra }, t.columns[1]] })),
      );
    const implicit = rowid();
    const spelled = rowid({ explicitNotNull: true });
    const ops = diffSchemas(implicit, spelled, { traits: traitsOf('sqlite') });
    expect(ops.map((op) => (op.kind === 'alterColumn' ? `${op.kind}:${op.to.name}:${op.changes.join()}` : op.kind))).toEqual([
      'alterColumn:id:nullable',
    ]);
    expect(lint(implicit, spelled)).toEqual([]);
    expect(lint(spelled, implicit)).toEqual([]);
    expect(lint(spelled, implicit, { direction: 'down' })).toEqual([]);
  });

  it('L005: unique constraint, unique index or primary key added to an existing table', () => {
    const a = schema([table('t', [col('a'), col('b')])]);
    expect(codes(lint(a, schema([table('t', [col('a'), col('b')], { uniques: [{ name: 't_a_key', columns: ['a'] }] })])))).toEqual([
      'L005:warning:t.t_a_key',
    ]);
    expect(
      codes(lint(a, schema([table('t', [col('a'), col('b')], { indexes: [{ name: 't_b', elements: [{ column: 'b' }], unique: true }] })]))),
    ).toEqual(['L005:warning:t.t_b']);
    expect(codes(lint(a, schema([table('t', [col('a'), col('b')], { primaryKey: { columns: ['a'] } })])))).toEqual([
      'L005:warning:t.primary key',
    ]);
    expect(
      lint(a, schema([table('t', [col('a'), col('b')], { indexes: [{ name: 't_b', elements: [{ column: 'b' }], unique: false }] })])),
    ).toEqual([]);
    const fresh = table('n', [col('a')], {
      indexes: [{ name: 'n_a', elements: [{ column: 'a' }], unique: true }],
      uniques: [{ name: 'n_u', columns: ['a'] }],
    });
    expect(lint(a, schema([a.tables[0], fresh]))).toEqual([]);
  });

  it('L006: PostgreSQL table rewrites, not for binary-compatible widenings or on other engines', () => {
    const change = (provider: Provider, from: string, to: string) =>
      lint(on(provider, [entity('t', [col('c', from)])]), on(provider, [entity('t', [col('c', to)])])).filter((f) => f.code === 'L006');
    expect(codes(change('postgresql', 'integer', 'bigint'))).toEqual(['L006:warning:t.c']);
    expect(codes(change('postgresql', 'text', 'varchar(20)'))).toEqual(['L006:warning:t.c']);
    expect(change('postgresql', 'varchar(20)', 'varchar(40)')).toEqual([]);
    expect(change('postgresql', 'varchar(20)', 'text')).toEqual([]);
    expect(change('postgresql', 'numeric(8,2)', 'numeric(12,2)')).toEqual([]);
    expect(change('mysql', 'int', 'bigint')).toEqual([]);
    const volatile = lint(schema([entity('t')]), schema([entity('t', [col('token', 'uuid', { default: 'gen_random_uuid()' })])]));
    expect(codes(volatile)).toEqual(['L006:warning:t.token']);
    expect(lint(schema([entity('t')]), schema([entity('t', [col('at', 'timestamp', { default: 'now()' })])]))).toEqual([]);
    const unlogged = schema([entity('t', [], { options: { unlogged: true } })]);
    expect(codes(lint(schema([entity('t')]), unlogged))).toEqual(['L006:warning:t']);
    expect(codes(lint(unlogged, schema([entity('t')])))).toEqual(['L006:warning:t']);
  });

  it('L007: once per multi-statement MySQL migration', () => {
    const a = on('mysql', [entity('t')]);
    const two = on('mysql', [entity('t', [col('a'), col('b')])]);
    const one = on('mysql', [entity('t', [col('a')])]);
    expect(codes(lint(a, two))).toEqual(['L007:info:']);
    expect(lint(a, one)).toEqual([]);
    expect(lint(schema([entity('t')]), schema([entity('t', [col('a'), col('b')])]))).toEqual([]);
  });

  it('L008: enum values removed (PG type and MySQL inline), not when added', () => {
    const withEnum = (values: string[]) => schema([entity('t', [col('mood', 'mood')])], { enums: [{ name: 'mood', values }] });
    expect(codes(lint(withEnum(['a', 'b']), withEnum(['a'])))).toEqual(['L008:error:mood']);
    expect(lint(withEnum(['a']), withEnum(['a', 'b']))).toEqual([]);
    expect(lint(withEnum(['a', 'b']), withEnum(['b', 'a']))).toEqual([]);
    const mysql = (type: string) => on('mysql', [entity('t', [col('mood', type)])]);
    expect(codes(lint(mysql("enum('a','b')"), mysql("enum('a')")))).toEqual(['L008:error:t.mood']);
    expect(lint(mysql("enum('a')"), mysql("enum('a','b')"))).toEqual([]);
  });

  it('L009: drop + add that looks like a rename suggests --rename, not when the rename is given', () => {
    const a = schema([entity('users', [col('name', 'text')])]);
    const b = schema([entity('users', [col('full_name', 'text')])]);
    const found = lint(a, b).filter((f) => f.code === 'L009');
    expect(codes(found)).toEqual(['L009:warning:users.name']);
    expect(found[0].message).toContain('--rename users.name=full_name');
    expect(lint(a, b, { renames: { columns: { 'users.name': 'full_name' } } })).toEqual([]);
    expect(lint(a, schema([entity('users', [col('full_name', 'integer')])])).filter((f) => f.code === 'L009')).toEqual([]);

    const people = schema([entity('people', [col('name', 'text'), col('email', 'text')])]);
    const renamed = schema([entity('persons', [col('name', 'text'), col('email', 'text')])]);
    const tableHint = lint(people, renamed).filter((f) => f.code === 'L009');
    expect(tableHint.map((f) => f.message)).toEqual([expect.stringContaining('--rename people=persons')]);
    expect(lint(people, schema([entity('other', [col('x', 'text')])])).filter((f) => f.code === 'L009')).toEqual([]);
  });

  it('L010: foreign key added to an existing table, not inline in a new one', () => {
    const parent = entity('parent');
    const a = schema([parent, entity('child', [col('pid')])]);
    const b = schema([parent, entity('child', [col('pid')], { foreignKeys: [fk('child_parent', ['pid'], 'parent')] })]);
    expect(codes(lint(a, b))).toEqual(['L010:warning:child.child_parent']);
    expect(lint(schema([parent]), b)).toEqual([]);
    const x = entity('x', [col('y_id')], { foreignKeys: [fk('x_y', ['y_id'], 'y')] });
    const y = entity('y', [col('x_id')], { foreignKeys: [fk('y_x', ['x_id'], 'x')] });
    expect(lint(schema([]), schema([x, y]))).toEqual([]);
  });

  it('L012: check added to an existing table', () => {
    const a = schema([entity('t', [col('n')])]);
    const b = schema([entity('t', [col('n')], { checks: [{ name: 't_n', expression: '(n > 0)' }] })]);
    expect(codes(lint(a, b))).toEqual(['L012:warning:t.t_n']);
    expect(lint(schema([]), b)).toEqual([]);
  });

  it('findings are ordered by operation and every code is documented', () => {
    const a = schema([users, entity('logs')]);
    const b = schema([entity('users', [col('email', 'varchar(20)')], { uniques: [{ name: 'u', columns: ['email'] }] })]);
    const found = lint(a, b);
    expect(found.map((f) => f.op)).toEqual([...found.map((f) => f.op)].sort((x, y) => x - y));
    for (const f of found) expect(Object.keys(lintCodes)).toContain(f.code);
  });
});
