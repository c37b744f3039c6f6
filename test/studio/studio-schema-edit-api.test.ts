import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresEngine, sqliteEngine, type LifecycleEngine } from '../e2e/lifecycle-engines.js';
import { expectOk, newEngineProject, type EngineProject } from '../helpers/engine-project.js';
import { rawRequest, startStudioProcess, StudioClient, type StudioProcess } from './studio-process.js';

const SCHEMA = `CREATE TABLE users (
  id integer PRIMARY KEY,
  email varchar(100) NOT NULL
);
`;

/** The schema form's API: the db/schema change shown first, then written and migrated through `flash migrate`'s entry point. */
describe.each([
  ['SQLite', sqliteEngine],
  ['PostgreSQL', postgresEngine],
] as Array<[string, LifecycleEngine]>)('flash studio schema form on %s', (_name, engine) => {
  const cleanups: Array<() => Promise<void>> = [];
  let p: EngineProject;
  let studio: StudioProcess;
  let api: StudioClient;

  beforeAll(async () => {
    p = await newEngineProject(engine, cleanups);
    p.write('db/schema/app.sql', SCHEMA);
    expectOk(await p.flash('migrate', 'init'));
    expectOk(await p.flash('apply'));
    studio = await startStudioProcess(p.dir, { DATABASE_URL: p.url });
    api = new StudioClient(studio.origin);
  });

  afterAll(async () => {
    expect(await studio.stop()).toBe(0);
    for (const c of cleanups) await c();
  });

  const addNickname = { kind: 'column', table: 'users', column: { name: 'nickname', type: 'varchar(40)', nullable: true } };

  it('previews a new column as a diff of the schema file, writing nothing', async () => {
    const r = await api.post('/api/schema/preview', { edit: addNickname });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.file).toBe(path.join('db', 'schema', 'app.sql'));
    expect(r.body.diff).toContain('-  email varchar(100) NOT NULL\n+  email varchar(100) NOT NULL,\n+  nickname varchar(40)\n');
    expect(p.read('db/schema/app.sql')).toBe(SCHEMA);
    expect(p.migrations()).toHaveLength(1);
  });

  it('writes only the change it showed, then runs migrate; a stale preview or a write without CSRF changes nothing', async () => {
    const preview = (await api.post('/api/schema/preview', { edit: addNickname })).body;
    const forged = await rawRequest(studio.origin, '/api/schema/apply', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ edit: addNickname, beforeHash: preview.beforeHash }),
    });
    expect(forged.status).toBe(403);
    const stale = await api.post('/api/schema/apply', { edit: addNickname, beforeHash: '0'.repeat(64) });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('E_SCHEMA_FILE_CHANGED');
    expect(p.read('db/schema/app.sql')).toBe(SCHEMA);

    const r = await api.post('/api/schema/apply', { edit: addNickname, beforeHash: preview.beforeHash });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(p.read('db/schema/app.sql')).toBe(preview.after);
    expect(r.body.migration.written).toBe(true);
    expect(r.body.migration.name).toMatch(/^\d{14}_add_nickname_to_users$/);
    expect(r.body.migration.up.join('\n')).toMatch(/ADD COLUMN "?nickname"? varchar\(40\)/i);
    expect(p.migrations()).toHaveLength(2);
    expect((await p.flash('migrate', 'again')).stdout).toMatch(/no changes/i);
  });

  it('adds a table in its own file and an index after its table; the database follows with apply', async () => {
    const table = {
      kind: 'table',
      table: 'tags',
      columns: [
        { name: 'id', type: 'integer', primaryKey: true },
        { name: 'label', type: 'varchar(20)', nullable: false },
      ],
    };
    const t = (await api.post('/api/schema/preview', { edit: table })).body;
    expect(t).toMatchObject({ file: path.join('db', 'schema', 'tags.sql'), created: true });
    expect((await api.post('/api/schema/apply', { edit: table, beforeHash: t.beforeHash })).status).toBe(200);
    const index = { kind: 'index', table: 'tags', name: 'tags_label_idx', columns: ['label'], unique: true };
    const i = (await api.post('/api/schema/preview', { edit: index })).body;
    const applied = await api.post('/api/schema/apply', { edit: index, beforeHash: i.beforeHash });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(p.read('db/schema/tags.sql')).toBe(
      'CREATE TABLE tags (\n  id integer PRIMARY KEY,\n  label varchar(20) NOT NULL\n);\nCREATE UNIQUE INDEX tags_label_idx ON tags (label);\n',
    );
    expectOk(await p.flash('apply'));
    await p.sql(`INSERT INTO tags (id, label) VALUES (1, 'a')`);
    await expect(p.sql(`INSERT INTO tags (id, label) VALUES (2, 'a')`)).rejects.toThrow();
  });

  it('puts the file back when migrate refuses the change', async () => {
    const before = p.read('db/schema/app.sql');
    const bad = { kind: 'index', table: 'users', name: 'users_nope_idx', columns: ['nope'] };
    const preview = (await api.post('/api/schema/preview', { edit: bad })).body;
    const r = await api.post('/api/schema/apply', { edit: bad, beforeHash: preview.beforeHash });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('E_SQL');
    expect(p.read('db/schema/app.sql')).toBe(before);
    expect(existsSync(path.join(p.dir, 'db/schema/users.sql'))).toBe(false);
    expect(p.migrations()).toHaveLength(4);
  });
});
