import { readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';
import { expectOk, newEngineProject } from '../../helpers/engine-project.js';
import { postgresEngine, withDbPrefix } from '../lifecycle-engines.js';
import { PYTHON, runProgram, typecheck } from './gen-helpers.js';

// flash gen on tables and enums in a PostgreSQL schema other than public: `billing.invoices` and
// `lookup.mood` next to a public `invoices` and a public `mood` of the same local names. Types come
// from the right object (nullability of a parameter, enum labels) and the two enums stay two types.

const engine = withDbPrefix(postgresEngine, 'dt');
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

const SCHEMA = `CREATE SCHEMA billing;
CREATE SCHEMA lookup;
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TYPE lookup.mood AS ENUM ('ok', 'meh');
CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);
CREATE TABLE invoices (id serial PRIMARY KEY, note text NOT NULL, mood mood NOT NULL);
CREATE TABLE billing.invoices (
  id serial PRIMARY KEY,
  user_id integer REFERENCES users (id),
  amount integer NOT NULL,
  note text,
  mood lookup.mood NOT NULL
);
`;

const QUERIES = `-- name: CreateInvoice :one
INSERT INTO billing.invoices (user_id, amount, note, mood) VALUES ($1, $2, $3, $4) RETURNING id, note, mood;

-- name: InvoicesWithUsers :many
SELECT i.id, i.note, i.mood, u.email
FROM billing.invoices i
LEFT JOIN public.users u ON u.id = i.user_id
ORDER BY i.id;

-- name: BillingNotes :many
SELECT invoices.note FROM billing.invoices WHERE invoices.mood = $1 ORDER BY invoices.id;

-- name: PublicInvoices :many
SELECT id, note, mood FROM invoices ORDER BY id;
`;

const usage = `
import pg from 'pg';
import { createInvoice, invoicesWithUsers, publicInvoices, type LookupMood, type Mood } from './flash_gen/index.js';
const pool = new pg.Pool();
const m: LookupMood = 'meh';
const inv = await createInvoice(pool, { user_id: null, amount: 1, note: null, mood: m });
const note: string | null | undefined = inv?.note;
const rows = await invoicesWithUsers(pool);
const email: string | null = rows[0]!.email;
const pub: Mood = (await publicInvoices(pool))[0]!.mood;
export { note, email, pub };
`;

describe('flash gen on PostgreSQL objects outside public', () => {
  it('types billing.invoices and lookup.mood from their own schema, next to public namesakes', { timeout: 600_000 }, async () => {
    const p = await newEngineProject(engine, cleanups);
    const config = JSON.parse(p.read('flash.config.json'));
    config.queries = 'db/queries/';
    config.gen = {
      js: { enabled: true, out: 'flash_gen' },
      python: { enabled: true, out: 'flash_py' },
      go: { enabled: true, out: 'flash_go', package: 'db' },
    };
    p.write('flash.config.json', JSON.stringify(config, null, 2));
    p.write('db/schema/schema.sql', SCHEMA);
    p.write('db/queries/invoices.sql', QUERIES);
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(p.dir, 'node_modules'));
    const res = await p.flash('gen');
    expectOk(res);

    const dts = readFileSync(path.join(p.dir, 'flash_gen/index.d.ts'), 'utf8');
    expect(dts).toContain('export type LookupMood = "ok" | "meh";');
    expect(dts).toContain('export type Mood = "happy" | "sad";');
    // billing.invoices.note is nullable (public invoices.note is not), user_id too
    expect(dts).toMatch(
      /interface CreateInvoiceParams \{\n {2}user_id: number \| null;\n {2}amount: number;\n {2}note: string \| null;\n {2}mood: LookupMood;\n\}/,
    );
    expect(dts).toMatch(
      /interface InvoicesWithUsersRow \{\n {2}id: number;\n {2}note: string \| null;\n {2}mood: LookupMood;\n {2}email: string \| null;\n\}/,
    );
    expect(dts).toMatch(/interface BillingNotesParams \{\n {2}mood: LookupMood;\n\}/);
    expect(dts).toMatch(/interface PublicInvoicesRow \{\n {2}id: number;\n {2}note: string;\n {2}mood: Mood;\n\}/);

    const py = readFileSync(path.join(p.dir, 'flash_py/__init__.py'), 'utf8');
    expect(py).toContain(`LookupMood = Literal["ok", "meh"]`);
    expect(py).toContain(`Mood = Literal["happy", "sad"]`);
    expect(await runProgram(PYTHON, ['-m', 'py_compile', 'flash_py/__init__.py'], { cwd: p.dir })).toEqual({ code: 0, output: '' });
    const go = readFileSync(path.join(p.dir, 'flash_go/models.go'), 'utf8');
    expect(go).toMatch(/type LookupMood string\n\nconst \(\n\tLookupMoodOk +LookupMood = "ok"/);
    expect(go).toMatch(/type Mood string\n\nconst \(\n\tMoodHappy +Mood = "happy"/);

    const compiled = await typecheck(p.dir, 'use.mts', usage);
    expect(compiled.output).toBe('');
    expect(compiled.code).toBe(0);

    // the generated functions run against a database holding the schema
    expectOk(await p.flash('migrate', 'init'));
    expectOk(await p.flash('apply'));
    await p.sql("INSERT INTO users (email) VALUES ('a@x.test')");
    await p.sql("INSERT INTO invoices (note, mood) VALUES ('public', 'sad')");
    const q = await import(pathToFileURL(path.join(p.dir, 'flash_gen/index.js')).href);
    const pool = new pg.Pool({ connectionString: p.url, max: 1 });
    try {
      expect(await q.createInvoice(pool, { user_id: 1, amount: 5, note: null, mood: 'meh' })).toEqual({ id: 1, note: null, mood: 'meh' });
      expect(await q.invoicesWithUsers(pool)).toEqual([{ id: 1, note: null, mood: 'meh', email: 'a@x.test' }]);
      expect(await q.billingNotes(pool, { mood: 'meh' })).toEqual([{ note: null }]);
      expect(await q.publicInvoices(pool)).toEqual([{ id: 1, note: 'public', mood: 'sad' }]);
    } finally {
      await pool.end();
    }
  });
});
