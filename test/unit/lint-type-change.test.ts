import { describe, expect, it } from 'vitest';
import { inlineEnumValues, parseType, pgTypeChangeRewrites, textLength } from '../../src/core/lint/type-change.js';
import { quoteIdent, quoteLiteral } from '../../src/core/sql-ident.js';
import type { SqlTraits } from '../../src/core/engine-traits.js';
import { traitsOf } from '../helpers/engine-traits.js';

const sqlOf = (provider: 'postgresql' | 'mysql' | 'sqlite'): SqlTraits => traitsOf(provider).sql as SqlTraits;

describe('type parsing for lint', () => {
  it('splits base, arguments and unsigned', () => {
    expect(parseType('int unsigned')).toEqual({ base: 'int', args: [], unsigned: true });
    expect(parseType('character varying(20)')).toEqual({ base: 'character varying', args: [20], unsigned: false });
    expect(parseType('numeric(10, 2)')).toEqual({ base: 'numeric', args: [10, 2], unsigned: false });
    expect(parseType('timestamp(3) with time zone')).toEqual({ base: 'timestamp', args: [3], unsigned: false });
    expect(parseType("enum('a','b')").base).toBe('enum');
    expect(textLength(traitsOf('postgresql'), parseType('character varying'))).toBe(Infinity);
    expect(textLength(traitsOf('postgresql'), parseType('char'))).toBe(1);
    expect(textLength(traitsOf('mysql'), parseType('tinytext'))).toBe(255);
  });

  it('reads MySQL inline enum values, quotes included', () => {
    expect(inlineEnumValues("enum('a','it''s','c,d')")).toEqual(['a', "it's", 'c,d']);
    expect(inlineEnumValues('varchar(3)')).toEqual([]);
  });

  it('knows the PostgreSQL type changes that avoid a rewrite', () => {
    expect(pgTypeChangeRewrites('varchar(10)', 'varchar(20)')).toBe(false);
    expect(pgTypeChangeRewrites('varchar(20)', 'varchar(10)')).toBe(true);
    expect(pgTypeChangeRewrites('varchar(20)', 'text')).toBe(false);
    expect(pgTypeChangeRewrites('numeric(10,2)', 'numeric(12,2)')).toBe(false);
    expect(pgTypeChangeRewrites('numeric(10,2)', 'numeric(12,3)')).toBe(true);
    expect(pgTypeChangeRewrites('timestamp(3)', 'timestamp(6)')).toBe(false);
    expect(pgTypeChangeRewrites('integer', 'bigint')).toBe(true);
  });
});

describe('sql identifiers', () => {
  it('always quotes, doubling the quote character', () => {
    expect(quoteIdent(sqlOf('postgresql'), 'my "t"')).toBe('"my ""t"""');
    expect(quoteIdent(sqlOf('sqlite'), 'x')).toBe('"x"');
    expect(quoteIdent(sqlOf('mysql'), 'a`b')).toBe('`a``b`');
    expect(quoteLiteral(sqlOf('postgresql'), "it's \\")).toBe("'it''s \\'");
    expect(quoteLiteral(sqlOf('mysql'), "it's \\")).toBe("'it''s \\\\'");
  });
});
