import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { withTempMysqlDb } from '../../dialects/mysql-test-db.js';
import { MYSQL_URL } from '../../helpers/db-urls.js';
import { fixtureProject, snapshotDir, typecheck } from './gen-helpers.js';

const goodUsage = `
import mysql from 'mysql2/promise';
import { createUser, getUser, listByRole, usersWithPosts } from './flash_gen/index.js';
const pool = mysql.createPool('mysql://root@127.0.0.1/x');
const conn = await pool.getConnection();
const id: number = await createUser(conn, { email: 'a@x', name: 'A', bio: null, role: 'admin', settings: [1, { a: null }] });
const u = await getUser(pool, { id });
const karma: string | undefined = u?.karma;
const active: boolean | undefined = u?.active;
const emails: string[] = (await listByRole(pool, { role: 'guest', limit: 5 })).map((r) => r.email);
const title: string | null = (await usersWithPosts(pool))[0]!.post_title;
export { karma, active, emails, title };
`;

const misuses = [
  "await getUser(pool, { id: '1' });",
  "await listByRole(pool, { role: 'owner', limit: 5 });",
  'const t: string = (await usersWithPosts(pool))[0]!.post_title;',
  'const k: number = (await getUser(pool, { id: 1 }))!.karma;',
];

describe('flash gen on MariaDB', () => {
  it('generates a client that compiles strictly, rejects misuse, is deterministic and runs every query', { timeout: 600_000 }, async () => {
    const { dir, flash } = await fixtureProject('mysql', { env: { DATABASE_URL: MYSQL_URL } });
    const first = await flash(['gen']);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/15 queries from 1 file\(s\)/);
    const generated = snapshotDir(path.join(dir, 'flash_gen'));
    const dts = generated['index.d.ts'];
    expect(dts).toMatch(/interface UsersWithPostsRow \{\n {2}user_id: number;\n {2}name: string;\n {2}post_title: string \| null;\n\}/);
    expect(dts).toMatch(
      /role: "admin" \| "member" \| "guest";\n {2}karma: string;\n {2}balance: string \| null;\n {2}settings: JsonValue;\n {2}active: boolean;\n {2}created_at: Date;/,
    );
    expect((await flash(['gen'])).code).toBe(0);
    expect(snapshotDir(path.join(dir, 'flash_gen'))).toEqual(generated);

    expect(await typecheck(dir, 'good.mts', goodUsage)).toEqual({ code: 0, output: '' });
    const badSource = goodUsage.replace('export {', `${misuses.join('\n')}\nexport {`);
    const bad = await typecheck(dir, 'bad.mts', badSource);
    const firstLine = badSource.split('\n').indexOf(misuses[0]) + 1;
    const errorLines = new Set([...bad.output.matchAll(/bad\.mts\((\d+),\d+\): error TS/g)].map((m) => Number(m[1])));
    misuses.forEach((misuse, i) => expect(errorLines.has(firstLine + i), `${misuse}\n${bad.output}`).toBe(true));

    await withTempMysqlDb(async (db) => {
      await db.conn.exec(readFileSync(path.join(dir, 'db/schema/schema.sql'), 'utf8'));
      const q = await import(pathToFileURL(path.join(dir, 'flash_gen/index.js')).href);
      const pool = mysql.createPool({ uri: db.url, connectionLimit: 1 });
      try {
        const ada = await q.createUser(pool, { email: 'ada@x', name: 'Ada', bio: null, role: 'admin', settings: { theme: ['dark', 1] } });
        expect(ada).toBe(1);
        expect(await q.createUser(pool, { email: 'bob@x', name: 'Bob', bio: 'b', role: 'member', settings: [] })).toBe(2);
        expect(await q.getUser(pool, { id: 9 })).toBeNull();
        expect(await q.getUser(pool, { id: 1 })).toMatchObject({
          id: 1,
          email: 'ada@x',
          bio: null,
          role: 'admin',
          karma: '0',
          balance: null,
          settings: { theme: ['dark', 1] },
          active: true,
        });
        expect(await q.listUsersByIds(pool, { ids: [2, 1] })).toEqual([
          { id: 1, name: 'Ada' },
          { id: 2, name: 'Bob' },
        ]);
        expect(await q.listUsersByIds(pool, { ids: [] })).toEqual([]);
        expect(await q.listByRole(pool, { role: 'member', limit: 5 })).toEqual([{ id: 2, email: 'bob@x' }]);
        // BIGINT beyond 2^53 comes back exact, as a string
        expect(await q.addKarma(pool, { amount: '9007199254740993', id: 1 })).toBe(1);
        expect((await q.getUser(pool, { id: 1 })).karma).toBe('9007199254740993');
        await q.setBalance(pool, { balance: '12.50', email: 'bob@x' });
        expect((await q.getUser(pool, { id: 2 })).balance).toBe('12.50');
        await q.createPost(pool, { author_id: 1, title: 'Notes', body: null });
        expect(await q.usersWithPosts(pool)).toEqual([
          { user_id: 1, name: 'Ada', post_title: 'Notes' },
          { user_id: 2, name: 'Bob', post_title: null },
        ]);
        expect(await q.postCounts(pool)).toEqual([
          { id: 1, posts: '1', karma_sum: '9007199254740993' },
          { id: 2, posts: '0', karma_sum: '0' },
        ]);
        expect(await q.usersByRoles(pool, { roles: ['admin', 'guest'] })).toEqual([{ id: 1, role: 'admin' }]);
        expect(await q.usersByRoles(pool, { roles: [] })).toEqual([]);
        expect(await q.setActive(pool, { active: false, id: 2 })).toBe(1);
        expect(await q.inactiveUsers(pool)).toEqual([{ id: 2, email: 'bob@x', active: false, balance: '12.50' }]);
        expect((await q.roleCounts(pool)).map((r: { role: string; n: string }) => [r.role, r.n])).toEqual([
          ['admin', '1'],
          ['member', '1'],
        ]);
        expect(await q.postsByTitlePrefix(pool, { prefix: 'No' })).toEqual([
          { id: 1, title: 'Notes', email: 'ada@x', settings: { theme: ['dark', 1] } },
        ]);
        // inside a transaction, on a pool connection
        const conn = await pool.getConnection();
        try {
          await conn.beginTransaction();
          await q.createUser(conn, { email: 'tx@x', name: 'Tx', bio: null, role: 'guest', settings: {} });
          await conn.rollback();
        } finally {
          conn.release();
        }
        expect(await q.listByRole(pool, { role: 'guest', limit: 5 })).toEqual([]);
        expect(await q.deleteUser(pool, { id: 2 })).toMatchObject({ affectedRows: 1 });
      } finally {
        await pool.end();
      }
    });
  });

  it('refuses a query referencing a missing column with E_QUERY and its line', { timeout: 600_000 }, async () => {
    const { dir, flash } = await fixtureProject('mysql', { env: { DATABASE_URL: MYSQL_URL } });
    expect((await flash(['gen'])).code).toBe(0);
    const before = snapshotDir(path.join(dir, 'flash_gen'));
    const file = path.join(dir, 'db/queries/queries.sql');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('SELECT id, name FROM users WHERE id IN', 'SELECT id, nickname FROM users WHERE id IN'),
    );
    const failed = await flash(['gen']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/error\[E_QUERY\]: db\/queries\/queries\.sql:7: query ListUsersByIds: Unknown column 'nickname'/);
    expect(snapshotDir(path.join(dir, 'flash_gen'))).toEqual(before);
  });
});
