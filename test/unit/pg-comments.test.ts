import { describe, expect, it } from 'vitest';
import { applyOperations } from '../../src/core/diff/apply-operations.js';
import { diffSchemas } from '../../src/core/diff/diff.js';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import type { Definition } from '../../src/core/model/definitions.js';
import type { Schema, Table, View } from '../../src/core/model/schema.js';
import { commentedObjects, hasObjectComments } from '../../src/core/model/comments.js';
import { canonicalizeSchema, canonicalJson } from '../../src/core/snapshot/canonical.js';
import { mysqlDialect } from '../../src/dialects/mysql/dialect.js';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';
import { traitsOf } from '../helpers/engine-traits.js';
import { col, schema, table } from './diff-builders.js';

// Issue #11, comments on every object kind: pure checks of diff, render (Up and Down), replay and
// merge; the database round trips are in test/e2e/pg-comments.test.ts.

const options = { traits: postgresDialect.traits, ignoreColumnOrder: true };

/** Up and Down SQL of from → to, after checking that replaying the operations reaches `to`. */
function migration(from: Schema, to: Schema): { up: string[]; down: string[] } {
  const render = (a: Schema, b: Schema) => {
    const ops = diffSchemas(a, b, options);
    expect(canonicalJson(canonicalizeSchema(applyOperations(a, ops)))).toBe(canonicalJson(canonicalizeSchema(b)));
    return postgresDialect.render(ops, { from: a, to: b }).map((s) => s.sql);
  };
  return { up: render(from, to), down: render(to, from) };
}

const posts = (extra: Partial<Table> = {}) =>
  table('posts', [col('id'), col('author')], {
    primaryKey: { columns: ['id'] },
    indexes: [{ name: 'posts_author', elements: [{ column: 'author' }], unique: false }],
    checks: [{ name: 'posts_author_check', expression: '(author > 0)' }],
    ...extra,
  });
const recent = (extra: Partial<View> = {}): View => ({ name: 'recent', definition: ' SELECT posts.id\n   FROM posts;', ...extra });
const touch = (extra: Partial<Definition> = {}): Definition => ({
  name: 'function:public.touch()',
  kind: 'function',
  object: 'touch',
  schema: 'public',
  signature: '',
  definition: 'CREATE OR REPLACE FUNCTION public.touch()\n RETURNS integer\n LANGUAGE sql\nAS $function$ SELECT 1 $function$',
  ...extra,
});
const pg = (tables: Table[], extra: Partial<Schema> = {}): Schema => schema(tables, extra);

describe('comments on objects other than tables and columns: diff and render', () => {
  it('a comment change is COMMENT ON in place, both ways, and never recreates the object', () => {
    const before = pg([posts()], { views: [recent({ comment: 'recent posts' })], definitions: [touch()] });
    const after = pg([posts({ checks: [{ name: 'posts_author_check', expression: '(author > 0)', comment: 'positive' }] })], {
      views: [recent()],
      definitions: [touch({ comment: "it's a stamp" })],
      publicComment: 'the app',
    });
    expect(migration(before, after)).toEqual({
      up: [
        "COMMENT ON SCHEMA public IS 'the app'",
        "COMMENT ON CONSTRAINT posts_author_check ON posts IS 'positive'",
        'COMMENT ON VIEW recent IS NULL',
        "COMMENT ON FUNCTION touch() IS 'it''s a stamp'",
      ],
      down: [
        // schema public goes back to the comment every database starts with
        "COMMENT ON SCHEMA public IS 'standard public schema'",
        'COMMENT ON CONSTRAINT posts_author_check ON posts IS NULL',
        "COMMENT ON VIEW recent IS 'recent posts'",
        'COMMENT ON FUNCTION touch() IS NULL',
      ],
    });
  });

  it('a column comment changing recreates neither the views reading the table nor the triggers naming the column', () => {
    const stamp: Definition = {
      name: 'trigger:posts.posts_stamp',
      kind: 'trigger',
      object: 'posts_stamp',
      table: 'posts',
      definition:
        'CREATE TRIGGER posts_stamp BEFORE UPDATE ON public.posts FOR EACH ROW WHEN ((old.author IS DISTINCT FROM new.author)) EXECUTE FUNCTION touch()',
    };
    const withComment = (comment?: string) =>
      pg([posts({ columns: [col('id'), col('author', 'integer', comment ? { comment } : {})] })], {
        views: [recent({ definition: ' SELECT posts.id,\n    posts.author\n   FROM posts;' })],
        definitions: [touch(), stamp],
      });
    expect(migration(withComment(), withComment('who wrote it'))).toEqual({
      up: ["COMMENT ON COLUMN posts.author IS 'who wrote it'"],
      down: ['COMMENT ON COLUMN posts.author IS NULL'],
    });
  });

  it('an object dropped and created again gets its comment again, after it exists', () => {
    const before = pg([posts()], { views: [recent({ comment: 'recent posts' })] });
    const after = pg([posts()], { views: [recent({ comment: 'recent posts', definition: ' SELECT posts.author\n   FROM posts;' })] });
    expect(migration(before, after).up).toEqual([
      'DROP VIEW recent',
      'CREATE VIEW recent AS\n SELECT posts.author\n   FROM posts;',
      "COMMENT ON VIEW recent IS 'recent posts'",
    ]);
  });

  it('a new object with a comment: created, then commented; a dropped one: no COMMENT', () => {
    const withIndex = pg([
      posts({ indexes: [{ name: 'posts_author', elements: [{ column: 'author' }], unique: false, comment: 'by author' }] }),
    ]);
    const none = pg([posts({ indexes: [] })]);
    expect(migration(none, withIndex)).toEqual({
      up: ['CREATE INDEX posts_author ON posts (author)', "COMMENT ON INDEX posts_author IS 'by author'"],
      down: ['DROP INDEX posts_author'],
    });
  });

  it('pull renders every comment after the objects exist', () => {
    const s = pg([posts({ primaryKey: { columns: ['id'], comment: 'key' } })], {
      enums: [{ name: 'mood', values: ['a'], comment: 'feelings' }],
      sequences: [{ name: 'ticket_seq', comment: 'tickets' }],
      extensions: [{ name: 'citext', comment: 'emails' }],
    });
    const sql = postgresDialect.renderSchema(s);
    const comments = sql.split('\n').filter((l) => l.startsWith('COMMENT ON'));
    expect(comments).toEqual([
      "COMMENT ON EXTENSION citext IS 'emails';",
      "COMMENT ON TYPE mood IS 'feelings';",
      "COMMENT ON SEQUENCE ticket_seq IS 'tickets';",
      "COMMENT ON CONSTRAINT posts_pkey ON posts IS 'key';",
    ]);
    expect(sql.indexOf('COMMENT ON')).toBeGreaterThan(sql.indexOf('CREATE TABLE'));
  });

  it('hasObjectComments says what the list of commented objects says, for a comment on each kind', () => {
    const listed = (s: Schema) => commentedObjects(s).some((o) => o.comment !== undefined);
    const note = { comment: 'x' };
    const cases: Schema[] = [
      pg([posts()]),
      pg([posts()], { publicComment: 'x' }),
      pg([posts()], { namespaces: [{ name: 'billing', ...note }] }),
      pg([posts()], { extensions: [{ name: 'citext', ...note }] }),
      pg([posts()], { enums: [{ name: 'mood', values: ['a'], ...note }] }),
      pg([posts({ primaryKey: { columns: ['id'], ...note } })]),
      pg([posts({ checks: [{ name: 'posts_author_check', expression: '(author > 0)', ...note }] })]),
      pg([posts({ indexes: [{ name: 'posts_author', elements: [{ column: 'author' }], unique: false, ...note }] })]),
      pg([posts()], { views: [recent(note)] }),
      pg([posts()], { definitions: [touch(note)] }),
      // a definition kind that takes no comment does not count
      pg([posts()], { definitions: [{ ...touch(), kind: 'row security', name: 'rls:posts', table: 'posts', ...note }] }),
    ];
    for (const s of cases) expect(hasObjectComments(s)).toBe(listed(s));
    expect(cases.filter(hasObjectComments)).toHaveLength(cases.length - 2);
  });

  it('no comment adds no key to the canonical JSON (existing snapshots keep their hash)', () => {
    const json = canonicalJson(canonicalizeSchema(pg([posts()], { views: [recent()], definitions: [touch()] })));
    expect(json).not.toContain('"comment"');
    expect(json).not.toContain('publicComment');
  });

  it('MySQL refuses a comment it has no statement for, by name', () => {
    const to = schema([table('t', [col('id')], { checks: [{ name: 't_chk', expression: '(id > 0)', comment: 'x' }] })], {}, 'mysql');
    const from = schema([table('t', [col('id')], { checks: [{ name: 't_chk', expression: '(id > 0)' }] })], {}, 'mysql');
    const ops = diffSchemas(from, to, { traits: mysqlDialect.traits });
    expect(() => mysqlDialect.render(ops, { from, to })).toThrow(expect.objectContaining({ code: 'E_UNSUPPORTED' }));
  });
});

describe('three-way merge of comments', () => {
  const merge = (base: Schema, ours: Schema, theirs: Schema) => mergeSchemas(base, ours, theirs, { traits: traitsOf('postgresql') });
  const base = pg([posts()], { views: [recent()], definitions: [touch()] });

  it('comments on different objects merge cleanly', () => {
    const r = merge(
      base,
      pg([posts()], { views: [recent({ comment: 'ours' })], definitions: [touch()], publicComment: 'app' }),
      pg([posts()], { views: [recent()], definitions: [touch({ comment: 'theirs' })] }),
    );
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.merged.views[0].comment).toBe('ours');
      expect(r.merged.definitions?.[0].comment).toBe('theirs');
      expect(r.merged.publicComment).toBe('app');
    }
  });

  it("one side changing an object and the other its comment merge cleanly, like a table's comment", () => {
    const r = merge(
      base,
      pg([posts()], { views: [recent({ comment: 'ours' })], definitions: [touch()] }),
      pg([posts()], { views: [recent({ definition: ' SELECT posts.author\n   FROM posts;' })], definitions: [touch()] }),
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.merged.views[0]).toEqual(recent({ comment: 'ours', definition: ' SELECT posts.author\n   FROM posts;' }));
  });

  it('both sides changing the same comment differently is a C002 conflict naming the object', () => {
    const r = merge(
      base,
      pg([posts()], { views: [recent({ comment: 'ours' })], definitions: [touch()], publicComment: 'a' }),
      pg([posts()], { views: [recent({ comment: 'theirs' })], definitions: [touch()], publicComment: 'b' }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.conflicts.map((c) => [c.code, c.path])).toEqual([
        ['C001', 'comment:schema public'],
        ['C002', 'view:recent'],
      ]);
      expect(r.conflicts[1].message).toContain("comment 'theirs'");
    }
  });
});
