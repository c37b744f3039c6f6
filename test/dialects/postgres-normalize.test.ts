import { describe, expect, it } from 'vitest';
import {
  normalizeCheck,
  normalizeDefault,
  normalizeType,
  normalizeViewDefinition,
  typeFamily,
} from '../../src/dialects/postgres/normalize.js';

describe('postgres normalization (pure)', () => {
  it('spells format_type() output canonically', () => {
    expect(normalizeType('character varying(255)')).toBe('varchar(255)');
    expect(normalizeType('character varying')).toBe('varchar');
    expect(normalizeType('character(2)')).toBe('char(2)');
    expect(normalizeType('timestamp(3) with time zone')).toBe('timestamptz(3)');
    expect(normalizeType('timestamp without time zone')).toBe('timestamp');
    expect(normalizeType('time with time zone')).toBe('timetz');
    expect(normalizeType('character varying(20)[]')).toBe('varchar(20)[]');
    expect(normalizeType('bit varying(8)')).toBe('varbit(8)');
    expect(normalizeType('double precision')).toBe('double precision');
    expect(typeFamily('varchar(20)[]', false)).toBe('array');
    expect(typeFamily('timestamptz(3)', false)).toBe('timestamp');
    expect(typeFamily('"Mood"', true)).toBe('enum');
    expect(typeFamily('tsvector', false)).toBe('other');
  });

  it('removes literal casts and keeps CURRENT_TIMESTAMP apart from now() (the server does)', () => {
    expect(normalizeDefault("'x'::text", 'text')).toBe("'x'");
    expect(normalizeDefault("'a'::character varying", 'text')).toBe("'a'");
    expect(normalizeDefault("'it''s'::text", 'text')).toBe("'it''s'");
    expect(normalizeDefault("'-1'::integer", 'integer')).toBe('-1');
    expect(normalizeDefault("'-1'::integer", 'text')).toBe("'-1'");
    expect(normalizeDefault("'2020-01-01 00:00:00'::timestamp without time zone", 'timestamp')).toBe("'2020-01-01 00:00:00'");
    expect(normalizeDefault('CURRENT_TIMESTAMP', 'timestamp')).toBe('CURRENT_TIMESTAMP');
    expect(normalizeDefault('now()', 'timestamp')).toBe('now()');
    expect(normalizeDefault('NULL::character varying', 'text')).toBeUndefined();
    expect(normalizeDefault("('now'::text)::date", 'date')).toBe("('now'::text)::date");
    expect(normalizeDefault("'a'::text || 'b'::text", 'text')).toBe("'a'::text || 'b'::text");
    expect(normalizeDefault("now() + '1 day'::interval", 'timestamp')).toBe("now() + '1 day'::interval");
  });

  it('takes the expression out of CHECK (…) without NOT VALID', () => {
    expect(normalizeCheck('CHECK (price > 0::numeric) NOT VALID')).toBe('price > 0::numeric');
    expect(normalizeCheck('CHECK ((a > 0) AND (b > 0))')).toBe('(a > 0) AND (b > 0)');
  });

  it('brings a PG15 single-relation view definition to the PG16+ spelling', () => {
    const pg15 = " SELECT users.id,\n    users.email\n   FROM users\n  WHERE users.email <> 'users.x'::text;";
    expect(normalizeViewDefinition(pg15, 150000)).toBe("SELECT id,\n    email\n   FROM users\n  WHERE email <> 'users.x'::text");
    expect(normalizeViewDefinition(' SELECT u.id\n   FROM users u;', 150000)).toBe('SELECT id\n   FROM users u');
    const join = ' SELECT c.id\n   FROM (customers c\n     JOIN invoices i ON ((i.customer_id = c.id)));';
    expect(normalizeViewDefinition(join, 150000)).toBe(join.trim().replace(/;$/, ''));
    expect(normalizeViewDefinition(pg15, 170000)).toBe(pg15.trim().replace(/;$/, ''));
  });
});
