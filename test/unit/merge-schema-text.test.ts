import { describe, expect, it } from 'vitest';
import { joinChunks, mergeSchemaText, splitSchemaFile } from '../../src/core/merge/schema-text-merge.js';
import { annotateConflictMarkers } from '../../src/core/merge/annotate-markers.js';
import { splitStatements } from '../../src/dialects/postgres/split-statements.js';

const split = (text: string) => splitSchemaFile(text, splitStatements);
const merge = (base: string, ours: string, theirs: string) => {
  const r = mergeSchemaText(split(base), split(ours), split(theirs));
  return { text: joinChunks(r.chunks, r.tail), both: r.bothChanged.map((b) => b.key) };
};

const users = '-- people who sign in\nCREATE TABLE users (\n  id integer PRIMARY KEY\n);\n';
const posts = '\n-- what they write\nCREATE TABLE posts (\n  id integer PRIMARY KEY\n);\n';
const tags = '\nCREATE TABLE tags (id integer PRIMARY KEY); -- labels\n';

describe('statement-level merge of a db/schema file', () => {
  it('keeps every statement with its comments, and chunks round-trip', () => {
    const text = users + posts + '\n-- the end\n';
    expect(joinChunks(split(text).chunks, split(text).tail)).toBe(text);
    expect(split(text).chunks.map((c) => c.key)).toEqual(['table:users', 'table:posts']);
  });

  it('both sides append a different table: both are kept, ours first, no conflict', () => {
    expect(merge(users, users + posts, users + tags)).toEqual({ text: users + posts + tags, both: [] });
  });

  it('theirs inserts a table between two of ours: it stays after its predecessor', () => {
    const r = merge(users + posts, users + posts, users + tags + posts);
    expect(r.text).toBe(users + tags + posts);
  });

  it('one side drops a statement the other left alone: it is dropped', () => {
    expect(merge(users + posts, users, users + posts + tags).text).toBe(users + tags);
  });

  it('the same statement added on both sides appears once; comment-only differences keep ours', () => {
    expect(merge(users, users + posts, users + posts).text).toBe(users + posts);
    expect(merge(users, users + posts, users + posts.replace('what they write', 'posts')).text).toBe(users + posts);
  });

  it('a table both sides changed differently is reported for regeneration', () => {
    const ours = users.replace('PRIMARY KEY\n', 'PRIMARY KEY,\n  a text\n');
    const theirs = users.replace('PRIMARY KEY\n', 'PRIMARY KEY,\n  b text\n');
    expect(merge(users, ours, theirs).both).toEqual(['table:users']);
  });

  it('indexes, views and unnamed statements get their own keys', () => {
    const text =
      'CREATE UNIQUE INDEX IF NOT EXISTS "Users_Email" ON users (email);\nCREATE OR REPLACE VIEW v AS SELECT 1;\nCOMMENT ON TABLE users IS \'x\';\n';
    expect(split(text).chunks.map((c) => c.key)).toEqual(['index:users_email', 'view:v', "statement:comment on table users is 'x'"]);
  });

  it('an UNLOGGED table keeps the key of the table: one side making it unlogged, the other adding a column, is regenerated once', () => {
    expect(split('CREATE UNLOGGED TABLE cache (k text);\n').chunks.map((c) => c.key)).toEqual(['table:cache']);
    const ours = users.replace('CREATE TABLE', 'CREATE UNLOGGED TABLE');
    const theirs = users.replace('PRIMARY KEY\n', 'PRIMARY KEY,\n  b text\n');
    expect(merge(users, ours, theirs).both).toEqual(['table:users']);
  });
});

describe('conflict markers annotated with the Flash conflict', () => {
  it('names the conflict whose table the hunk mentions', () => {
    const text = 'CREATE TABLE users (\n<<<<<<< HEAD\n  nickname integer\n=======\n  nickname varchar(20)\n>>>>>>> feature\n);\n';
    const out = annotateConflictMarkers(text, [
      { code: 'C001', kind: 'both-added-different', path: 'users.nickname', message: '', resolutions: ['ours', 'theirs'] },
    ]);
    expect(out.split('\n')[1]).toBe('<<<<<<< HEAD  flash: C001 users.nickname');
  });
});
