import { describe, expect, it } from 'vitest';
import { alterTableOptionsSql } from '../../src/dialects/mysql/render-table-options.js';
import { col, table } from './mysql-render-fixtures.js';

describe('mysql table options', () => {
  it('changes the engine alone', () => {
    expect(alterTableOptionsSql('t', { engine: 'InnoDB' }, { engine: 'Aria' }, undefined, undefined)).toEqual([
      'ALTER TABLE `t` ENGINE=Aria',
    ]);
  });

  it('a new default charset re-declares the existing text columns, keeping an explicit collation', () => {
    const text = (name: string, collation?: string) =>
      col(name, { type: 'varchar(10)', family: 'text', ...(collation ? { collation } : {}) });
    const current = table('t', [col('id'), text('a'), text('b', 'utf8mb4_bin')]);
    const target = table('t', [col('id'), text('a'), text('b', 'utf8mb4_bin'), text('new')]);
    expect(
      alterTableOptionsSql('t', { charset: 'latin1' }, { charset: 'utf8mb4', collation: 'utf8mb4_general_ci' }, current, target),
    ).toEqual([
      'ALTER TABLE `t` DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci',
      'ALTER TABLE `t` MODIFY COLUMN `a` varchar(10) NULL, MODIFY COLUMN `b` varchar(10) COLLATE utf8mb4_bin NULL',
    ]);
  });

  it('says nothing when only a removal is asked (no new value to set)', () => {
    expect(alterTableOptionsSql('t', { engine: 'Aria', charset: 'latin1' }, undefined, undefined, undefined)).toEqual([]);
  });
});
