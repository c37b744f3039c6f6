import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlEngine, postgresEngine, sqliteEngine, type LifecycleEngine } from '../e2e/lifecycle-engines.js';
import { expectOk, newEngineProject, type EngineProject } from '../helpers/engine-project.js';
import { rawRequest, startStudioProcess, StudioClient, type StudioProcess } from './studio-process.js';

const SCHEMA = `
CREATE TABLE users (id integer PRIMARY KEY, email varchar(100) NOT NULL, score integer);
CREATE TABLE posts (id integer PRIMARY KEY, user_id integer NOT NULL, title varchar(100), FOREIGN KEY (user_id) REFERENCES users (id));
CREATE TABLE notes (body varchar(100));
`;

const USERS = 250;

/** HTTP API of `flash studio` against each engine, through the real CLI process. */
describe.each([
  ['SQLite', sqliteEngine],
  ['PostgreSQL', postgresEngine],
  ['MariaDB', mysqlEngine],
] as Array<[string, LifecycleEngine]>)('flash studio API on %s', (_name, engine) => {
  const cleanups: Array<() => Promise<void>> = [];
  let p: EngineProject;
  let studio: StudioProcess;
  let api: StudioClient;

  beforeAll(async () => {
    p = await newEngineProject(engine, cleanups);
    p.write('db/schema/app.sql', SCHEMA);
    expectOk(await p.flash('migrate', 'init'));
    expectOk(await p.flash('apply'));
    const values = Array.from({ length: USERS }, (_, i) => `(${i + 1}, 'user_${String(i + 1).padStart(3, '0')}@example.com', ${i % 7})`);
    await p.sql(`INSERT INTO users (id, email, score) VALUES ${values.join(', ')}`);
    await p.sql(`INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'hello'), (2, 1, 'again')`);
    await p.sql(`INSERT INTO notes (body) VALUES ('no key here')`);
    studio = await startStudioProcess(p.dir, { DATABASE_URL: p.url });
    api = new StudioClient(studio.origin);
  });

  afterAll(async () => {
    expect(await studio.stop()).toBe(0);
    expect(studio.output()).toContain('flash studio stopped.');
    for (const c of cleanups) await c();
  });

  it('lists the tables with row counts and foreign keys', async () => {
    const { status, body } = await api.get('/api/tables');
    expect(status).toBe(200);
    const byName = Object.fromEntries(body.tables.map((t: { name: string }) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual(['notes', 'posts', 'users']);
    expect(byName.users.rows).toBe(USERS);
    expect(byName.posts.rows).toBe(2);
    expect(byName.users.primaryKey).toEqual(['id']);
    expect(byName.posts.foreignKeys[0]).toMatchObject({ columns: ['user_id'], referencedTable: 'users' });
    expect(body.sqlTimeout).toBe(true); // SQLite's by a child process killed at the limit
  });

  it('pages by key: each page starts after the last row of the previous one', async () => {
    const first = await api.post('/api/rows', { table: 'users', limit: 100 });
    expect(first.status).toBe(200);
    expect(first.body.paging).toBe('keyset');
    expect(first.body.rows).toHaveLength(100);
    expect(first.body.rows[0][0]).toBe(1);
    expect(first.body.next).toEqual({ after: [100] });
    const second = await api.post('/api/rows', { table: 'users', limit: 100, cursor: first.body.next });
    expect(second.body.rows.map((r: unknown[]) => r[0])).toEqual(Array.from({ length: 100 }, (_, i) => 101 + i));
    const third = await api.post('/api/rows', { table: 'users', limit: 100, cursor: second.body.next });
    expect(third.body.rows).toHaveLength(50);
    expect(third.body.next).toBeUndefined();
  });

  it('sorts and filters per column, and pages a sorted view by (column, key)', async () => {
    const sorted = await api.post('/api/rows', { table: 'users', limit: 3, sort: { column: 'email', descending: true } });
    expect(sorted.body.rows.map((r: unknown[]) => r[1])).toEqual(['user_250@example.com', 'user_249@example.com', 'user_248@example.com']);
    expect(sorted.body.next).toEqual({ after: ['user_248@example.com', 248] });
    const more = await api.post('/api/rows', {
      table: 'users',
      limit: 2,
      sort: { column: 'email', descending: true },
      cursor: sorted.body.next,
    });
    expect(more.body.rows.map((r: unknown[]) => r[0])).toEqual([247, 246]);
    const filtered = await api.post('/api/rows', { table: 'users', limit: 100, filters: { email: 'USER_24' } });
    expect(filtered.body.rows.map((r: unknown[]) => r[0])).toEqual([240, 241, 242, 243, 244, 245, 246, 247, 248, 249]);
    const nullableSort = await api.post('/api/rows', { table: 'users', limit: 5, sort: { column: 'score' } });
    expect(nullableSort.body.paging).toBe('offset');
    expect(nullableSort.body.next).toEqual({ offset: 5 });
  });

  it('edits a row only while it still holds what was shown (optimistic check)', async () => {
    const shown = { id: 7, email: 'user_007@example.com', score: 6 };
    await p.sql(`UPDATE users SET score = 99 WHERE id = 7`); // someone else, meanwhile
    const conflict = await api.post('/api/rows/update', { table: 'users', original: shown, changes: { email: 'mine@example.com' } });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('E_ROW_CONFLICT');
    expect(conflict.body.error.message).toContain('changed since it was shown (score)');
    expect(conflict.body.error.data.current.score).toBe(99);
    expect(await p.sql(`SELECT email FROM users WHERE id = 7`)).toEqual([{ email: 'user_007@example.com' }]);

    const ok = await api.post('/api/rows/update', {
      table: 'users',
      original: { ...shown, score: 99 },
      changes: { email: 'mine@example.com', score: '5' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.row).toEqual({ id: 7, email: 'mine@example.com', score: 5 });
    expect(await p.sql(`SELECT email, score FROM users WHERE id = 7`)).toEqual([{ email: 'mine@example.com', score: 5 }]);
  });

  it('inserts and deletes rows; a table without a primary key is read-only by name', async () => {
    const ins = await api.post('/api/rows/insert', { table: 'users', values: { id: '1000', email: 'new@example.com' } });
    expect(ins.status).toBe(200);
    expect(await p.count('users')).toBe(USERS + 1);
    const gone = await api.post('/api/rows/delete', { table: 'users', original: { id: 1000, email: 'other@example.com', score: null } });
    expect(gone.body.error.code).toBe('E_ROW_CONFLICT');
    const del = await api.post('/api/rows/delete', { table: 'users', original: { id: 1000, email: 'new@example.com', score: null } });
    expect(del.status).toBe(200);
    expect(await p.count('users')).toBe(USERS);
    const again = await api.post('/api/rows/delete', { table: 'users', original: { id: 1000, email: 'new@example.com', score: null } });
    expect(again.body.error).toMatchObject({ code: 'E_ROW_CONFLICT', data: { deleted: true } });
    const noKey = await api.post('/api/rows/update', { table: 'notes', original: { body: 'no key here' }, changes: { body: 'x' } });
    expect(noKey.body.error.code).toBe('E_NO_PRIMARY_KEY');
    const fk = await api.post('/api/rows/delete', { table: 'users', original: { id: 1, email: 'user_001@example.com', score: 0 } });
    expect(fk.status).toBe(400);
    expect(fk.body.error.code).toBe('E_SQL'); // posts still point at user 1: the engine's foreign key refuses
    expect(await p.count('users')).toBe(USERS);
  });

  it('runs SQL with a row limit, and cancels a statement past its timeout', async () => {
    const limited = await api.post('/api/sql', { sql: 'SELECT id FROM users ORDER BY id', limit: 10 });
    expect(limited.status).toBe(200);
    expect(limited.body.results[0].rows).toHaveLength(10);
    expect(limited.body.results[0].truncated).toBe(true);
    // SQLite cannot interrupt a statement: a recursive CTE that would count for minutes runs in a child process killed at the limit
    const slowSql = {
      sqlite: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c',
      postgresql: 'SELECT pg_sleep(5)',
      mysql: 'SELECT SLEEP(5)',
    }[engine.provider];
    const t0 = Date.now();
    const slow = await api.post('/api/sql', { sql: slowSql, timeoutMs: 300 });
    expect(slow.status).toBe(408);
    expect(slow.body.error.code).toBe('E_SQL_TIMEOUT');
    expect(Date.now() - t0).toBeLessThan(4500);
    // the server answers at once afterwards, and a timed query that finishes in time returns its rows
    const t1 = Date.now();
    expect((await api.get('/api/tables')).status).toBe(200);
    const quick = await api.post('/api/sql', { sql: 'SELECT count(*) AS n FROM users', timeoutMs: 5000 });
    expect(quick.status).toBe(200);
    expect(Number(quick.body.results[0].rows[0][0])).toBe(USERS);
    expect(Date.now() - t1).toBeLessThan(4500);
  });

  it('refuses a write without the CSRF header, and a request from another origin', async () => {
    const noCsrf = await rawRequest(studio.origin, '/api/rows/insert', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ table: 'users', values: { id: '2000', email: 'csrf@example.com' } }),
    });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body).toContain('X-Flash-CSRF');
    const forged = await rawRequest(studio.origin, '/api/tables', { headers: { origin: 'http://evil.example' } });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('http://evil.example');
    const rebound = await rawRequest(studio.origin, '/api/tables', { headers: { host: `evil.example:${new URL(studio.origin).port}` } });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('DNS rebinding');
    expect(await p.count('users')).toBe(USERS);
  });
});
