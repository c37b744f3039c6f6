import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlEngine, postgresEngine, sqliteEngine, type LifecycleEngine } from '../e2e/lifecycle-engines.js';
import { expectOk, newEngineProject, type EngineProject } from '../helpers/engine-project.js';
import { startStudioProcess, StudioClient, type StudioProcess } from './studio-process.js';

const SCHEMA = `
CREATE TABLE users (id integer PRIMARY KEY, email varchar(100) NOT NULL);
CREATE TABLE posts (id integer PRIMARY KEY, user_id integer NOT NULL, title varchar(100), FOREIGN KEY (user_id) REFERENCES users (id));
CREATE INDEX posts_user_id_idx ON posts (user_id);
`;
const JOIN = "SELECT users.email, posts.title FROM users JOIN posts ON posts.user_id = users.id WHERE users.email LIKE 'a%'";

interface Node {
  type: string;
  relation?: string;
  index?: string;
  cost?: string;
  rows?: number;
  actualRows?: number;
  details: string[];
  children: Node[];
}
const flatten = (n: Node): Node[] => [n, ...n.children.flatMap(flatten)];

/** The SQL page's EXPLAIN tree on each engine, through the real CLI process. */
describe.each([
  ['SQLite', sqliteEngine],
  ['PostgreSQL', postgresEngine],
  ['MariaDB', mysqlEngine],
] as Array<[string, LifecycleEngine]>)('flash studio EXPLAIN on %s', (_name, engine) => {
  const cleanups: Array<() => Promise<void>> = [];
  let p: EngineProject;
  let studio: StudioProcess;
  let api: StudioClient;

  beforeAll(async () => {
    p = await newEngineProject(engine, cleanups);
    p.write('db/schema/app.sql', SCHEMA);
    expectOk(await p.flash('migrate', 'init'));
    expectOk(await p.flash('apply'));
    await p.sql(`INSERT INTO users (id, email) VALUES (1, 'ada@example.com'), (2, 'bob@example.com')`);
    await p.sql(`INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'hello'), (2, 2, 'again')`);
    studio = await startStudioProcess(p.dir, { DATABASE_URL: p.url });
    api = new StudioClient(studio.origin);
  });

  afterAll(async () => {
    expect(await studio.stop()).toBe(0);
    for (const c of cleanups) await c();
  });

  it('answers a join with a nested plan tree: node types, the tables read, estimates', async () => {
    const r = await api.post('/api/explain', { sql: `${JOIN};` });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.analyzed).toBe(false);
    const nodes = flatten(r.body.plan);
    const relations = nodes.map((n) => n.relation?.split(' ')[0]).filter(Boolean);
    expect(relations).toEqual(expect.arrayContaining(['users', 'posts']));
    expect(nodes.every((n) => typeof n.type === 'string' && n.type !== '')).toBe(true);
    if (engine.provider === 'sqlite') {
      expect(r.body.plan.type).toBe('QUERY PLAN');
      expect(nodes.some((n) => /^(SCAN|SEARCH) /.test(n.type))).toBe(true);
    } else if (engine.provider === 'postgresql') {
      expect(r.body.plan.type).toMatch(/Join|Nested Loop/);
      expect(r.body.plan.children.length).toBeGreaterThan(0);
      expect(r.body.plan.cost).toMatch(/^\d+\.\d\d\.\.\d+\.\d\d$/);
      expect(typeof r.body.plan.rows).toBe('number');
    } else {
      expect(r.body.plan.type).toBe('query_block');
      const table = nodes.find((n) => n.relation === 'users')!;
      expect(table.type).toMatch(/^table \(/);
      expect(typeof table.rows).toBe('number');
    }
  });

  it('refuses two statements by name', async () => {
    const r = await api.post('/api/explain', { sql: 'SELECT 1; SELECT 2' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('E_USAGE');
  });

  it('ANALYZE: actual rows on PostgreSQL, a write only after confirmation and always rolled back; refused by name elsewhere', async () => {
    const del = 'DELETE FROM posts WHERE id = 2';
    if (engine.provider !== 'postgresql') {
      const r = await api.post('/api/explain', { sql: JOIN, analyze: true });
      expect(r.body.error.code).toBe('E_UNSUPPORTED');
      return;
    }
    const read = await api.post('/api/explain', { sql: JOIN, analyze: true });
    expect(read.status).toBe(200);
    expect(read.body.analyzed).toBe(true);
    expect(flatten(read.body.plan).some((n) => typeof n.actualRows === 'number')).toBe(true);
    const refused = await api.post('/api/explain', { sql: del, analyze: true });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('E_NEEDS_YES');
    expect(await p.count('posts')).toBe(2);
    const confirmed = await api.post('/api/explain', { sql: del, analyze: true, yes: true });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.plan.type).toBe('Delete');
    expect(confirmed.body.plan.children[0].actualRows).toBe(1);
    expect(await p.count('posts')).toBe(2); // rolled back
  });
});
