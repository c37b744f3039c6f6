import { afterAll, describe, it } from 'vitest';
import { postgresEngine, withDbPrefix } from './lifecycle-engines.js';
import { attributeLifecycle, type AttributeCase } from './pg-attribute-lifecycle.js';

// Attributes of modelled PostgreSQL objects that were once refused by name (issue #11): each goes
// through migrate → apply → status in sync → the live catalog has it → pull reproduces the same
// snapshot → a change of just that attribute migrates exactly it, and Down puts it back.

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

/** The server engine with this suite's database prefix (objx_), shadow on the server. */
const engine = withDbPrefix(postgresEngine, 'objx');

const deferrable = `select conname, condeferrable, condeferred from pg_constraint where conrelid = 'slots'::regclass and contype in ('p', 'u') order by conname`;

const cases: AttributeCase[] = [
  {
    name: 'DEFERRABLE primary key and unique constraint',
    schema:
      'CREATE TABLE slots (\n  id integer PRIMARY KEY DEFERRABLE INITIALLY DEFERRED,\n  pos integer NOT NULL,\n' +
      '  CONSTRAINT slots_pos_key UNIQUE (pos) DEFERRABLE\n);\n',
    changed:
      'CREATE TABLE slots (\n  id integer PRIMARY KEY,\n  pos integer NOT NULL,\n' +
      '  CONSTRAINT slots_pos_key UNIQUE (pos) DEFERRABLE INITIALLY DEFERRED\n);\n',
    catalog: deferrable,
    rowsWith: [
      { conname: 'slots_pkey', condeferrable: true, condeferred: true },
      { conname: 'slots_pos_key', condeferrable: true, condeferred: false },
    ],
    rowsChanged: [
      { conname: 'slots_pkey', condeferrable: false, condeferred: false },
      { conname: 'slots_pos_key', condeferrable: true, condeferred: true },
    ],
    up: [
      'ALTER TABLE slots DROP CONSTRAINT slots_pos_key;',
      'ALTER TABLE slots DROP CONSTRAINT slots_pkey;',
      'ALTER TABLE slots ADD PRIMARY KEY (id);',
      'ALTER TABLE slots ADD CONSTRAINT slots_pos_key UNIQUE (pos) DEFERRABLE INITIALLY DEFERRED;',
    ],
  },
  {
    name: 'UNLOGGED table',
    schema: 'CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v text);\nCREATE TABLE keep (id integer);\n',
    changed: 'CREATE TABLE cache (k text PRIMARY KEY, v text);\nCREATE TABLE keep (id integer);\n',
    catalog: "select relname, relpersistence from pg_class where relname in ('cache', 'keep') order by relname",
    rowsWith: [
      { relname: 'cache', relpersistence: 'u' },
      { relname: 'keep', relpersistence: 'p' },
    ],
    rowsChanged: [
      { relname: 'cache', relpersistence: 'p' },
      { relname: 'keep', relpersistence: 'p' },
    ],
    up: ['ALTER TABLE cache SET LOGGED;'],
  },
  {
    name: 'NULLS NOT DISTINCT on a unique index and a unique constraint',
    schema:
      'CREATE TABLE members (id integer PRIMARY KEY, team integer, email text, CONSTRAINT members_team_key UNIQUE NULLS NOT DISTINCT (team));\n' +
      'CREATE UNIQUE INDEX members_email_uq ON members (email) NULLS NOT DISTINCT;\n',
    changed:
      'CREATE TABLE members (id integer PRIMARY KEY, team integer, email text, CONSTRAINT members_team_key UNIQUE (team));\n' +
      'CREATE UNIQUE INDEX members_email_uq ON members (email);\n',
    catalog:
      "select c.relname, i.indnullsnotdistinct from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = 'members'::regclass and i.indisunique and not i.indisprimary order by 1",
    rowsWith: [
      { relname: 'members_email_uq', indnullsnotdistinct: true },
      { relname: 'members_team_key', indnullsnotdistinct: true },
    ],
    rowsChanged: [
      { relname: 'members_email_uq', indnullsnotdistinct: false },
      { relname: 'members_team_key', indnullsnotdistinct: false },
    ],
    up: [
      'DROP INDEX members_email_uq;',
      'ALTER TABLE members DROP CONSTRAINT members_team_key;',
      'ALTER TABLE members ADD CONSTRAINT members_team_key UNIQUE (team);',
      'CREATE UNIQUE INDEX members_email_uq ON members (email);',
    ],
  },
  {
    name: 'index INCLUDE columns, operator classes and per-column COLLATE',
    schema:
      'CREATE EXTENSION pg_trgm;\n' +
      'CREATE TABLE docs (id integer PRIMARY KEY, title text, body jsonb, slug text);\n' +
      'CREATE INDEX docs_title ON docs (title text_pattern_ops);\n' +
      'CREATE INDEX docs_trgm ON docs USING gin (title gin_trgm_ops);\n' +
      'CREATE INDEX docs_body ON docs USING gin (body jsonb_path_ops);\n' +
      'CREATE INDEX docs_slug ON docs (slug COLLATE "C" DESC) INCLUDE (title);\n',
    changed:
      'CREATE EXTENSION pg_trgm;\n' +
      'CREATE TABLE docs (id integer PRIMARY KEY, title text, body jsonb, slug text);\n' +
      'CREATE INDEX docs_title ON docs (title);\n' +
      'CREATE INDEX docs_trgm ON docs USING gin (title gin_trgm_ops);\n' +
      'CREATE INDEX docs_body ON docs USING gin (body jsonb_path_ops);\n' +
      'CREATE INDEX docs_slug ON docs (slug DESC) INCLUDE (title, body);\n',
    catalog: "select indexname, indexdef from pg_indexes where tablename = 'docs' and indexname <> 'docs_pkey' order by 1",
    rowsWith: [
      { indexname: 'docs_body', indexdef: 'CREATE INDEX docs_body ON public.docs USING gin (body jsonb_path_ops)' },
      { indexname: 'docs_slug', indexdef: 'CREATE INDEX docs_slug ON public.docs USING btree (slug COLLATE "C" DESC) INCLUDE (title)' },
      { indexname: 'docs_title', indexdef: 'CREATE INDEX docs_title ON public.docs USING btree (title text_pattern_ops)' },
      { indexname: 'docs_trgm', indexdef: 'CREATE INDEX docs_trgm ON public.docs USING gin (title gin_trgm_ops)' },
    ],
    rowsChanged: [
      { indexname: 'docs_body', indexdef: 'CREATE INDEX docs_body ON public.docs USING gin (body jsonb_path_ops)' },
      { indexname: 'docs_slug', indexdef: 'CREATE INDEX docs_slug ON public.docs USING btree (slug DESC) INCLUDE (title, body)' },
      { indexname: 'docs_title', indexdef: 'CREATE INDEX docs_title ON public.docs USING btree (title)' },
      { indexname: 'docs_trgm', indexdef: 'CREATE INDEX docs_trgm ON public.docs USING gin (title gin_trgm_ops)' },
    ],
    up: [
      'DROP INDEX docs_slug;',
      'DROP INDEX docs_title;',
      'CREATE INDEX docs_slug ON docs (slug DESC) INCLUDE (title, body);',
      'CREATE INDEX docs_title ON docs (title);',
    ],
  },
  {
    name: 'INCLUDE columns on primary keys and unique constraints',
    schema:
      'CREATE TABLE incl (id integer, t text, u text, CONSTRAINT incl_pkey PRIMARY KEY (id) INCLUDE (t), CONSTRAINT incl_u_key UNIQUE (u) INCLUDE (t));\n',
    changed:
      'CREATE TABLE incl (id integer, t text, u text, CONSTRAINT incl_pkey PRIMARY KEY (id) INCLUDE (t, u), CONSTRAINT incl_u_key UNIQUE (u));\n',
    catalog: "select conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'incl'::regclass order by 1",
    rowsWith: [
      { conname: 'incl_pkey', def: 'PRIMARY KEY (id) INCLUDE (t)' },
      { conname: 'incl_u_key', def: 'UNIQUE (u) INCLUDE (t)' },
    ],
    rowsChanged: [
      { conname: 'incl_pkey', def: 'PRIMARY KEY (id) INCLUDE (t, u)' },
      { conname: 'incl_u_key', def: 'UNIQUE (u)' },
    ],
    up: [
      'ALTER TABLE incl DROP CONSTRAINT incl_u_key;',
      'ALTER TABLE incl DROP CONSTRAINT incl_pkey;',
      'ALTER TABLE incl ADD PRIMARY KEY (id) INCLUDE (t, u);',
      'ALTER TABLE incl ADD CONSTRAINT incl_u_key UNIQUE (u);',
    ],
  },
  {
    name: 'operator class parameters on index columns',
    schema:
      'CREATE TABLE docs (id integer PRIMARY KEY, body tsvector, n integer);\n' +
      'CREATE INDEX docs_body ON docs USING gist (body tsvector_ops (siglen = 100));\n' +
      'CREATE INDEX docs_n ON docs USING brin (n int4_minmax_multi_ops (values_per_range = 16));\n',
    changed:
      'CREATE TABLE docs (id integer PRIMARY KEY, body tsvector, n integer);\n' +
      'CREATE INDEX docs_body ON docs USING gist (body tsvector_ops (siglen = 200));\n' +
      'CREATE INDEX docs_n ON docs USING brin (n int4_minmax_multi_ops);\n',
    catalog: "select indexname, indexdef from pg_indexes where tablename = 'docs' and indexname <> 'docs_pkey' order by 1",
    rowsWith: [
      { indexname: 'docs_body', indexdef: "CREATE INDEX docs_body ON public.docs USING gist (body tsvector_ops (siglen='100'))" },
      { indexname: 'docs_n', indexdef: "CREATE INDEX docs_n ON public.docs USING brin (n int4_minmax_multi_ops (values_per_range='16'))" },
    ],
    rowsChanged: [
      { indexname: 'docs_body', indexdef: "CREATE INDEX docs_body ON public.docs USING gist (body tsvector_ops (siglen='200'))" },
      { indexname: 'docs_n', indexdef: 'CREATE INDEX docs_n ON public.docs USING brin (n int4_minmax_multi_ops)' },
    ],
    up: [
      'DROP INDEX docs_body;',
      'DROP INDEX docs_n;',
      'CREATE INDEX docs_body ON docs USING gist (body tsvector_ops (siglen=200));',
      'CREATE INDEX docs_n ON docs USING brin (n int4_minmax_multi_ops);',
    ],
  },
  {
    name: 'CHECK … NO INHERIT',
    schema: 'CREATE TABLE items (id integer PRIMARY KEY, qty integer, CONSTRAINT items_qty_check CHECK (qty >= 0) NO INHERIT);\n',
    changed: 'CREATE TABLE items (id integer PRIMARY KEY, qty integer, CONSTRAINT items_qty_check CHECK (qty >= 0));\n',
    catalog: "select conname, connoinherit from pg_constraint where conrelid = 'items'::regclass and contype = 'c'",
    rowsWith: [{ conname: 'items_qty_check', connoinherit: true }],
    rowsChanged: [{ conname: 'items_qty_check', connoinherit: false }],
    up: ['ALTER TABLE items DROP CONSTRAINT items_qty_check;', 'ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 0);'],
  },
  {
    name: 'indexes on a materialized view (an index change keeps the view)',
    schema:
      'CREATE TABLE posts (id integer PRIMARY KEY, author integer NOT NULL);\n' +
      'CREATE MATERIALIZED VIEW post_counts AS SELECT author, count(*) AS n FROM posts GROUP BY author;\n' +
      'CREATE UNIQUE INDEX post_counts_author ON post_counts (author);\n' +
      'CREATE INDEX post_counts_n ON post_counts (n DESC);\n',
    changed:
      'CREATE TABLE posts (id integer PRIMARY KEY, author integer NOT NULL);\n' +
      'CREATE MATERIALIZED VIEW post_counts AS SELECT author, count(*) AS n FROM posts GROUP BY author;\n' +
      'CREATE UNIQUE INDEX post_counts_author ON post_counts (author);\n',
    catalog: "select indexname from pg_indexes where tablename = 'post_counts' order by 1",
    rowsWith: [{ indexname: 'post_counts_author' }, { indexname: 'post_counts_n' }],
    rowsChanged: [{ indexname: 'post_counts_author' }],
    up: ['DROP INDEX post_counts_n;'],
  },
  {
    name: 'view options security_invoker, security_barrier and check_option (changed in place)',
    schema:
      'CREATE TABLE accounts (id integer PRIMARY KEY, balance integer NOT NULL);\n' +
      'CREATE VIEW positive WITH (security_invoker = true, security_barrier) AS SELECT id, balance FROM accounts WHERE balance > 0\n' +
      '  WITH LOCAL CHECK OPTION;\n',
    changed:
      'CREATE TABLE accounts (id integer PRIMARY KEY, balance integer NOT NULL);\n' +
      'CREATE VIEW positive WITH (security_barrier) AS SELECT id, balance FROM accounts WHERE balance > 0;\n',
    catalog: "select relname, array(select unnest(reloptions) order by 1)::text[] as options from pg_class where relname = 'positive'",
    rowsWith: [{ relname: 'positive', options: ['check_option=local', 'security_barrier=true', 'security_invoker=true'] }],
    rowsChanged: [{ relname: 'positive', options: ['security_barrier=true'] }],
    up: ['ALTER VIEW positive RESET (check_option, security_invoker);'],
  },
];

describe('PostgreSQL attributes once refused, now modelled end to end', () => {
  for (const c of cases) it(c.name, () => attributeLifecycle(engine, cleanups, c));
});
