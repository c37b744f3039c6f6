import { describe, expect, it } from 'vitest';
import type { Operation } from '../../src/core/diff/operations.js';
import { addColumnSql, alterColumnSql, placement, positionAfterDrop, targetPosition } from '../../src/dialects/mysql/render-columns.js';
import { col, context, table } from './mysql-render-fixtures.js';

describe('mysql column placement', () => {
  const target = table('t', [col('a'), col('b'), col('c'), col('d')]);

  it('puts a new column after the nearest earlier target column that exists, FIRST when none does', () => {
    expect(targetPosition(target, table('t', [col('a'), col('d')]), 'c')).toBe(' AFTER `a`');
    expect(targetPosition(target, table('t', [col('b'), col('d')]), 'a')).toBe(' FIRST');
  });

  it('says nothing when the column ends up last anyway, or the table or column is unknown', () => {
    expect(targetPosition(target, table('t', [col('a'), col('b'), col('c')]), 'd')).toBe('');
    expect(targetPosition(undefined, table('t', []), 'a')).toBe('');
    expect(targetPosition(target, undefined, 'a')).toBe('');
    expect(targetPosition(target, table('t', []), 'zz')).toBe('');
  });

  it('re-adds a dropped column where it is now', () => {
    const current = table('t', [col('a'), col('b')]);
    expect(positionAfterDrop(current, 'a')).toBe(' FIRST');
    expect(positionAfterDrop(current, 'b')).toBe(' AFTER `a`');
    expect(positionAfterDrop(current, 'zz')).toBe('');
    expect(positionAfterDrop(undefined, 'a')).toBe('');
  });

  it('spells an explicit position', () => {
    expect(placement('first')).toBe(' FIRST');
    expect(placement({ after: 'x' })).toBe(' AFTER `x`');
  });
});

describe('mysql add and alter column', () => {
  it('adds a column at its explicit position, or where the target order puts it', () => {
    const current = table('t', [col('a'), col('c')]);
    const target = table('t', [col('a'), col('b'), col('c')]);
    const op: Operation = { kind: 'addColumn', table: 't', column: col('b') };
    expect(addColumnSql(op, context([op], 0, [current], [target]))).toBe('ALTER TABLE `t` ADD COLUMN `b` int NULL AFTER `a`');
    const placed: Operation = { kind: 'addColumn', table: 't', column: col('b'), position: 'first' };
    expect(addColumnSql(placed, context([placed], 0, [current], [target]))).toBe('ALTER TABLE `t` ADD COLUMN `b` int NULL FIRST');
  });

  it('modifies a column with its full new definition', () => {
    const op: Operation = { kind: 'alterColumn', table: 't', from: col('a'), to: col('a', { nullable: false }), changes: ['nullable'] };
    expect(alterColumnSql(op, context([op], 0, [table('t', [col('a')])]))).toBe('ALTER TABLE `t` MODIFY COLUMN `a` int NOT NULL');
  });

  it('drops and re-adds a column that becomes generated, in the place it had', () => {
    const generated = col('b', { generated: { expression: '`a` + 1', stored: false } });
    const op: Operation = { kind: 'alterColumn', table: 't', from: col('b'), to: generated, changes: ['generated'] };
    expect(alterColumnSql(op, context([op], 0, [table('t', [col('a'), col('b'), col('c')])]))).toBe(
      'ALTER TABLE `t` DROP COLUMN `b`, ADD COLUMN `b` int GENERATED ALWAYS AS (`a` + 1) VIRTUAL AFTER `a`',
    );
  });

  it('a new AUTO_INCREMENT column brings the key that a later operation adds', () => {
    const id = col('id', { nullable: false, identity: 'auto-increment' });
    const ops: Operation[] = [
      { kind: 'addColumn', table: 't', column: id, position: 'first' },
      { kind: 'addPrimaryKey', table: 't', primaryKey: { columns: ['id'] } },
    ];
    const cx = context(ops, 0, [table('t', [col('a')])]);
    expect(addColumnSql(ops[0] as Extract<Operation, { kind: 'addColumn' }>, cx)).toBe(
      'ALTER TABLE `t` ADD COLUMN `id` int NOT NULL AUTO_INCREMENT FIRST, ADD PRIMARY KEY (`id`)',
    );
    expect(cx.keys.isFolded(1)).toBe(true);
  });
});
