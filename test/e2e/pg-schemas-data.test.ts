import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDialect } from '../../src/dialects/registry.js';
import { copyDatabaseContents } from '../../src/dialects/postgres/copy-database.js';
import { runFlash } from '../helpers/cli.js';
import { PG_URL, uniqueDbName } from '../helpers/db-urls.js';
import { expectOk, newEngineProject, type EngineProject } from '../helpers/engine-project.js';
import { startStudioProcess, StudioClient } from '../studio/studio-process.js';
import { postgresEngine, withDbPrefix } from './lifecycle-engines.js';

// The data tools on a table in a PostgreSQL schema other than `public` (IR name `billing.invoices`):
// export, backup/restore, the SQL branch copy, seed, raw and the studio all address it schema-qualified.
// A public table of the same local name (`invoices`) makes a name that lost its schema visible.

const engine = withDbPrefix(postgresEngine, 'dt');

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

const SCHEMA = `CREATE SCHEMA billing;
CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE invoices (id serial PRIMARY KEY, label text NOT NULL);
CREATE TABLE billing.invoices (
  id serial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  amount integer NOT NULL CHECK (amount > 0),
  note text
);
CREATE TABLE billing.lines (
  invoice_id integer NOT NULL REFERENCES billing.invoices (id),
  n integer NOT NULL,
  PRIMARY KEY (invoice_id, n)
);
`;

const ROWS = [
  "INSERT INTO users (email) VALUES ('a@x.test'), ('b@x.test')",
  "INSERT INTO invoices (label) VALUES ('public one')",
  "INSERT INTO billing.invoices (user_id, amount, note) VALUES (1, 100, 'first'), (2, 250, NULL), (1, 75, 'third')",
  'INSERT INTO billing.lines (invoice_id, n) VALUES (1, 1), (1, 2), (3, 1)',
];

async function project(extra = ''): Promise<EngineProject> {
  const p = await newEngineProject(engine, cleanups);
  p.write('db/schema/schema.sql', SCHEMA + extra);
  expectOk(await p.flash('migrate', 'init'));
  expectOk(await p.flash('apply'));
  return p;
}

async function freshDatabase(): Promise<string> {
  const dialect = await loadDialect('postgresql');
  const url = dialect.databases.urlFor(PG_URL, uniqueDbName('dt'));
  await dialect.databases.create(url);
  cleanups.push(() => dialect.databases.drop(url));
  return url;
}

const INVOICE_ROWS = 'SELECT id, user_id, amount, note FROM billing.invoices ORDER BY id';

describe('data tools on a table in a PostgreSQL schema other than public', () => {
  let p: EngineProject;
  beforeAll(async () => {
    p = await project();
    for (const s of ROWS) await p.sql(s);
  });

  it('export json, csv and sqlite carry billing.invoices and billing.lines next to the public tables', async () => {
    expectOk(await p.flash('export', '--format', 'json'));
    const out = path.join(p.dir, 'db/export');
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.tables).toEqual(
      expect.arrayContaining([
        { table: 'billing.invoices', file: 'billing.invoices.json', rows: 3 },
        { table: 'billing.lines', file: 'billing.lines.json', rows: 3 },
        { table: 'invoices', file: 'invoices.json', rows: 1 },
      ]),
    );
    const invoices = JSON.parse(readFileSync(path.join(out, 'billing.invoices.json'), 'utf8'));
    expect(invoices.map((r: { amount: number; note: string | null }) => [r.amount, r.note])).toEqual([
      [100, 'first'],
      [250, null],
      [75, 'third'],
    ]);

    expectOk(await p.flash('export', '--format', 'csv', '--out', 'csv', '--tables', 'billing.invoices'));
    expect(readFileSync(path.join(p.dir, 'csv/billing.invoices.csv'), 'utf8').split('\r\n')[0]).toBe('id,user_id,amount,note');

    expectOk(await p.flash('export', '--format', 'sqlite', '--out', 'lite'));
    const lite = new Database(path.join(p.dir, 'lite/export.sqlite'), { readonly: true });
    try {
      expect(lite.prepare('SELECT amount FROM "billing.invoices" ORDER BY id').all()).toEqual([
        { amount: 100 },
        { amount: 250 },
        { amount: 75 },
      ]);
      const fks = lite.prepare(`SELECT "table" AS t FROM pragma_foreign_key_list('billing.lines')`).all();
      expect(fks).toEqual([{ t: 'billing.invoices' }]);
    } finally {
      lite.close();
    }
  });

  it('backup → restore into a fresh database, and the SQL branch copy: same rows, sequences continue', async () => {
    const file = path.join(p.dir, 'app.flash-backup.gz');
    const made = await p.flash('backup', '--out', file, '--json');
    expectOk(made);
    expect(JSON.parse(made.stdout)).toMatchObject({ rows: 2 + 1 + 3 + 3 });
    const before = await p.sql(INVOICE_ROWS);

    const target = await freshDatabase();
    const restored = await runFlash(['--cwd', p.dir, 'restore', file, '--json'], { cwd: os.tmpdir(), env: { DATABASE_URL: target } });
    expectOk(restored);
    const copy = await freshDatabase();
    await copyDatabaseContents(p.url, copy);

    const dialect = await loadDialect('postgresql');
    for (const url of [target, copy]) {
      const conn = await dialect.connect(url);
      try {
        expect(await conn.query(INVOICE_ROWS), url).toEqual(before);
        expect(await conn.query('SELECT count(*)::int AS n FROM billing.lines'), url).toEqual([{ n: 3 }]);
        // the serial of billing.invoices continues after the copied ids (not the public invoices' sequence)
        expect(await conn.query('INSERT INTO billing.invoices (user_id, amount) VALUES (2, 5) RETURNING id'), url).toEqual([{ id: 4 }]);
        expect(await conn.query("INSERT INTO invoices (label) VALUES ('x') RETURNING id"), url).toEqual([{ id: 2 }]);
      } finally {
        await conn.close();
      }
    }
    const status = JSON.parse(
      (await runFlash(['--cwd', p.dir, 'status', '--json'], { cwd: os.tmpdir(), env: { DATABASE_URL: target } })).stdout,
    );
    expect(status.inSync).toBe(true);
  });

  it('raw reads a schema-qualified table', async () => {
    const res = await p.flash('raw', '-q', 'SELECT amount FROM billing.invoices ORDER BY id', '--json');
    expectOk(res);
    expect(JSON.parse(res.stdout).results[0].rows).toEqual([{ amount: 100 }, { amount: 250 }, { amount: 75 }]);
  });
});

describe('flash seed on a table in another schema', () => {
  it('generates rows for billing.invoices and billing.lines, and loads a JSON seed file keyed billing.invoices', async () => {
    // enums outside public, one of them spelled with capitals: flash seed draws their labels
    const p = await project(`CREATE SCHEMA lookup;
CREATE TYPE lookup.size AS ENUM ('s', 'm');
CREATE TYPE lookup."Mood" AS ENUM ('ok', 'meh');
CREATE TABLE billing.tags (id serial PRIMARY KEY, size lookup.size NOT NULL, mood lookup."Mood" NOT NULL);
`);
    p.write(
      'db/seeds/01-users.json',
      JSON.stringify({ users: [{ email: 'seed@x.test' }], 'billing.invoices': [{ user_id: 1, amount: 9 }] }),
    );
    const r = await p.flash('seed', '--count', '20', '--seed', '7');
    expectOk(r);
    expect(r.stdout).toContain('billing.invoices: 20 row(s)');
    expect(r.stdout).toContain('billing.lines: 20 row(s)');
    expect(await p.count('billing.invoices')).toBe(21);
    expect(await p.count('billing.lines')).toBe(20);
    expect(await p.count('invoices')).toBe(20);
    expect(await p.sql('SELECT amount FROM billing.invoices WHERE id = 1')).toEqual([{ amount: 9 }]);
    expect(await p.count('billing.lines l LEFT JOIN billing.invoices i ON i.id = l.invoice_id WHERE i.id IS NULL')).toBe(0);
    expect(await p.sql('SELECT DISTINCT size::text AS s FROM billing.tags ORDER BY 1')).toEqual([{ s: 'm' }, { s: 's' }]);
    expect(await p.sql('SELECT DISTINCT mood::text AS m FROM billing.tags ORDER BY 1')).toEqual([{ m: 'meh' }, { m: 'ok' }]);

    const only = await p.flash('seed', '--count', '5', '--table', 'billing.invoices', '--no-files');
    expectOk(only);
    expect(await p.count('billing.invoices')).toBe(26);
  });
});

describe('flash studio API on a table in another schema', () => {
  it('lists, pages, updates, inserts and deletes rows of billing.invoices; the schema form edits it', async () => {
    const p = await project();
    for (const s of ROWS) await p.sql(s);
    const studio = await startStudioProcess(p.dir, { DATABASE_URL: p.url });
    try {
      const api = new StudioClient(studio.origin);
      const { body } = await api.get('/api/tables');
      const byName = Object.fromEntries(body.tables.map((t: { name: string }) => [t.name, t]));
      expect(byName['billing.invoices'].rows).toBe(3);
      expect(byName['billing.lines'].foreignKeys[0]).toMatchObject({ referencedTable: 'billing.invoices' });
      expect(byName.invoices.rows).toBe(1);

      const page = await api.post('/api/rows', { table: 'billing.invoices', limit: 2, sort: { column: 'amount' } });
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.rows).toEqual([
        [3, 1, 75, 'third'],
        [1, 1, 100, 'first'],
      ]);
      const filtered = await api.post('/api/rows', { table: 'billing.invoices', filters: { note: 'FIR' } });
      expect(filtered.body.rows).toEqual([[1, 1, 100, 'first']]);

      const updated = await api.post('/api/rows/update', {
        table: 'billing.invoices',
        original: { id: 2, user_id: 2, amount: 250, note: null },
        changes: { note: 'paid' },
      });
      expect(updated.status, JSON.stringify(updated.body)).toBe(200);
      expect(updated.body.row).toEqual({ id: 2, user_id: 2, amount: 250, note: 'paid' });

      const ins = await api.post('/api/rows/insert', { table: 'billing.invoices', values: { user_id: '2', amount: '42' } });
      expect(ins.status, JSON.stringify(ins.body)).toBe(200);
      expect(await p.sql('SELECT id, amount FROM billing.invoices WHERE amount = 42')).toEqual([{ id: 4, amount: 42 }]);
      const del = await api.post('/api/rows/delete', {
        table: 'billing.invoices',
        original: { id: 4, user_id: 2, amount: 42, note: null },
      });
      expect(del.status, JSON.stringify(del.body)).toBe(200);
      expect(await p.count('billing.invoices')).toBe(3);
      expect(await p.sql('SELECT label FROM invoices')).toEqual([{ label: 'public one' }]);

      // the schema form adds a column to billing.invoices, not to the public invoices
      const edit = { kind: 'column', table: 'billing.invoices', column: { name: 'paid_at', type: 'timestamptz', nullable: true } };
      const preview = await api.post('/api/schema/preview', { edit });
      expect(preview.status, JSON.stringify(preview.body)).toBe(200);
      expect(preview.body.diff).toContain('-  note text\n+  note text,\n+  paid_at timestamptz\n');
      const applied = await api.post('/api/schema/apply', { edit, beforeHash: preview.body.beforeHash });
      expect(applied.status, JSON.stringify(applied.body)).toBe(200);
      const migration = p.read(`db/migrations/${p.migrations().at(-1)!}`);
      expect(migration).toContain('ALTER TABLE billing.invoices ADD COLUMN paid_at timestamptz');
    } finally {
      expect(await studio.stop()).toBe(0);
    }
  });
});
