import { afterAll, describe, expect, it } from 'vitest';
import { newEngineProject, migrateAndApply, migrationDdl } from '../helpers/engine-project.js';
import { postgresEngine, withDbPrefix } from './lifecycle-engines.js';
import { attributeLifecycle, type AttributeCase } from './pg-attribute-lifecycle.js';

// COMMENT ON every modelled PostgreSQL object kind (issue #11, "comments on every object kind"),
// once refused by name: migrate → apply → status in sync → the live catalog has the comments → pull
// into an empty repository (verified on the default PGlite shadow) reproduces the same snapshot → a
// change of only comments migrates exactly `COMMENT ON …` (never drop + create), and Down restores them.

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

const engine = withDbPrefix(postgresEngine, 'flash_cmt');

const relations = (comments: string) =>
  'CREATE TABLE posts (id integer PRIMARY KEY, author integer NOT NULL, title text);\n' +
  'CREATE INDEX posts_author ON posts (author);\n' +
  'CREATE SEQUENCE ticket_seq;\n' +
  'CREATE VIEW recent AS SELECT id, title FROM posts;\n' +
  'CREATE MATERIALIZED VIEW post_counts AS SELECT author, count(*) AS n FROM posts GROUP BY author;\n' +
  'CREATE UNIQUE INDEX post_counts_author ON post_counts (author);\n' +
  comments;

const types = (comments: string) =>
  "CREATE TYPE mood AS ENUM ('sad', 'happy');\n" +
  'CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);\n' +
  'CREATE TYPE address AS (street text, city text);\n' +
  'CREATE TABLE people (id integer PRIMARY KEY, feeling mood, age positive_int, home address);\n' +
  comments;

const constraints = (comments: string) =>
  'CREATE TABLE authors (id integer PRIMARY KEY, email text, CONSTRAINT authors_email_key UNIQUE (email));\n' +
  'CREATE TABLE books (\n  id integer PRIMARY KEY,\n  author integer,\n  pages integer,\n' +
  '  CONSTRAINT books_author_fk FOREIGN KEY (author) REFERENCES authors (id),\n' +
  '  CONSTRAINT books_pages_check CHECK (pages > 0)\n);\n' +
  'CREATE TABLE rooms (id integer PRIMARY KEY, during tsrange NOT NULL, CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&));\n' +
  comments;

const routines = (comments: string) =>
  'CREATE EXTENSION citext;\n' +
  "CREATE COLLATION german (provider = libc, locale = 'C');\n" +
  'CREATE TABLE docs (id integer PRIMARY KEY, owner text, updated_at timestamptz);\n' +
  'CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;\n' +
  'CREATE PROCEDURE noop() LANGUAGE sql AS $$ SELECT 1 $$;\n' +
  'CREATE TRIGGER docs_touch BEFORE UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION touch();\n' +
  'ALTER TABLE docs ENABLE ROW LEVEL SECURITY;\n' +
  'CREATE POLICY docs_owner ON docs USING (owner = current_user);\n' +
  comments;

const cases: AttributeCase[] = [
  {
    name: 'views, materialized views, indexes (on a table and on a materialized view) and sequences',
    schema: relations(
      "COMMENT ON INDEX posts_author IS 'by author';\n" +
        "COMMENT ON SEQUENCE ticket_seq IS 'tickets';\n" +
        "COMMENT ON VIEW recent IS 'recent posts';\n" +
        "COMMENT ON MATERIALIZED VIEW post_counts IS 'counts';\n" +
        "COMMENT ON INDEX post_counts_author IS 'one per author';\n",
    ),
    changed: relations(
      "COMMENT ON SEQUENCE ticket_seq IS 'tickets';\n" +
        "COMMENT ON VIEW recent IS 'latest posts';\n" +
        "COMMENT ON MATERIALIZED VIEW post_counts IS 'counts per author';\n" +
        "COMMENT ON INDEX post_counts_author IS 'one per author';\n",
    ),
    catalog:
      "select c.relname, obj_description(c.oid, 'pg_class') as comment from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('i', 'S', 'v', 'm') and c.relname <> 'posts_pkey' and left(c.relname, 7) <> '_flash_' order by 1",
    rowsWith: [
      { relname: 'post_counts', comment: 'counts' },
      { relname: 'post_counts_author', comment: 'one per author' },
      { relname: 'posts_author', comment: 'by author' },
      { relname: 'recent', comment: 'recent posts' },
      { relname: 'ticket_seq', comment: 'tickets' },
    ],
    rowsChanged: [
      { relname: 'post_counts', comment: 'counts per author' },
      { relname: 'post_counts_author', comment: 'one per author' },
      { relname: 'posts_author', comment: null },
      { relname: 'recent', comment: 'latest posts' },
      { relname: 'ticket_seq', comment: 'tickets' },
    ],
    up: [
      'COMMENT ON INDEX posts_author IS NULL;',
      "COMMENT ON MATERIALIZED VIEW post_counts IS 'counts per author';",
      "COMMENT ON VIEW recent IS 'latest posts';",
    ],
  },
  {
    name: 'enums, domains and composite types',
    schema: types(
      "COMMENT ON TYPE mood IS 'how it feels';\nCOMMENT ON DOMAIN positive_int IS 'above zero';\nCOMMENT ON TYPE address IS 'postal';\n",
    ),
    changed: types("COMMENT ON TYPE mood IS 'feelings';\nCOMMENT ON TYPE address IS 'postal';\n"),
    catalog:
      "select t.typname, obj_description(t.oid, 'pg_type') as comment from pg_type t where t.typnamespace = 'public'::regnamespace and t.typname in ('mood', 'positive_int', 'address') order by 1",
    rowsWith: [
      { typname: 'address', comment: 'postal' },
      { typname: 'mood', comment: 'how it feels' },
      { typname: 'positive_int', comment: 'above zero' },
    ],
    rowsChanged: [
      { typname: 'address', comment: 'postal' },
      { typname: 'mood', comment: 'feelings' },
      { typname: 'positive_int', comment: null },
    ],
    up: ["COMMENT ON TYPE mood IS 'feelings';", 'COMMENT ON DOMAIN positive_int IS NULL;'],
  },
  {
    name: 'primary key, UNIQUE, FOREIGN KEY, CHECK and EXCLUDE constraints',
    schema: constraints(
      "COMMENT ON CONSTRAINT authors_pkey ON authors IS 'the key';\n" +
        "COMMENT ON CONSTRAINT authors_email_key ON authors IS 'one account per email';\n" +
        "COMMENT ON CONSTRAINT books_author_fk ON books IS 'written by';\n" +
        "COMMENT ON CONSTRAINT books_pages_check ON books IS 'not empty';\n" +
        "COMMENT ON CONSTRAINT no_overlap ON rooms IS 'one booking at a time';\n",
    ),
    changed: constraints(
      "COMMENT ON CONSTRAINT authors_pkey ON authors IS 'the key';\n" +
        "COMMENT ON CONSTRAINT authors_email_key ON authors IS 'unique email';\n" +
        "COMMENT ON CONSTRAINT books_pages_check ON books IS 'at least one page';\n" +
        "COMMENT ON CONSTRAINT no_overlap ON rooms IS 'no double booking';\n",
    ),
    catalog:
      "select conname, obj_description(oid, 'pg_constraint') as comment from pg_constraint where connamespace = 'public'::regnamespace and conname in ('authors_pkey', 'authors_email_key', 'books_author_fk', 'books_pages_check', 'no_overlap') order by 1",
    rowsWith: [
      { conname: 'authors_email_key', comment: 'one account per email' },
      { conname: 'authors_pkey', comment: 'the key' },
      { conname: 'books_author_fk', comment: 'written by' },
      { conname: 'books_pages_check', comment: 'not empty' },
      { conname: 'no_overlap', comment: 'one booking at a time' },
    ],
    rowsChanged: [
      { conname: 'authors_email_key', comment: 'unique email' },
      { conname: 'authors_pkey', comment: 'the key' },
      { conname: 'books_author_fk', comment: null },
      { conname: 'books_pages_check', comment: 'at least one page' },
      { conname: 'no_overlap', comment: 'no double booking' },
    ],
    up: [
      "COMMENT ON CONSTRAINT authors_email_key ON authors IS 'unique email';",
      'COMMENT ON CONSTRAINT books_author_fk ON books IS NULL;',
      "COMMENT ON CONSTRAINT books_pages_check ON books IS 'at least one page';",
      "COMMENT ON CONSTRAINT no_overlap ON rooms IS 'no double booking';",
    ],
  },
  {
    name: 'functions, procedures, triggers, policies, collations, extensions and schema public',
    schema: routines(
      "COMMENT ON EXTENSION citext IS 'emails';\n" +
        "COMMENT ON COLLATION german IS 'sorting';\n" +
        "COMMENT ON FUNCTION touch() IS 'sets updated_at';\n" +
        "COMMENT ON PROCEDURE noop() IS 'does nothing';\n" +
        "COMMENT ON TRIGGER docs_touch ON docs IS 'keeps updated_at';\n" +
        "COMMENT ON POLICY docs_owner ON docs IS 'own rows only';\n" +
        "COMMENT ON SCHEMA public IS 'the app';\n",
    ),
    changed: routines(
      "COMMENT ON EXTENSION citext IS 'case-insensitive emails';\n" +
        "COMMENT ON FUNCTION touch() IS 'stamps updated_at';\n" +
        "COMMENT ON PROCEDURE noop() IS 'does nothing';\n" +
        "COMMENT ON TRIGGER docs_touch ON docs IS 'stamps';\n" +
        "COMMENT ON SCHEMA public IS 'the application';\n",
    ),
    catalog: `select * from (
      select 'collation' as kind, obj_description(oid, 'pg_collation') as comment from pg_collation where collname = 'german'
      union all select 'extension', obj_description(oid, 'pg_extension') from pg_extension where extname = 'citext'
      union all select 'function', obj_description('touch()'::regprocedure, 'pg_proc')
      union all select 'procedure', obj_description('noop()'::regprocedure, 'pg_proc')
      union all select 'trigger', obj_description(oid, 'pg_trigger') from pg_trigger where tgname = 'docs_touch'
      union all select 'policy', obj_description(oid, 'pg_policy') from pg_policy where polname = 'docs_owner'
      union all select 'schema', obj_description('public'::regnamespace, 'pg_namespace')) x order by 1`,
    rowsWith: [
      { kind: 'collation', comment: 'sorting' },
      { kind: 'extension', comment: 'emails' },
      { kind: 'function', comment: 'sets updated_at' },
      { kind: 'policy', comment: 'own rows only' },
      { kind: 'procedure', comment: 'does nothing' },
      { kind: 'schema', comment: 'the app' },
      { kind: 'trigger', comment: 'keeps updated_at' },
    ],
    rowsChanged: [
      { kind: 'collation', comment: null },
      { kind: 'extension', comment: 'case-insensitive emails' },
      { kind: 'function', comment: 'stamps updated_at' },
      { kind: 'policy', comment: null },
      { kind: 'procedure', comment: 'does nothing' },
      { kind: 'schema', comment: 'the application' },
      { kind: 'trigger', comment: 'stamps' },
    ],
    up: [
      "COMMENT ON EXTENSION citext IS 'case-insensitive emails';",
      "COMMENT ON SCHEMA public IS 'the application';",
      'COMMENT ON COLLATION german IS NULL;',
      "COMMENT ON FUNCTION touch() IS 'stamps updated_at';",
      'COMMENT ON POLICY docs_owner ON docs IS NULL;',
      "COMMENT ON TRIGGER docs_touch ON docs IS 'stamps';",
    ],
  },
];

describe('PostgreSQL comments on every modelled object kind', () => {
  for (const c of cases) it(c.name, () => attributeLifecycle(engine, cleanups, c));

  it('an object recreated (drop + create) gets its comment again; the embedded PGlite shadow runs COMMENT ON', async () => {
    const p = await newEngineProject({ ...engine, serverShadowUrl: undefined }, cleanups);
    const schema = (query: string) =>
      'CREATE TABLE posts (id integer PRIMARY KEY, title text);\n' +
      `CREATE VIEW recent AS ${query};\n` +
      "COMMENT ON VIEW recent IS 'recent posts';\n";
    p.write('db/schema/schema.sql', schema('SELECT id FROM posts'));
    await migrateAndApply(p, 'with');
    p.write('db/schema/schema.sql', schema('SELECT id, title FROM posts'));
    const file = await migrateAndApply(p, 'recreated');
    expect(migrationDdl(p, file)).toEqual(['DROP VIEW recent;', 'CREATE VIEW recent AS', "COMMENT ON VIEW recent IS 'recent posts';"]);
    expect(await p.sql("select obj_description('recent'::regclass, 'pg_class') as comment")).toEqual([{ comment: 'recent posts' }]);
  });
});
