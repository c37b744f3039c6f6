import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { withTempDb } from '../../dialects/postgres-test-db.js';
import { PG_URL } from '../../helpers/db-urls.js';
import { fixtureProject, snapshotDir, typecheck } from './gen-helpers.js';

const goodUsage = `
import pg from 'pg';
import { createUser, getUserByEmail, listUsersByIds, usersWithLatestPost, type UserRole } from './flash_gen/index.js';
const pool = new pg.Pool();
const client = await pool.connect();
const role: UserRole = 'admin';
const u = await createUser(client, { email: 'a@x', name: 'A', bio: null, role, settings: { a: [1, 'b', null] }, tags: ['x'] });
const karma: string | undefined = u?.karma;
const found = await getUserByEmail(pool, { email: 'a@x' });
const bio: string | null | undefined = found?.bio;
const rows = await listUsersByIds(pool, { ids: [1, 2] });
const n: number = rows[0]!.id;
const joined = await usersWithLatestPost(pool);
const title: string | null = joined[0]!.post_title;
export { karma, bio, n, title };
`;

/** Each misuse must be a compile error, on the line that carries its marker. */
const misuses = [
  'await getUserByEmail(pool, { email: 42 });',
  "await createUser(pool, { email: 'a', name: 'A', bio: null, role: 'owner', settings: {}, tags: [] });",
  'const t: string = (await usersWithLatestPost(pool))[0]!.post_title;',
  "const k: number = (await getUserByEmail(pool, { email: 'a' }))!.karma;",
  'await listUsersByIds(pool, {});',
];

describe('flash gen on PostgreSQL', () => {
  it('generates a TypeScript client that compiles strictly, rejects misuse and runs every query', { timeout: 600_000 }, async () => {
    const { dir, flash } = await fixtureProject('postgresql', { database: { shadow_url: PG_URL } });
    const first = await flash(['gen']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/18 queries from 2 file\(s\)/);
    const generated = snapshotDir(path.join(dir, 'flash_gen'));
    expect(Object.keys(generated).sort()).toEqual(['index.d.ts', 'index.js', 'package.json']);

    // nullability and types come from the engine and the catalog
    const dts = generated['index.d.ts'];
    expect(dts).toContain('export type UserRole = "admin" | "member" | "guest";');
    expect(dts).toMatch(
      /interface UsersWithLatestPostRow \{\n {2}user_id: number;\n {2}name: string;\n {2}post_title: string \| null;\n {2}published: boolean \| null;\n\}/,
    );
    expect(dts).toMatch(
      /interface CommentCountsRow \{\n {2}post_id: number;\n {2}comments: string;\n {2}last_body: string \| null;\n {2}karma_sum: string \| null;\n\}/,
    );
    expect(dts).toMatch(
      /interface PostsWithAuthorsRow \{\n {2}id: number;\n {2}title: string;\n {2}author_name: string;\n {2}author_bio: string \| null;\n\}/,
    );
    expect(dts).toMatch(
      /karma: string;\n {2}balance: string \| null;\n {2}settings: JsonValue;\n {2}tags: Array<string>;\n {2}created_at: Date;/,
    );
    expect(dts).toContain('ids: ReadonlyArray<number>;');

    // determinism: a second run (cached) and a run without the cache write identical bytes
    expect((await flash(['gen'])).stdout).toMatch(/2 of 2 query files from cache/);
    expect(snapshotDir(path.join(dir, 'flash_gen'))).toEqual(generated);
    expect((await flash(['gen', '--check'])).code).toBe(0);

    const good = await typecheck(dir, 'good.mts', goodUsage);
    expect(good.output).toBe('');
    expect(good.code).toBe(0);
    // one compile for all misuses: each line must carry its own error
    const badSource = goodUsage.replace('export {', `${misuses.join('\n')}\nexport {`);
    const bad = await typecheck(dir, 'bad.mts', badSource);
    expect(bad.code).not.toBe(0);
    const firstLine = badSource.split('\n').indexOf(misuses[0]) + 1;
    const errorLines = new Set([...bad.output.matchAll(/bad\.mts\((\d+),\d+\): error TS/g)].map((m) => Number(m[1])));
    misuses.forEach((misuse, i) => expect(errorLines.has(firstLine + i), `${misuse}\n${bad.output}`).toBe(true));

    await withTempDb(async (db) => {
      for (const sql of readFileSync(path.join(dir, 'db/schema/schema.sql'), 'utf8').split(/;\s*\n/))
        if (sql.trim()) await db.conn.exec(sql);
      const q = await import(pathToFileURL(path.join(dir, 'flash_gen/index.js')).href);
      const pool = new pg.Pool({ connectionString: db.url, max: 1 });
      try {
        const ada = await q.createUser(pool, {
          email: 'ada@x',
          name: 'Ada',
          bio: null,
          role: 'admin',
          settings: { theme: ['dark', 1] },
          tags: ['math', 'poet'],
        });
        expect(ada).toMatchObject({
          email: 'ada@x',
          name: 'Ada',
          bio: null,
          role: 'admin',
          karma: '0',
          balance: null,
          settings: { theme: ['dark', 1] },
          tags: ['math', 'poet'],
        });
        expect(ada.created_at).toBeInstanceOf(Date);
        const bobId = await q.insertUserReturningId(pool, { email: 'bob@x', name: 'Bob' });
        expect(bobId).toBe(ada.id + 1);
        expect(await q.getUserByEmail(pool, { email: 'nobody' })).toBeNull();
        expect((await q.getUserByEmail(pool, { email: 'ada@x' })).tags).toEqual(['math', 'poet']);
        expect(await q.listUsersByIds(pool, { ids: [bobId, ada.id] })).toEqual([
          { id: ada.id, name: 'Ada' },
          { id: bobId, name: 'Bob' },
        ]);
        expect(await q.listUsersByIds(pool, { ids: [] })).toEqual([]);
        expect(await q.listUsersByRole(pool, { role: 'member', max_rows: 10 })).toEqual([{ id: bobId, email: 'bob@x' }]);
        expect(await q.updateBio(pool, { bio: 'hi', id: bobId })).toBe(1);
        // a bigint beyond 2^53 survives the round trip as a string
        await q.addKarma(pool, { amount: '9007199254740993', id: ada.id });
        expect((await q.getUserByEmail(pool, { email: 'ada@x' })).karma).toBe('9007199254740993');
        expect(await q.usersWithTag(pool, { tag: 'poet' })).toEqual([{ id: ada.id, tags: ['math', 'poet'] }]);

        const post = await q.createPost(pool, { author_id: ada.id, title: 'Notes', body: null });
        expect(post).toEqual({ id: post.id, title: 'Notes', body: null, published: false });
        const post2 = await q.createPost(pool, { author_id: ada.id, title: 'More', body: 'b' });
        expect(await q.addComment(pool, { post_id: post.id, user_id: bobId, body: 'nice' })).toEqual({ id: expect.any(Number) });
        expect(await q.postsWithAuthors(pool)).toEqual([
          { id: post.id, title: 'Notes', author_name: 'Ada', author_bio: null },
          { id: post2.id, title: 'More', author_name: 'Ada', author_bio: null },
        ]);
        expect(await q.usersWithLatestPost(pool)).toEqual([
          { user_id: ada.id, name: 'Ada', post_title: 'Notes', published: false },
          { user_id: ada.id, name: 'Ada', post_title: 'More', published: false },
          { user_id: bobId, name: 'Bob', post_title: null, published: null },
        ]);
        expect(await q.commentCounts(pool)).toEqual([
          { post_id: post.id, comments: '1', last_body: 'nice', karma_sum: '0' },
          { post_id: post2.id, comments: '0', last_body: null, karma_sum: null },
        ]);
        expect(await q.publishPosts(pool, { author_id: ada.id, except_ids: [post2.id] })).toBe(1);
        expect(await q.activeAuthors(pool)).toEqual([{ id: ada.id, email: 'ada@x', post_count: '1' }]);
        expect(await q.postsByTitlePrefix(pool, { prefix: 'No' })).toEqual([{ id: post.id, title: 'Notes', role: 'admin' }]);
        expect(await q.rolesOf(pool, { roles: ['admin', 'member'] })).toEqual({ roles: ['admin', 'member'], n: '2' });
        expect(await q.rolesOf(pool, { roles: [] })).toEqual({ roles: null, n: '0' });

        // the same functions work inside a transaction
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          expect(await q.insertUserReturningId(client, { email: 'tx@x', name: 'Tx' })).toBeGreaterThan(bobId);
          await client.query('ROLLBACK');
        } finally {
          client.release();
        }
        expect(await q.getUserByEmail(pool, { email: 'tx@x' })).toBeNull();
        const carolId = await q.insertUserReturningId(pool, { email: 'carol@x', name: 'Carol' });
        expect(await q.deleteUser(pool, { id: carolId })).toMatchObject({ command: 'DELETE', rowCount: 1 });
        expect(await q.deleteUser(pool, { id: carolId })).toMatchObject({ command: 'DELETE', rowCount: 0 });
      } finally {
        await pool.end();
      }
    });
  });

  it(
    'refuses a query that does not compile (E_QUERY file:line, output untouched) and --check finds stale output',
    { timeout: 600_000 },
    async () => {
      const { dir, flash } = await fixtureProject('postgresql', { database: { shadow_url: PG_URL } });
      expect((await flash(['gen'])).code).toBe(0);
      const before = snapshotDir(path.join(dir, 'flash_gen'));
      const posts = path.join(dir, 'db/queries/posts.sql');
      const original = readFileSync(posts, 'utf8');
      writeFileSync(
        posts,
        original.replace(
          'SELECT p.id, p.title, u.name AS author_name, u.bio AS author_bio',
          'SELECT p.id, p.title,\n  u.nickname AS author_name',
        ),
      );
      const failed = await flash(['gen']);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(
        /error\[E_QUERY\]: db\/queries\/posts\.sql:6: query PostsWithAuthors: column u\.nickname does not exist/,
      );
      expect(snapshotDir(path.join(dir, 'flash_gen'))).toEqual(before);

      writeFileSync(
        posts,
        original.replace('ORDER BY p.id;\n\n-- name: UsersWithLatestPost', 'ORDER BY p.id DESC;\n\n-- name: UsersWithLatestPost'),
      );
      const stale = await flash(['gen', '--check']);
      expect(stale.code).toBe(1);
      expect(stale.stdout).toMatch(
        /stale: 3 file\(s\)[\s\S]*flash_gen\/index\.js[\s\S]*flash_py\/__init__\.py[\s\S]*flash_go\/posts\.sql\.go/,
      );
      expect(snapshotDir(path.join(dir, 'flash_gen'))).toEqual(before);
      expect((await flash(['gen'])).code).toBe(0);
      expect((await flash(['gen', '--check'])).code).toBe(0);
    },
  );
});
