import { describe, expect, it } from 'vitest';
import { assertDistinctEnumAliases } from '../../../src/core/gen/enum-aliases.js';
import type { GenType, ResolvedQuery } from '../../../src/core/gen/model.js';
import { FlashError } from '../../../src/errors.js';

const enumType = (enumName: string, enumValues: string[]): GenType => ({ base: 'enum', dbType: enumName, enumName, enumValues });

/** A query returning one column of each given type (only what the check reads is filled in). */
function query(name: string, line: number, types: GenType[]): ResolvedQuery {
  return {
    name,
    file: 'db/queries/q.sql',
    line,
    params: [],
    columns: types.map((type, i) => ({ name: `c${i}`, type, nullable: false })),
  } as unknown as ResolvedQuery;
}

describe('flash gen: enum type names', () => {
  it('two enums that would get the same generated name are refused by name, with both queries', () => {
    const queries = [query('GetMood', 3, [enumType('lookup.mood', ['ok', 'sad'])]), query('GetOther', 9, [enumType('lookup_mood', ['x'])])];
    let err: unknown;
    try {
      assertDistinctEnumAliases(queries);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FlashError);
    expect((err as FlashError).code).toBe('E_GEN_NAME_CLASH');
    expect((err as FlashError).message).toContain(
      'lookup.mood (query GetMood, db/queries/q.sql:3) and lookup_mood (query GetOther, db/queries/q.sql:9)',
    );
    expect((err as FlashError).message).toContain('LookupMood');
  });

  it('the same enum used twice, and enums with different names, pass', () => {
    const mood = enumType('lookup.mood', ['ok', 'sad']);
    expect(() => assertDistinctEnumAliases([query('A', 1, [mood, enumType('mood', ['a'])]), query('B', 2, [mood])])).not.toThrow();
  });
});
