import { describe, expect, it } from 'vitest';
import { engineDefaultOptions, parseCreateOptions } from '../../src/dialects/mysql/create-options.js';
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

  it('sets, changes and resets the other options in the engine statement, each with the reset the server accepts', () => {
    expect(
      alterTableOptionsSql(
        't',
        { engine: 'InnoDB', createOptions: ['checksum=1', 'row_format=COMPRESSED', 'stats_persistent=0'] },
        { engine: 'InnoDB', createOptions: ['row_format=DYNAMIC', 'stats_sample_pages=5'] },
        undefined,
        undefined,
      ),
    ).toEqual(['ALTER TABLE `t` CHECKSUM=0 ROW_FORMAT=DYNAMIC STATS_PERSISTENT=DEFAULT STATS_SAMPLE_PAGES=5']);
  });

  it('leaving Aria resets what Aria wrote on its own, after the engine change', () => {
    expect(
      alterTableOptionsSql('t', { engine: 'Aria', createOptions: ['row_format=PAGE'] }, { engine: 'InnoDB' }, undefined, undefined),
    ).toEqual(['ALTER TABLE `t` ENGINE=InnoDB ROW_FORMAT=DEFAULT', 'ALTER TABLE `t` PAGE_CHECKSUM=DEFAULT TRANSACTIONAL=DEFAULT']);
  });

  it('on Aria, removing PAGE_CHECKSUM=0 sets the engine default (DEFAULT would keep 0)', () => {
    expect(
      alterTableOptionsSql('t', { engine: 'Aria', createOptions: ['page_checksum=0'] }, { engine: 'Aria' }, undefined, undefined),
    ).toEqual(['ALTER TABLE `t` PAGE_CHECKSUM=1']);
  });

  it('reads create_options without the engine defaults and without `partitioned`', () => {
    expect(parseCreateOptions('page_checksum=1 row_format=PAGE transactional=1 partitioned', engineDefaultOptions('Aria', true))).toEqual([
      'row_format=PAGE',
    ]);
    expect(parseCreateOptions('stats_persistent=0 `encrypted`=yes', {})).toEqual(['encrypted=yes', 'stats_persistent=0']);
    expect(parseCreateOptions('transactional=1', engineDefaultOptions('Aria', true))).toBeUndefined();
    expect(parseCreateOptions('', {})).toBeUndefined();
  });
});
