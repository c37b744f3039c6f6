import { describe, expect, it } from 'vitest';
import type { Schema, Table } from '../../src/core/model/schema.js';
import type { Connection } from '../../src/dialects/dialect.js';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';
import { canonical, withTempDb } from './postgres-test-db.js';

const rich = `
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE users (
  id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email varchar(255) NOT NULL CONSTRAINT users_email_key UNIQUE,
  name text DEFAULT 'anon'::text,
  nick character varying(20) DEFAULT 'a'::character varying,
  mood mood NOT NULL DEFAULT 'ok',
  tags integer[] DEFAULT '{}',
  score numeric(6,2) DEFAULT -1.5,
  level int DEFAULT -1,
  created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamptz DEFAULT now(),
  code text COLLATE "C",
  plain text COLLATE "default",
  search text GENERATED ALWAYS AS (lower(email::text) || ' ' || coalesce(name, '')) STORED,
  CONSTRAINT users_level_check CHECK (level >= -1),
  CONSTRAINT users_name_nn CHECK (name IS NOT NULL) NOT VALID
);
COMMENT ON TABLE users IS 'People who log in';
COMMENT ON COLUMN users.email IS 'Login, unique';
CREATE TABLE posts (
  id serial PRIMARY KEY,
  author_id bigint NOT NULL,
  editor_id bigint,
  title text NOT NULL,
  body jsonb NOT NULL DEFAULT '{}'::jsonb,
  deleted_at timestamp,
  CONSTRAINT posts_author_fk FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE RESTRICT,
  CONSTRAINT posts_editor_fk FOREIGN KEY (editor_id) REFERENCES users (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED
);
ALTER TABLE posts ADD CONSTRAINT posts_title_author_key UNIQUE (title, author_id);
CREATE INDEX posts_live_title ON posts (lower(title), id DESC) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX posts_title_uq ON posts (title) WHERE deleted_at IS NULL;
CREATE INDEX posts_body ON posts USING gin (body);
CREATE VIEW live_posts AS SELECT id, title FROM posts WHERE deleted_at IS NULL;
CREATE MATERIALIZED VIEW post_counts AS SELECT author_id, count(*) AS n FROM posts GROUP BY author_id;
CREATE TABLE _flash_migrations (id serial PRIMARY KEY);
CREATE SCHEMA other;
CREATE TABLE other.hidden (id int);
`;

async function run(conn: Connection, sql: string): Promise<void> {
  for (const s of postgresDialect.splitStatements(sql)) await conn.exec(s.sql);
}

function table(schema: Schema, name: string): Table {
  const t = schema.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
}

describe('postgres introspection', () => {
  it('reads every IR element of a hand-written schema', async () => {
    await withTempDb(async ({ conn }) => {
      await run(conn, rich);
      const ir = await postgresDialect.introspect(conn);
      expect(ir.provider).toBe('postgresql');
      // no _flash_*; a table of another schema is named schema.name, and the schema is listed
      expect(ir.tables.map((t) => t.name)).toEqual(['other.hidden', 'posts', 'users']);
      expect(ir.namespaces).toEqual([{ name: 'other' }]);
      expect(ir.enums).toEqual([{ name: 'mood', values: ['sad', 'ok', 'happy'] }]);

      const users = table(ir, 'users');
      const col = (n: string) => users.columns.find((c) => c.name === n);
      expect(users.columns.map((c) => c.name)).toEqual([
        'id',
        'email',
        'name',
        'nick',
        'mood',
        'tags',
        'score',
        'level',
        'created_at',
        'updated_at',
        'code',
        'plain',
        'search',
      ]);
      expect(col('id')).toEqual({ name: 'id', type: 'bigint', family: 'integer', nullable: false, identity: 'always' });
      expect(col('email')).toEqual({ name: 'email', type: 'varchar(255)', family: 'text', nullable: false, comment: 'Login, unique' });
      expect(col('name')).toEqual({ name: 'name', type: 'text', family: 'text', nullable: true, default: "'anon'" });
      expect(col('nick')?.default).toBe("'a'");
      expect(col('mood')).toEqual({ name: 'mood', type: 'mood', family: 'enum', nullable: false, default: "'ok'" });
      expect(col('tags')).toMatchObject({ type: 'integer[]', family: 'array', default: "'{}'" });
      expect(col('score')).toMatchObject({ type: 'numeric(6,2)', family: 'decimal', default: '-1.5' });
      expect(col('level')?.default).toBe('-1');
      // the server keeps CURRENT_TIMESTAMP apart from now(), and so does the IR (pg_dump of a Flash-built database matches)
      expect(col('created_at')).toMatchObject({ type: 'timestamptz', family: 'timestamp', default: 'CURRENT_TIMESTAMP' });
      expect(col('updated_at')?.default).toBe('now()');
      expect(col('code')?.collation).toBe('C');
      expect(col('plain')).not.toHaveProperty('collation');
      expect(col('search')).toMatchObject({ generated: { stored: true } });
      expect(col('search')?.generated?.expression).toContain('lower(');
      expect(col('search')).not.toHaveProperty('default');
      expect(users.primaryKey).toEqual({ columns: ['id'] });
      expect(users.uniques).toEqual([{ name: 'users_email_key', columns: ['email'] }]);
      expect(users.indexes).toEqual([]); // the unique constraint's index is not repeated as an index
      expect(users.checks.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { name: 'users_level_check', expression: "level >= '-1'::integer" },
        { name: 'users_name_nn', expression: 'name IS NOT NULL' },
      ]);
      expect(users.comment).toBe('People who log in');

      const posts = table(ir, 'posts');
      expect(posts.columns[0]).toEqual({ name: 'id', type: 'serial', family: 'integer', nullable: false });
      expect(posts.columns.find((c) => c.name === 'deleted_at')?.type).toBe('timestamp');
      expect(posts.columns.find((c) => c.name === 'body')?.default).toBe("'{}'");
      expect(posts.checks).toEqual([]); // NOT NULL is not a check
      expect(posts.uniques).toEqual([{ name: 'posts_title_author_key', columns: ['title', 'author_id'] }]);
      const fks = [...posts.foreignKeys].sort((a, b) => a.name.localeCompare(b.name));
      expect(fks).toEqual([
        {
          name: 'posts_author_fk',
          columns: ['author_id'],
          referencedTable: 'users',
          referencedColumns: ['id'],
          onDelete: 'cascade',
          onUpdate: 'restrict',
        },
        {
          name: 'posts_editor_fk',
          columns: ['editor_id'],
          referencedTable: 'users',
          referencedColumns: ['id'],
          onDelete: 'set null',
          onUpdate: 'no action',
          deferrable: 'deferred',
        },
      ]);
      const indexes = [...posts.indexes].sort((a, b) => a.name.localeCompare(b.name));
      expect(indexes).toEqual([
        { name: 'posts_body', elements: [{ column: 'body' }], unique: false, method: 'gin' },
        {
          name: 'posts_live_title',
          elements: [{ expression: 'lower(title)' }, { column: 'id', descending: true }],
          unique: false,
          where: 'deleted_at IS NULL',
        },
        { name: 'posts_title_uq', elements: [{ column: 'title' }], unique: true, where: 'deleted_at IS NULL' },
      ]);

      const views = [...ir.views].sort((a, b) => a.name.localeCompare(b.name));
      expect(views.map((v) => [v.name, v.materialized ?? false])).toEqual([
        ['live_posts', false],
        ['post_counts', true],
      ]);
      expect(views[0].definition).toBe('SELECT id,\n    title\n   FROM posts\n  WHERE deleted_at IS NULL');
    });
  });

  it('int4 / integer / INT, varchar spellings and default casts give the same IR', async () => {
    const spellings = [
      `CREATE TABLE t (a int4 DEFAULT 1, b character varying(10) DEFAULT 'x'::character varying, c timestamp with time zone DEFAULT now(), d int8, e bool, f float8, g decimal(5,1))`,
      `CREATE TABLE t (a integer DEFAULT 1, b varchar(10) DEFAULT 'x', c timestamptz DEFAULT now(), d bigint, e boolean, f double precision, g numeric(5,1))`,
      `create table T (A INT default (1), B VARCHAR(10) default 'x'::text, C TIMESTAMPTZ default now(), D BIGINT, E BOOLEAN, F FLOAT, G NUMERIC(5,1))`,
    ];
    const irs: string[] = [];
    await withTempDb(async ({ conn }) => {
      for (const sql of spellings) {
        await conn.exec('DROP TABLE IF EXISTS t');
        await conn.exec(sql);
        irs.push(canonical(await postgresDialect.introspect(conn)));
      }
      const t = table(await postgresDialect.introspect(conn), 't');
      expect(t.columns.map((c) => c.type)).toEqual([
        'integer',
        'varchar(10)',
        'timestamptz',
        'bigint',
        'boolean',
        'double precision',
        'numeric(5,1)',
      ]);
      expect(t.columns.map((c) => c.default)).toEqual(['1', "'x'", 'now()', undefined, undefined, undefined, undefined]);
    });
    expect(irs[1]).toBe(irs[0]);
    expect(irs[2]).toBe(irs[0]);
  });

  it('issues the same number of catalog queries for 2 tables and for 60', async () => {
    const counts: number[] = [];
    for (const n of [2, 60]) {
      await withTempDb(async ({ conn }) => {
        const ddl = Array.from(
          { length: n },
          (_, i) =>
            `CREATE TABLE t${i} (id serial PRIMARY KEY, v text UNIQUE, p int REFERENCES t0 (id), CHECK (p > 0)); CREATE INDEX t${i}_v ON t${i} (lower(v));`,
        );
        await conn.exec(ddl.join('\n'));
        let queries = 0;
        const counting: Connection = {
          ...conn,
          description: conn.description,
          query: (sql, params) => (queries++, conn.query(sql, params)),
          exec: (sql) => (queries++, conn.exec(sql)),
          close: () => conn.close(),
        };
        const ir = await postgresDialect.introspect(counting);
        expect(ir.tables).toHaveLength(n);
        counts.push(queries);
      });
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
