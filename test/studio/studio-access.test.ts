import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteEngine } from '../e2e/lifecycle-engines.js';
import { expectOk, newEngineProject, type EngineProject } from '../helpers/engine-project.js';
import { rawRequest, startStudioProcess, StudioClient } from './studio-process.js';

/** Who may reach `flash studio`, and what a production database allows. */
describe('flash studio access', () => {
  const cleanups: Array<() => Promise<void>> = [];
  let p: EngineProject;

  beforeAll(async () => {
    p = await newEngineProject(sqliteEngine, cleanups);
    p.write('db/schema/app.sql', 'CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL);');
    expectOk(await p.flash('migrate', 'init'));
    expectOk(await p.flash('apply'));
    await p.sql(`INSERT INTO items VALUES (1, 'one')`);
  });
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('bound beyond loopback, it prints a token once and refuses every request without it', async () => {
    const studio = await startStudioProcess(p.dir, { DATABASE_URL: p.url }, ['--host', '0.0.0.0']);
    try {
      const token = new URL(studio.url).searchParams.get('token');
      expect(token).toMatch(/^[\w-]{20,}$/);
      expect(studio.output().split(token!).length - 1).toBe(1);
      const local = `http://127.0.0.1:${new URL(studio.url).port}`;
      for (const route of ['/', '/api/tables', '/api/session']) {
        const res = await rawRequest(local, route);
        expect(res.status, route).toBe(403);
        expect(res.body).toContain('token');
      }
      expect((await rawRequest(local, '/api/tables?token=wrong')).status).toBe(403);
      // the page URL with the token sets a cookie; later requests carry the cookie, not the token
      const page = await rawRequest(local, `/?token=${token}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<div id="root">');
      const cookie = String(page.headers['set-cookie']).split(';')[0];
      expect(cookie).toBe(`flash_studio_token=${token}`);
      const tables = await rawRequest(local, '/api/tables', { headers: { cookie } });
      expect(tables.status).toBe(200);
      expect(JSON.parse(tables.body).tables[0].name).toBe('items');
    } finally {
      expect(await studio.stop()).toBe(0);
    }
  });

  it('on loopback no token is needed, and Ctrl-C stops it cleanly', async () => {
    const studio = await startStudioProcess(p.dir, { DATABASE_URL: p.url });
    expect(studio.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await rawRequest(studio.origin, '/api/tables')).status).toBe(200);
    expect(await studio.stop()).toBe(0);
    expect(studio.output()).toContain('flash studio stopped.');
  });

  it('runs SQL read-only on a database marked production unless writes are allowed', async () => {
    const configFile = path.join(p.dir, 'flash.config.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8'));
    config.database.production = true;
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    const studio = await startStudioProcess(p.dir, { DATABASE_URL: p.url });
    try {
      const api = new StudioClient(studio.origin);
      expect((await api.get('/api/tables')).body.production).toBe(true);
      const refused = await api.post('/api/sql', { sql: `UPDATE items SET name = 'x'` });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('E_NEEDS_YES');
      const edit = await api.post('/api/rows/update', { table: 'items', original: { id: 1, name: 'one' }, changes: { name: 'x' } });
      expect(edit.body.error.code).toBe('E_NEEDS_YES');
      expect(await p.sql('SELECT name FROM items')).toEqual([{ name: 'one' }]);
      const read = await api.post('/api/sql', { sql: 'SELECT name FROM items' });
      expect(read.body.results[0].rows).toEqual([['one']]);
      const allowed = await api.post('/api/sql', { sql: `UPDATE items SET name = 'two'`, allowWrites: true });
      expect(allowed.status).toBe(200);
      expect(await p.sql('SELECT name FROM items')).toEqual([{ name: 'two' }]);
    } finally {
      expect(await studio.stop()).toBe(0);
    }
  });
});
