import { describe, expect, it } from 'vitest';
import { sharedChanges } from '../../src/core/merge/overlap.js';
import { satisfiedBy } from '../../src/api/project/convergence.js';
import { emptySchema, emptyTable, type Schema } from '../../src/core/model/schema.js';
import type { LockEntry } from '../../src/core/plan/lock-file.js';

/** Partial overlap (docs/MERGE.md): which objects both sides changed alike, and the "ran" rule of satisfied-by. */
describe('partial overlap', () => {
  const table = (name: string, cols: string[], indexes: string[] = []): Schema['tables'][0] => ({
    ...emptyTable(name),
    columns: cols.map((c) => ({ name: c, type: 'text', family: 'text' as const, nullable: true })),
    indexes: indexes.map((c) => ({ name: `${name}_${c}`, unique: false, elements: [{ column: c }] })),
  });
  const schema = (...tables: Schema['tables']) => ({ ...emptySchema('sqlite'), tables });

  it('names the column both sides added alike, not what only one side did', () => {
    const base = schema(table('users', ['id']));
    const ours = schema(table('users', ['id', 'bio', 'city']));
    const theirs = schema(table('users', ['id', 'bio'], ['bio']));
    expect(sharedChanges(base, ours, theirs)).toEqual(['users.bio']);
  });

  it('a column added with different definitions is not shared; a table dropped on both sides is', () => {
    const base = schema(table('users', ['id']), table('old', ['id']));
    const ours = schema(table('users', ['id', 'bio']));
    const theirs = schema({
      ...table('users', ['id']),
      columns: [...table('users', ['id']).columns, { name: 'bio', type: 'integer', family: 'integer' as const, nullable: true }],
    });
    expect(sharedChanges(base, ours, theirs)).toEqual(['old']);
  });

  it('satisfied-by counts only a migration that ran, not one recorded as satisfied', () => {
    const line: LockEntry = { name: '4_merge_theirs', checksum: 'c', from: 'a', to: 'a', satisfiedBy: '2_ours' };
    expect(satisfiedBy(line, new Set(['2_ours']))).toBe('2_ours');
    expect(satisfiedBy(line, new Set(['3_theirs']))).toBeUndefined();
  });
});
