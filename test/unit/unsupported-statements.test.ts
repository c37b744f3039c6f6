import { describe, expect, it } from 'vitest';
import { unsupportedStatementPostgres } from '../../src/dialects/postgres/unmodelled.js';
import { unsupportedStatementMysql } from '../../src/dialects/mysql/unmodelled.js';
import { unsupportedStatementSqlite } from '../../src/dialects/sqlite/unmodelled.js';
import { leadingName, statementHead } from '../../src/core/model/unmodelled.js';

// Statements in db/schema that declare what the IR does not model are recognised from their text,
// so they are refused with file:line before any shadow runs (never silently dropped).

describe('unsupported statements: PostgreSQL', () => {
  const cases: Array<[string, string, string]> = [
    ['CREATE TYPE floatrange AS RANGE (subtype = float8);', 'range type', 'floatrange'],
    ['CREATE EVENT TRIGGER et ON ddl_command_start EXECUTE FUNCTION f();', 'event trigger', 'et'],
    ['CREATE RULE r AS ON INSERT TO users DO INSTEAD NOTHING;', 'rule', 'r'],
    ["CREATE COLLATION lookup.mycoll (provider = icu, locale = 'und');", 'collation', 'lookup.mycoll'],
    ['CREATE PUBLICATION pub FOR ALL TABLES;', 'publication', 'pub'],
    ['CREATE CAST (text AS int) WITH INOUT;', 'cast', 'CREATE CAST (text AS int) WITH INOUT'],
    [
      'CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq);',
      'operator',
      'CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq)',
    ],
    ['CREATE STATISTICS s1 ON a, b FROM t;', 'statistics object', 's1'],
    ['CREATE SERVER srv FOREIGN DATA WRAPPER postgres_fdw;', 'foreign server', 'srv'],
    ['CREATE FOREIGN TABLE ft (id int) SERVER srv;', 'foreign table', 'ft'],
    ['GRANT CONNECT ON DATABASE app TO reporting;', 'privileges', 'GRANT CONNECT ON DATABASE app TO reporting'],
    ['GRANT USAGE ON TYPE mood TO reporting;', 'privileges', 'GRANT USAGE ON TYPE mood TO reporting'],
    ['GRANT admins TO alice;', 'role membership', 'admins'],
    ['REVOKE admins FROM alice;', 'role membership', 'admins'],
    [
      'ALTER DEFAULT PRIVILEGES GRANT USAGE ON TYPES TO reporting;',
      'default privileges',
      'ALTER DEFAULT PRIVILEGES GRANT USAGE ON TYPES TO reporting',
    ],
    ["COMMENT ON RULE r ON users IS 'x';", 'comment', 'r'],
    ["COMMENT ON AGGREGATE my_sum (int) IS 'x';", 'comment', 'my_sum'],
    ['ALTER TABLE users DISABLE TRIGGER ALL;', 'trigger or rule state', 'users'],
  ];
  it.each(cases)('%s → %s', (sql, kind, name) => {
    expect(unsupportedStatementPostgres(sql)).toEqual({ kind, name });
  });

  it.each([
    'CREATE TABLE users (id serial PRIMARY KEY, email text);',
    "CREATE TYPE mood AS ENUM ('a', 'b');",
    "CREATE TYPE public.mood AS ENUM ('a', 'b');",
    // objects in schemas other than public are modelled (named schema.name in the IR)
    'CREATE SCHEMA lookup;',
    'CREATE DOMAIN lookup.positive_int AS integer CHECK (VALUE > 0);',
    'CREATE TYPE lookup.address AS (street text, city text);',
    "CREATE TYPE lookup.mood AS ENUM ('a');",
    'CREATE SEQUENCE lookup.order_no START 100;',
    'ALTER DEFAULT PRIVILEGES IN SCHEMA lookup GRANT SELECT ON TABLES TO reporting;',
    "COMMENT ON SCHEMA lookup IS 'x';",
    'CREATE INDEX users_email ON users (email);',
    'CREATE VIEW v AS SELECT 1;',
    "COMMENT ON TABLE users IS 'people';",
    "COMMENT ON COLUMN users.email IS 'login';",
    // comments on every modelled kind (comments.ts)
    "COMMENT ON VIEW v1 IS 'x';",
    "COMMENT ON MATERIALIZED VIEW mv IS 'x';",
    "COMMENT ON INDEX users_email IS 'x';",
    "COMMENT ON SEQUENCE s IS 'x';",
    "COMMENT ON TYPE mood IS 'x';",
    "COMMENT ON DOMAIN positive_int IS 'x';",
    "COMMENT ON FUNCTION touch() IS 'x';",
    "COMMENT ON PROCEDURE p1() IS 'x';",
    "COMMENT ON TRIGGER users_touch ON users IS 'x';",
    "COMMENT ON CONSTRAINT users_pkey ON users IS 'x';",
    "COMMENT ON POLICY p_self ON users IS 'x';",
    "COMMENT ON COLLATION mycoll IS 'x';",
    "COMMENT ON EXTENSION pg_trgm IS 'x';",
    "COMMENT ON SCHEMA public IS 'x';",
    'ALTER TABLE users ADD COLUMN bio text;',
    'ALTER TABLE users OWNER TO postgres;',
    'SET statement_timeout = 0;',
    "SELECT pg_catalog.set_config('search_path', '', false);",
    'CREATE SCHEMA IF NOT EXISTS public;',
    'CREATE EXTENSION IF NOT EXISTS pg_trgm;',
    // modelled as definitions (core/model/definitions.ts)
    'CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;',
    'CREATE PROCEDURE p1() LANGUAGE sql AS $$ select 1 $$;',
    'CREATE TRIGGER users_touch BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();',
    'CREATE CONSTRAINT TRIGGER c AFTER INSERT ON users DEFERRABLE FOR EACH ROW EXECUTE FUNCTION touch();',
    'CREATE POLICY p_self ON users USING (true);',
    'ALTER TABLE users ENABLE ROW LEVEL SECURITY;',
    'ALTER TABLE ONLY users FORCE ROW LEVEL SECURITY;',
    "CREATE COLLATION mycoll (provider = icu, locale = 'und');",
    'CREATE COLLATION IF NOT EXISTS public.german FROM "C";',
    'CREATE AGGREGATE my_sum (int) (sfunc = int4pl, stype = int);',
    'CREATE OR REPLACE AGGREGATE public.my_pct (float8 ORDER BY int) (sfunc = ordered_set_transition, stype = internal, finalfunc = percentile_disc_final, finalfunc_extra);',
    // privileges (core/model/privileges.ts)
    'GRANT SELECT ON users TO reporting;',
    'GRANT SELECT (email), UPDATE (email) ON TABLE users TO reporting WITH GRANT OPTION;',
    'REVOKE ALL ON users FROM PUBLIC;',
    'GRANT USAGE ON SEQUENCE users_id_seq TO reporting;',
    'REVOKE EXECUTE ON FUNCTION touch() FROM PUBLIC;',
    'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO reporting;',
    'GRANT USAGE ON SCHEMA public TO reporting;',
    'ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO reporting;',
    'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO reporting;',
  ])('modelled or harmless: %s', (sql) => {
    expect(unsupportedStatementPostgres(sql)).toBeUndefined();
  });
});

describe('unsupported statements: MySQL/MariaDB', () => {
  it.each([
    ['CREATE AGGREGATE FUNCTION agg(x int) RETURNS int BEGIN RETURN 1; END', 'aggregate function', 'agg'],
    ["CREATE FUNCTION metaphon RETURNS STRING SONAME 'udf_example.so'", 'loadable function', 'metaphon'],
    ['CREATE SEQUENCE s1', 'sequence', 's1'],
    ['GRANT SELECT ON t TO someone', 'privileges', 'GRANT SELECT ON t TO someone'],
    ['ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO r', 'default privileges', 'ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO r'],
  ])('%s → %s', (sql, kind, name) => {
    expect(unsupportedStatementMysql(sql)).toEqual({ kind, name });
  });
  it.each([
    'CREATE TABLE t (id int PRIMARY KEY)',
    'CREATE INDEX i ON t (id)',
    'CREATE VIEW v AS SELECT 1',
    'CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.x = 1',
    'CREATE DEFINER=`root`@`localhost` TRIGGER tr2 BEFORE INSERT ON t FOR EACH ROW SET NEW.x = 1',
    'CREATE PROCEDURE pr() SELECT 1',
    'CREATE FUNCTION fn() RETURNS int DETERMINISTIC RETURN 1',
    'CREATE OR REPLACE FUNCTION fn2() RETURNS int RETURN 1',
    'CREATE EVENT ev ON SCHEDULE EVERY 1 DAY DO DELETE FROM t',
  ])('modelled: %s', (sql) => {
    expect(unsupportedStatementMysql(sql)).toBeUndefined();
  });
});

describe('unsupported statements: SQLite', () => {
  it('GRANT, REVOKE and ALTER DEFAULT PRIVILEGES are refused by name (PostgreSQL only)', () => {
    expect(unsupportedStatementSqlite('GRANT SELECT ON t TO r;')).toEqual({ kind: 'privileges', name: 'GRANT SELECT ON t TO r' });
    expect(unsupportedStatementSqlite('REVOKE SELECT ON t FROM r')).toEqual({ kind: 'privileges', name: 'REVOKE SELECT ON t FROM r' });
    expect(unsupportedStatementSqlite('ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO r')?.kind).toBe('default privileges');
  });
  it('a virtual table is refused; triggers are modelled', () => {
    expect(unsupportedStatementSqlite('CREATE VIRTUAL TABLE docs USING fts5(body);')).toEqual({ kind: 'virtual table', name: 'docs' });
    expect(unsupportedStatementSqlite('CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;')).toBeUndefined();
  });
});

describe('statement text helpers', () => {
  it('statementHead drops leading comments and folds blank space', () => {
    expect(statementHead('  -- c\n/* d */\n CREATE\n  TABLE x (a int)')).toBe('CREATE TABLE x (a int)');
  });
  it('leadingName unquotes and keeps the schema', () => {
    expect(leadingName('"My ""T"" " (a)')).toBe('My "T" ');
    expect(leadingName('lookup . "mood" AS ENUM')).toBe('lookup.mood');
    expect(leadingName('`tr``x` BEFORE')).toBe('tr`x');
  });
});
