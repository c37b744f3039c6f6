import { describe, expect, it } from 'vitest';
import { objectKey, statementObjects } from '../../src/dialects/postgres/schema-objects.js';

// The incremental shadow replays statements one object at a time: a statement whose object is misread
// would leave a stale object in the kept shadow, so anything unclear must be `undefined` (full rebuild).

const creates = (sql: string) => statementObjects(sql)?.creates.map(objectKey);
const attaches = (sql: string) => statementObjects(sql)?.attaches.map(objectKey);

describe('statementObjects (PostgreSQL)', () => {
  it('names the object a CREATE makes, quoted or qualified, with leading comments', () => {
    expect(creates('-- users\nCREATE TABLE users (id int)')).toEqual(['rel:public.users']);
    expect(creates('create unlogged table if not exists "My Table" (id int)')).toEqual(['rel:public.My Table']);
    expect(creates('CREATE TABLE app.users (id int)')).toEqual(['rel:app.users']);
    expect(creates('CREATE UNIQUE INDEX users_email ON app.users (email)')).toEqual(['rel:app.users_email']);
    expect(creates('CREATE OR REPLACE VIEW v AS SELECT 1')).toEqual(['rel:public.v']);
    expect(creates('CREATE MATERIALIZED VIEW mv AS SELECT 1')).toEqual(['rel:public.mv']);
    expect(creates("CREATE TYPE mood AS ENUM ('a')")).toEqual(['type:public.mood']);
    expect(creates('CREATE DOMAIN money2 AS numeric')).toEqual(['type:public.money2']);
    expect(creates('CREATE SEQUENCE s START 1')).toEqual(['rel:public.s']);
  });

  it('names what ALTER and COMMENT ON attach to', () => {
    expect(attaches('ALTER TABLE ONLY users ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES t (id)')).toEqual(['rel:public.users']);
    expect(attaches("COMMENT ON COLUMN app.users.email IS 'x'")).toEqual(['rel:app.users']);
    expect(attaches("COMMENT ON COLUMN users.email IS 'x'")).toEqual(['rel:public.users']);
    expect(attaches("COMMENT ON TABLE users IS 'rename me'")).toEqual(['rel:public.users']);
    expect(attaches("ALTER TYPE mood ADD VALUE 'b'")).toEqual(['type:public.mood']);
  });

  it('refuses what cannot be replayed one object at a time', () => {
    for (const sql of [
      'CREATE INDEX ON users (email)',
      'CREATE INDEX CONCURRENTLY i ON users (email)',
      'CREATE TABLE copy (LIKE users INCLUDING ALL)',
      'CREATE TABLE t AS SELECT 1',
      'CREATE TEMP TABLE t (id int)',
      'ALTER TABLE users RENAME TO people',
      'ALTER TABLE users SET SCHEMA app',
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
      // an aggregate is a routine: a schema holding one is rebuilt in full, like one holding a function
      'CREATE AGGREGATE my_sum (int) (sfunc = int4pl, stype = int)',
      'CREATE OR REPLACE AGGREGATE my_sum (int) (sfunc = int4pl, stype = int)',
      'CREATE TRIGGER tr BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION f()',
      'DO $$ BEGIN END $$',
      'SET search_path = app',
      'INSERT INTO users VALUES (1)',
      'CREATE EXTENSION citext',
    ])
      expect(statementObjects(sql), sql).toBeUndefined();
  });
});
