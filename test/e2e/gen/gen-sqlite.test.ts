import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixtureProject, snapshotDir, typecheck } from './gen-helpers.js';

const goodUsage = `
import Database from 'better-sqlite3';
import { createUser, getUser, listUsersByIds, usersWithPosts } from './flash_gen/index.js';
const db = new Database(':memory:');
const u = createUser(db, { email: 'a@x', name: 'A', bio: null, active: true, settings: { a: 1 } });
const active: boolean | undefined = u?.active;
const created: string | undefined = getUser(db, { id: 1 })?.created_at;
const karma: string | undefined = getUser(db, { id: 1 })?.karma;
const ids: number[] = listUsersByIds(db, { ids: [1, 2], active: true }).map((r) => r.id);
const title: string | null = usersWithPosts(db)[0]!.post_title;
export { active, created, karma, ids, title };
`;

const misuses = [
  "getUser(db, { id: '1' });",
  "createUser(db, { email: 'a', name: 'A', bio: null, active: 1, settings: {} });",
  'const t: string = usersWithPosts(db)[0]!.post_title;',
  'listUsersByIds(db, { ids: 1, active: true });',
];

describe('flash gen on SQLite', () => {
  it('generates a client that compiles strictly, rejects misuse, is deterministic and runs every query', { timeout: 600_000 }, async () => {
    const { dir, flash } = await fixtureProject('sqlite');
    const first = await flash(['gen']);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/15 queries from 1 file\(s\)/);
    const generated = snapshotDir(path.join(dir, 'flash_gen'));
    const dts = generated['index.d.ts'];
    expect(dts).toMatch(/interface UsersWithPostsRow \{\n {2}user_id: number;\n {2}name: string;\n {2}post_title: string \| null;\n\}/);
    expect(dts).toMatch(/interface PostCountsRow \{\n {2}id: number;\n {2}posts: number;\n {2}last_title: unknown;\n\}/);
    expect(dts).toMatch(/interface UpdateBioParams \{\n {2}bio: string \| null;\n {2}email: string;\n\}/);

    expect((await flash(['gen'])).code).toBe(0);
    expect(snapshotDir(path.join(dir, 'flash_gen'))).toEqual(generated);
    const uncached = await fixtureProject('sqlite', { env: { FLASH_NO_CACHE: '1' } });
    expect((await uncached.flash(['gen'])).code).toBe(0);
    expect(snapshotDir(path.join(uncached.dir, 'flash_gen'))).toEqual(generated);

    expect(await typecheck(dir, 'good.mts', goodUsage)).toEqual({ code: 0, output: '' });
    const badSource = goodUsage.replace('export {', `${misuses.join('\n')}\nexport {`);
    const bad = await typecheck(dir, 'bad.mts', badSource);
    const firstLine = badSource.split('\n').indexOf(misuses[0]) + 1;
    const errorLines = new Set([...bad.output.matchAll(/bad\.mts\((\d+),\d+\): error TS/g)].map((m) => Number(m[1])));
    misuses.forEach((misuse, i) => expect(errorLines.has(firstLine + i), `${misuse}\n${bad.output}`).toBe(true));

    const db = new Database(':memory:');
    db.exec(readFileSync(path.join(dir, 'db/schema/schema.sql'), 'utf8'));
    const q = await import(pathToFileURL(path.join(dir, 'flash_gen/index.js')).href);
    const ada = q.createUser(db, { email: 'ada@x', name: 'Ada', bio: null, active: true, settings: { theme: ['dark'] } });
    expect(ada).toEqual({ id: 1, email: 'ada@x', name: 'Ada', bio: null, active: true, settings: { theme: ['dark'] } });
    expect(q.insertUser(db, { email: 'bob@x', name: 'Bob' })).toBe(2);
    expect(q.getUser(db, { id: 3 })).toBeNull();
    expect(q.getUser(db, { id: 2 })).toMatchObject({ id: 2, active: true, settings: {}, score: null, created_at: expect.any(String) });
    expect(q.listUsersByIds(db, { ids: [2, 1], active: true })).toEqual([
      { id: 1, name: 'Ada' },
      { id: 2, name: 'Bob' },
    ]);
    expect(q.listUsersByIds(db, { ids: [], active: true })).toEqual([]);
    expect(q.updateBio(db, { bio: 'hi', email: 'bob@x' })).toBe(1);
    q.touch(db, { score: 1.5, id: 1 });
    expect(q.getUser(db, { id: 1 }).score).toBe(1.5);
    // integers are read exactly: BIGINT as a string, anything else beyond 2^53 refused by name
    q.setKarma(db, { karma: '9007199254740993', id: 1 });
    expect(q.getUser(db, { id: 1 }).karma).toBe('9007199254740993');
    q.createPost(db, { author_id: 1, title: 'Notes', body: null });
    expect(q.usersWithPosts(db)).toEqual([
      { user_id: 1, name: 'Ada', post_title: 'Notes' },
      { user_id: 2, name: 'Bob', post_title: null },
    ]);
    expect(q.postCounts(db)).toEqual([
      { id: 1, posts: 1, last_title: 'Notes' },
      { id: 2, posts: 0, last_title: null },
    ]);
    expect(q.usersByEmails(db, { emails: ['ada@x', 'bob@x', 'eve@y'], domain: '@x' })).toEqual([
      { id: 1, email: 'ada@x', active: true },
      { id: 2, email: 'bob@x', active: true },
    ]);
    expect(q.setActive(db, { active: false, id: 2 })).toBe(1);
    expect(q.activeCount(db, { active: false })).toEqual({ n: 1, karma_total: 0 });
    expect(q.deletePostsReturning(db, { author_id: 1 })).toEqual([{ id: 1, title: 'Notes' }]);
    q.createPost(db, { author_id: 1, title: 'Notes', body: null });
    // statements are cached per Database and work inside its transactions
    db.transaction(() => q.insertUser(db, { email: 'tx@x', name: 'Tx' }))();
    expect(q.deleteUser(db, { id: 3 })).toMatchObject({ changes: 1 });
    db.prepare('INSERT INTO users (id, email, name) VALUES (9007199254740993, ?, ?)').run('big@x', 'Big');
    expect(() => q.listUsersByIds(db, { ids: [9007199254740993n], active: true })).toThrow(
      /column id: 9007199254740993 does not fit a JS number/,
    );
    db.close();
  });

  it('refuses a query referencing a missing column with E_QUERY and its line', { timeout: 600_000 }, async () => {
    const { dir, flash } = await fixtureProject('sqlite');
    expect((await flash(['gen'])).code).toBe(0);
    const before = snapshotDir(path.join(dir, 'flash_gen'));
    const file = path.join(dir, 'db/queries/queries.sql');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('SELECT * FROM users WHERE id = ?;', 'SELECT nickname FROM users WHERE id = ?;'),
    );
    const failed = await flash(['gen']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/error\[E_QUERY\]: db\/queries\/queries\.sql:5: query GetUser: no such column: nickname/);
    expect(snapshotDir(path.join(dir, 'flash_gen'))).toEqual(before);
  });
});
