import { describe, expect, it } from 'vitest';
import { columnConflict, typeCombinations } from '../../src/core/merge/column-combinations.js';
import { col, edit, schema, table, column } from './merge-ir.js';

describe('column combinations a merge must verify (C008)', () => {
  const base = schema([table('users', [col('id'), col('code', 'text')])]);

  it('type on one side × default and NOT NULL on the other is a combination naming both sides', () => {
    const ours = edit(base, (s) => Object.assign(column(s, 'users', 'code'), { nullable: false, default: "''" }));
    const theirs = edit(base, (s) => Object.assign(column(s, 'users', 'code'), { type: 'integer', family: 'integer' }));
    const combos = typeCombinations(base, ours, theirs);
    expect(combos).toEqual([{ table: 'users', column: 'code', ours: ['default', 'nullable'], theirs: ['type'] }]);
    const c = columnConflict(combos[0], base, ours, theirs, 'cast fails');
    expect(c).toMatchObject({ code: 'C008', path: 'users.code', resolutions: ['ours', 'theirs', 'both'] });
    expect(c.message).toContain('ours changes default, nullable and theirs changes type');
  });

  it('no type change, the same attribute on both sides, or one side only: not a combination', () => {
    const nn = edit(base, (s) => Object.assign(column(s, 'users', 'code'), { nullable: false }));
    const def = edit(base, (s) => Object.assign(column(s, 'users', 'code'), { default: "'x'" }));
    const int = edit(base, (s) => Object.assign(column(s, 'users', 'code'), { type: 'integer', family: 'integer' }));
    const big = edit(base, (s) => Object.assign(column(s, 'users', 'code'), { type: 'bigint', family: 'integer' }));
    expect(typeCombinations(base, nn, def)).toEqual([]);
    expect(typeCombinations(base, int, big)).toEqual([]);
    expect(typeCombinations(base, int, base)).toEqual([]);
  });
});
