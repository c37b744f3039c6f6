import { describe, expect, it } from 'vitest';
import type { Operation } from '../../src/core/diff/operations.js';
import { addPrimaryKeySql, dropPrimaryKeySql, KeyFolding, keyForAutoIncrement } from '../../src/dialects/mysql/render-auto-increment.js';
import { col, context, table } from './mysql-render-fixtures.js';

const id = col('id', { nullable: false, identity: 'auto-increment' });

describe('mysql AUTO_INCREMENT keys', () => {
  it('a plain primary key drop and add', () => {
    const current = table('t', [col('a')], { primaryKey: { columns: ['a'] } });
    const ops: Operation[] = [{ kind: 'dropPrimaryKey', table: 't', primaryKey: { columns: ['a'] } }];
    expect(dropPrimaryKeySql('t', context(ops, 0, [current]))).toEqual(['ALTER TABLE `t` DROP PRIMARY KEY']);
    expect(addPrimaryKeySql('t', { columns: ['a'] }, context(ops, 0, [current]))).toBe('ALTER TABLE `t` ADD PRIMARY KEY (`a`)');
  });

  it('a replaced primary key over an AUTO_INCREMENT column is dropped in the same statement as the new one is added', () => {
    const current = table('t', [id, col('b')], { primaryKey: { columns: ['id'] } });
    const ops: Operation[] = [
      { kind: 'dropPrimaryKey', table: 't', primaryKey: { columns: ['id'] } },
      { kind: 'addPrimaryKey', table: 't', primaryKey: { columns: ['id', 'b'] } },
    ];
    const keys = new KeyFolding();
    expect(dropPrimaryKeySql('t', context(ops, 0, [current], [current], keys))).toEqual([]);
    expect(keys.hasDeferredPrimaryKeyDrop('t')).toBe(true);
    expect(addPrimaryKeySql('t', { columns: ['id', 'b'] }, context(ops, 1, [current], [current], keys))).toBe(
      'ALTER TABLE `t` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`, `b`)',
    );
    expect(keys.hasDeferredPrimaryKeyDrop('t')).toBe(false);
  });

  it('a primary key over an AUTO_INCREMENT column that is only dropped loses AUTO_INCREMENT first', () => {
    const current = table('t', [id], { primaryKey: { columns: ['id'] } });
    const ops: Operation[] = [{ kind: 'dropPrimaryKey', table: 't', primaryKey: { columns: ['id'] } }];
    expect(dropPrimaryKeySql('t', context(ops, 0, [current]))).toEqual([
      'ALTER TABLE `t` MODIFY COLUMN `id` int NOT NULL, DROP PRIMARY KEY',
    ]);
  });

  it('needs no key when one already leads with the column', () => {
    const ops: Operation[] = [{ kind: 'addUnique', table: 't', unique: { name: 'u', columns: ['id'] } }];
    for (const current of [
      table('t', [id], { primaryKey: { columns: ['id'] } }),
      table('t', [id], { uniques: [{ name: 'u0', columns: ['id', 'x'] }] }),
      table('t', [id], { indexes: [{ name: 'ix', elements: [{ column: 'id' }], unique: false }] }),
    ]) {
      const cx = context(ops, -1, [current]);
      expect(keyForAutoIncrement('t', id, cx)).toBe('');
      expect(cx.keys.isFolded(0)).toBe(false);
    }
    expect(keyForAutoIncrement('t', col('id'), context(ops, -1, [table('t', [])]))).toBe('');
  });

  it('folds the first later key that leads with the column: primary key, unique or index', () => {
    const later = (op: Operation): Operation[] => [
      { kind: 'addColumn', table: 't', column: id },
      { kind: 'dropColumn', table: 'other', column: col('x') },
      op,
    ];
    const cases: Array<[Operation, string]> = [
      [{ kind: 'addPrimaryKey', table: 't', primaryKey: { columns: ['id'] } }, ', ADD PRIMARY KEY (`id`)'],
      [{ kind: 'addUnique', table: 't', unique: { name: 'u', columns: ['id'] } }, ', ADD UNIQUE KEY `u` (`id`)'],
      [{ kind: 'createIndex', table: 't', index: { name: 'ix', elements: [{ column: 'id' }], unique: false } }, ', ADD KEY `ix` (`id`)'],
    ];
    for (const [op, clause] of cases) {
      const cx = context(later(op), 0, [table('t', [])]);
      expect(keyForAutoIncrement('t', id, cx)).toBe(clause);
      expect(cx.keys.isFolded(2)).toBe(true);
    }
  });

  it('a waiting primary-key drop goes with the folded ADD PRIMARY KEY', () => {
    const ops: Operation[] = [
      { kind: 'alterColumn', table: 't', from: col('id'), to: id, changes: ['identity'] },
      { kind: 'addPrimaryKey', table: 't', primaryKey: { columns: ['id'] } },
    ];
    const keys = new KeyFolding();
    keys.deferPrimaryKeyDrop('t');
    const current = table('t', [col('id')], { primaryKey: { columns: ['id'] } });
    expect(keyForAutoIncrement('t', id, context(ops, 0, [current], [current], keys))).toBe(', DROP PRIMARY KEY, ADD PRIMARY KEY (`id`)');
    expect(keys.hasDeferredPrimaryKeyDrop('t')).toBe(false);
  });
});
