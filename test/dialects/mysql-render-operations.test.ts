import { describe, expect, it } from 'vitest';
import type { Operation } from '../../src/core/diff/operations.js';
import type { Schema, Table } from '../../src/core/model/schema.js';
import { renderMysql } from '../../src/dialects/mysql/render.js';
import { col, table } from './mysql-render-fixtures.js';

const schema = (tables: Table[]): Schema => ({ formatVersion: 1, provider: 'mysql', tables, enums: [], views: [], collections: [] });

describe('mysql render: the operation list', () => {
  it('renders each operation against the schema the earlier ones leave', () => {
    const from = schema([table('t', [col('a'), col('b')])]);
    const ops: Operation[] = [
      { kind: 'renameColumn', table: 't', from: 'a', to: 'z' },
      { kind: 'addColumn', table: 't', column: col('c') },
    ];
    const to = schema([table('t', [col('z'), col('c'), col('b')])]);
    expect(renderMysql(ops, { from, to })).toEqual([
      { sql: 'ALTER TABLE `t` RENAME COLUMN `a` TO `z`', op: 0 },
      { sql: 'ALTER TABLE `t` ADD COLUMN `c` int NULL AFTER `z`', op: 1 },
    ]);
  });

  it('a key folded into an earlier statement renders nothing itself', () => {
    const id = col('id', { nullable: false, identity: 'auto-increment' });
    const ops: Operation[] = [
      { kind: 'addColumn', table: 't', column: id, position: 'first' },
      { kind: 'addPrimaryKey', table: 't', primaryKey: { columns: ['id'] } },
    ];
    const from = schema([table('t', [col('a')])]);
    expect(renderMysql(ops, { from, to: schema([table('t', [id, col('a')], { primaryKey: { columns: ['id'] } })]) })).toEqual([
      { sql: 'ALTER TABLE `t` ADD COLUMN `id` int NOT NULL AUTO_INCREMENT FIRST, ADD PRIMARY KEY (`id`)', op: 0 },
    ]);
  });

  it('a lone operation renders against any schema (a merge re-renders one CREATE INDEX from nothing)', () => {
    const op: Operation = { kind: 'createIndex', table: 't', index: { name: 'ix', elements: [{ column: 'a' }], unique: false } };
    expect(renderMysql([op], { from: schema([]), to: schema([]) })).toEqual([{ sql: 'CREATE INDEX `ix` ON `t` (`a`)', op: 0 }]);
  });

  it('refuses by name a list that does not fit the schema, rather than render against a guess', () => {
    const ops: Operation[] = [
      { kind: 'dropColumn', table: 'nope', column: col('a') },
      { kind: 'dropColumn', table: 'nope', column: col('b') },
    ];
    expect(() => renderMysql(ops, { from: schema([]), to: schema([]) })).toThrow(
      expect.objectContaining({ code: 'E_CONFLICT', data: { op: 0 } }),
    );
  });

  it('renders nothing for enums (they live in column types) and for other engines’ objects', () => {
    const ops: Operation[] = [
      { kind: 'createEnum', enum: { name: 'mood', values: ['ok'] } },
      { kind: 'createSequence', sequence: { name: 's' } },
      { kind: 'dropCollection', collection: { name: 'c', indexes: [] } },
    ];
    const from = { ...schema([]), collections: [{ name: 'c', indexes: [] }] };
    expect(renderMysql(ops, { from, to: schema([]) })).toEqual([]);
  });

  it('an operation kind it does not know is an internal error, not silence', () => {
    expect(() => renderMysql([{ kind: 'frobnicate' } as unknown as Operation], { from: schema([]), to: schema([]) })).toThrow(
      expect.objectContaining({ code: 'E_INTERNAL' }),
    );
  });
});
