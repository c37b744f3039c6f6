import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mysqlEngine, postgresEngine, sqliteEngine } from './lifecycle-engines.js';
import { expectOk, newEngineProject } from '../helpers/engine-project.js';
import { rawRequest, startStudioProcess } from '../studio/studio-process.js';

// Issue 17 "Done when": Flash ORM's integration flow (init → migrate → apply → status → down → gen →
// pull → export → raw → seed → branch → studio → reset) as one e2e test per SQL engine, `flash` commands only.
const USERS = 'CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(200) NOT NULL, name VARCHAR(100), UNIQUE (email));\n';
const POSTS =
  'CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL, title VARCHAR(200) NOT NULL,\n' +
  '  FOREIGN KEY (user_id) REFERENCES users (id));\n';
const QUERIES =
  '-- name: CountUsers :one\nSELECT COUNT(*) AS n FROM users;\n\n-- name: ListTitles :many\nSELECT title FROM posts ORDER BY id;\n';

describe.each([sqliteEngine, postgresEngine, mysqlEngine])('the Flash ORM integration flow on $provider', (engine) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups) await c().catch(() => {});
  });

  it(
    'runs init → migrate → apply → status → down → gen → pull → export → raw → seed → branch → studio → reset',
    { timeout: 600_000 },
    async () => {
      const p = await newEngineProject(engine, cleanups); // flash init --<engine>
      const json = async (...args: string[]) => {
        const r = await p.flash('--json', ...args);
        expectOk(r);
        return JSON.parse(r.stdout) as Record<string, unknown>;
      };

      p.write('db/schema/users.sql', USERS);
      expectOk(await p.flash('migrate', 'users'));
      p.write('db/schema/posts.sql', POSTS);
      expectOk(await p.flash('migrate', 'posts'));
      expect(p.migrations()).toHaveLength(2);
      expectOk(await p.flash('apply'));
      const status = await json('status');
      expect(status.inSync).toBe(true);

      const down = await p.flash('down', '--yes');
      expectOk(down);
      expect(((await json('status')).migrations as Array<{ state: string }>).map((m) => m.state)).toEqual(['applied', 'pending']);
      expectOk(await p.flash('apply'));

      p.write('db/queries/users.sql', QUERIES);
      const gen = await p.flash('gen');
      expectOk(gen);
      expect(existsSync(path.join(p.dir, 'flash_gen/index.js'))).toBe(true);
      expectOk(await p.flash('gen', '--check'));

      const pulled = await p.flash('pull');
      expectOk(pulled);
      expect(pulled.stdout).toContain('verified');
      expect((await p.flash('migrate', 'after pull')).stdout).toContain('No changes');

      const seeded = await p.flash('seed', '-n', '5', '--seed', '7');
      expectOk(seeded);
      expect(await p.count('users')).toBe(5);
      expect(await p.count('posts')).toBe(5);

      const exported = await p.flash('export', '--format', 'json', '--out', 'out');
      expectOk(exported);
      const files = readdirSync(path.join(p.dir, 'out')).sort();
      expect(files).toEqual(expect.arrayContaining(['manifest.json', 'posts.json', 'users.json']));

      const raw = await json('raw', '-q', 'SELECT COUNT(*) AS n FROM posts');
      expect(JSON.stringify(raw)).toMatch(/"n":\s*"?5"?/);

      p.commitAll('schema, queries, generated client');
      const branch = await p.flash('branch', 'feature');
      expectOk(branch);
      // the branch's own database starts as a copy, data included
      expect(JSON.stringify(await json('raw', '-q', 'SELECT COUNT(*) AS n FROM users'))).toMatch(/"n":\s*"?5"?/);
      expect(String((await json('url')).url ?? '')).not.toBe(p.url);
      expectOk(await p.flash('checkout', 'main'));
      const deleted = await p.flash('branch', 'delete', 'feature', '--yes');
      expectOk(deleted);

      // flash studio on the same project: its data API shows the seeded rows; Ctrl-C stops it with exit 0
      const studio = await startStudioProcess(p.dir, { DATABASE_URL: p.url });
      try {
        const res = await rawRequest(studio.origin, '/api/tables');
        expect(res.status).toBe(200);
        const tables = (JSON.parse(res.body) as { tables: Array<{ name: string; rows: number }> }).tables;
        expect(tables.map((t) => [t.name, t.rows]).sort()).toEqual([
          ['posts', 5],
          ['users', 5],
        ]);
      } finally {
        expect(await studio.stop()).toBe(0);
      }

      const reset = await p.flash('reset', '--yes');
      expectOk(reset);
      expect(await p.count('users')).toBe(0);
      expect((await json('status')).inSync).toBe(true);
    },
  );
});
