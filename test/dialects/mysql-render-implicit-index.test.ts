import { describe, expect, it } from 'vitest';
import type { ForeignKey } from '../../src/core/model/schema.js';
import { dropForeignKeySql, dropKeySql } from '../../src/dialects/mysql/render-implicit-index.js';
import { col, table } from './mysql-render-fixtures.js';

const fk = (name: string, columns: string[]): ForeignKey => ({
  name,
  columns,
  referencedTable: 'p',
  referencedColumns: ['id'],
  onDelete: 'restrict',
  onUpdate: 'restrict',
});

describe('mysql drops around InnoDB implicit FK indexes', () => {
  it('dropping the last key that serves a FK adds the FK index in the same statement', () => {
    const current = table('c', [col('p'), col('x')], {
      indexes: [{ name: 'ix_px', elements: [{ column: 'p' }, { column: 'x' }], unique: false }],
      foreignKeys: [fk('fk_p', ['p'])],
    });
    expect(dropKeySql(current, 'c', 'ix_px')).toBe('ALTER TABLE `c` DROP INDEX `ix_px`, ADD INDEX `fk_p` (`p`)');
  });

  it('a key another key also serves, or no FK needs, is simply dropped', () => {
    const served = table('c', [col('p')], {
      uniques: [{ name: 'u_p', columns: ['p'] }],
      indexes: [{ name: 'ix_p', elements: [{ column: 'p' }], unique: false }],
      foreignKeys: [fk('fk_p', ['p'])],
    });
    expect(dropKeySql(served, 'c', 'ix_p')).toBe('DROP INDEX `ix_p` ON `c`');
    expect(dropKeySql(table('c', [col('p')], { uniques: [{ name: 'u', columns: ['p'] }] }), 'c', 'u')).toBe('DROP INDEX `u` ON `c`');
    expect(dropKeySql(undefined, 'c', 'u')).toBe('DROP INDEX `u` ON `c`');
  });

  it('dropping a FK drops its implicit index too, by either name InnoDB may have given it', () => {
    const current = table('c', [col('p')], { foreignKeys: [fk('fk_p', ['p'])] });
    expect(dropForeignKeySql(current, 'c', fk('fk_p', ['p']))).toEqual([
      'ALTER TABLE `c` DROP FOREIGN KEY `fk_p`',
      'ALTER TABLE `c` DROP INDEX IF EXISTS `fk_p`',
      'ALTER TABLE `c` DROP INDEX IF EXISTS `p`',
    ]);
  });

  it('keeps an index the schema shows, one another key already serves, and one another FK still needs', () => {
    const dropFk = 'ALTER TABLE `c` DROP FOREIGN KEY `fk_p`';
    const visible = table('c', [col('p'), col('x')], {
      indexes: [{ name: 'p', elements: [{ column: 'x' }], unique: false }],
      foreignKeys: [fk('fk_p', ['p'])],
    });
    expect(dropForeignKeySql(visible, 'c', fk('fk_p', ['p']))).toEqual([dropFk, 'ALTER TABLE `c` DROP INDEX IF EXISTS `fk_p`']);
    const served = table('c', [col('p')], { uniques: [{ name: 'u', columns: ['p'] }], foreignKeys: [fk('fk_p', ['p'])] });
    expect(dropForeignKeySql(served, 'c', fk('fk_p', ['p']))).toEqual([dropFk]);
    const shared = table('c', [col('p')], { foreignKeys: [fk('fk_p', ['p']), fk('other', ['p'])] });
    expect(dropForeignKeySql(shared, 'c', fk('fk_p', ['p']))).toEqual([dropFk, 'ALTER TABLE `c` DROP INDEX IF EXISTS `fk_p`']);
    expect(dropForeignKeySql(undefined, 'c', fk('fk_p', ['p']))).toEqual([dropFk]);
  });
});
