import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFlash, tempDir } from '../helpers/cli.js';
import { PG_URL } from '../helpers/db-urls.js';
import { expectOk, newEngineProject, type EngineProject, migrateAndApply, migrationDdl, chainHead } from '../helpers/engine-project.js';
import { postgresEngine, withDbPrefix } from './lifecycle-engines.js';

// PostgreSQL objects once refused as unmodelled (issue #11): EXCLUDE constraints, collations and
// storage options (reloptions) of tables and materialized views. Each goes through
// migrate → apply → status in sync → pull into an empty repository reproduces the snapshot →
// a change migrates exactly it → removing it migrates exactly its drop → Down twice restores both.

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

/** The server engine with this suite's database prefix (pgobj_), shadow on the server. */
const engine = withDbPrefix(postgresEngine, 'pgobj');

interface Step {
  schema: string;
  /** the DDL statements of the Up section (lines starting with CREATE / ALTER / DROP / COMMENT) */
  up: string[];
  rows: unknown[];
}

interface Case {
  name: string;
  schema: string;
  catalog: string;
  rows: unknown[];
  changed: Step;
  removed: Step;
}

async function lifecycle(c: Case): Promise<void> {
  const p = await newEngineProject(engine, cleanups);
  p.write('db/schema/schema.sql', c.schema);
  await migrateAndApply(p, 'with');
  expect(await p.sql(c.catalog)).toEqual(c.rows);

  // pull into an empty repository on the same database: the same snapshot, and nothing to migrate
  const dir = tempDir('flash-pgobj-pull-');
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  const q = (...args: string[]) => runFlash(['--cwd', dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: p.url } });
  expectOk(await q('init', '--postgresql'));
  const configFile = path.join(dir, 'flash.config.json');
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  config.database.shadow_url = PG_URL;
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  expectOk(await q('pull'));
  expect(await chainHead(q)).toBe(await chainHead(p.flash));
  const again = await q('migrate', 'nothing');
  expectOk(again);
  expect(again.stdout).toMatch(/no changes/i);

  p.write('db/schema/schema.sql', c.changed.schema);
  const changed = await migrateAndApply(p, 'changed');
  expect(migrationDdl(p, changed)).toEqual(c.changed.up);
  expect(await p.sql(c.catalog)).toEqual(c.changed.rows);

  p.write('db/schema/schema.sql', c.removed.schema);
  const removed = await migrateAndApply(p, 'removed');
  expect(migrationDdl(p, removed)).toEqual(c.removed.up);
  expect(await p.sql(c.catalog)).toEqual(c.removed.rows);

  expectOk(await p.flash('down', '--yes'));
  expect(await p.sql(c.catalog)).toEqual(c.changed.rows);
  expectOk(await p.flash('down', '--yes'));
  expect(await p.sql(c.catalog)).toEqual(c.rows);
}

const bookings = (constraint: string) =>
  'CREATE EXTENSION btree_gist;\n' +
  'CREATE TABLE bookings (\n  id integer PRIMARY KEY,\n  room integer NOT NULL,\n  during tsrange NOT NULL' +
  (constraint ? `,\n  ${constraint}` : '') +
  '\n);\n';

const cases: Case[] = [
  {
    name: 'EXCLUDE constraint (WHERE, DEFERRABLE; a change is drop + add)',
    schema: bookings('CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (room > 0) DEFERRABLE'),
    catalog: "select conname, pg_get_constraintdef(oid) as def from pg_constraint where contype = 'x' order by 1",
    rows: [{ conname: 'no_overlap', def: 'EXCLUDE USING gist (room WITH =, during WITH &&) WHERE ((room > 0)) DEFERRABLE' }],
    changed: {
      schema: bookings('CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)'),
      up: [
        'ALTER TABLE public.bookings DROP CONSTRAINT no_overlap;',
        'ALTER TABLE public.bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);',
      ],
      rows: [{ conname: 'no_overlap', def: 'EXCLUDE USING gist (room WITH =, during WITH &&)' }],
    },
    removed: {
      schema: bookings(''),
      up: ['ALTER TABLE public.bookings DROP CONSTRAINT no_overlap;'],
      rows: [],
    },
  },
  {
    name: 'collations (ICU nondeterministic, copied FROM another): created before the tables using them, dropped after',
    schema:
      "CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\n" +
      'CREATE COLLATION c_copy FROM "C";\n' +
      'CREATE TABLE people (id integer PRIMARY KEY, email text COLLATE case_insensitive, code text COLLATE c_copy);\n',
    catalog: "select collname, collprovider, collisdeterministic from pg_collation where collnamespace = 'public'::regnamespace order by 1",
    rows: [
      { collname: 'c_copy', collprovider: 'c', collisdeterministic: true },
      { collname: 'case_insensitive', collprovider: 'i', collisdeterministic: false },
    ],
    changed: {
      schema:
        "CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\n" +
        'CREATE TABLE people (id integer PRIMARY KEY, email text COLLATE case_insensitive, code text);\n',
      up: ['ALTER TABLE people ALTER COLUMN code TYPE text COLLATE "default";', 'DROP COLLATION public.c_copy;'],
      rows: [{ collname: 'case_insensitive', collprovider: 'i', collisdeterministic: false }],
    },
    removed: {
      schema: '',
      up: ['DROP TABLE people;', 'DROP COLLATION public.case_insensitive;'],
      rows: [],
    },
  },
  {
    name: 'storage options of a table and a materialized view (SET / RESET in place)',
    schema:
      'CREATE TABLE packed (id integer PRIMARY KEY, v text) WITH (fillfactor = 70, autovacuum_enabled = false);\n' +
      'CREATE MATERIALIZED VIEW packed_ids WITH (fillfactor = 50) AS SELECT id FROM packed;\n',
    catalog:
      "select relname, array(select unnest(reloptions) order by 1)::text[] as options from pg_class where relname like 'packed%' and relkind in ('r', 'm') order by 1",
    rows: [
      { relname: 'packed', options: ['autovacuum_enabled=false', 'fillfactor=70'] },
      { relname: 'packed_ids', options: ['fillfactor=50'] },
    ],
    changed: {
      schema:
        'CREATE TABLE packed (id integer PRIMARY KEY, v text) WITH (fillfactor = 80);\n' +
        'CREATE MATERIALIZED VIEW packed_ids WITH (fillfactor = 60) AS SELECT id FROM packed;\n',
      up: [
        'ALTER TABLE packed SET (fillfactor = 80);',
        'ALTER TABLE packed RESET (autovacuum_enabled);',
        'ALTER MATERIALIZED VIEW packed_ids SET (fillfactor = 60);',
      ],
      rows: [
        { relname: 'packed', options: ['fillfactor=80'] },
        { relname: 'packed_ids', options: ['fillfactor=60'] },
      ],
    },
    removed: {
      schema: 'CREATE TABLE packed (id integer PRIMARY KEY, v text);\nCREATE MATERIALIZED VIEW packed_ids AS SELECT id FROM packed;\n',
      up: ['ALTER TABLE packed RESET (fillfactor);', 'ALTER MATERIALIZED VIEW packed_ids RESET (fillfactor);'],
      rows: [
        { relname: 'packed', options: [] },
        { relname: 'packed_ids', options: [] },
      ],
    },
  },
];

describe('PostgreSQL EXCLUDE constraints, collations and storage options, modelled end to end', () => {
  for (const c of cases) it(c.name, () => lifecycle(c));
});

describe('the embedded PGlite shadow and collations', () => {
  async function embedded(): Promise<EngineProject> {
    const p = await newEngineProject(engine, cleanups);
    const file = path.join(p.dir, 'flash.config.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    delete config.database.shadow_url;
    writeFileSync(file, JSON.stringify(config, null, 2));
    return p;
  }

  it('an ICU collation is refused with E_SHADOW_UNSUPPORTED naming shadow_url (PGlite has no working ICU)', async () => {
    const p = await embedded();
    p.write('db/schema/schema.sql', "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\n");
    const r = await p.flash('--json', 'migrate', 'ci');
    expect(r.code).toBe(1);
    const err = JSON.parse(r.stdout || r.stderr).error;
    expect(err.code).toBe('E_SHADOW_UNSUPPORTED');
    expect(err.message).toContain('ci');
    expect(err.hint).toContain('shadow_url');
    expect(p.migrations()).toEqual([]);
  });

  it('a libc collation works on PGlite', async () => {
    const p = await embedded();
    p.write('db/schema/schema.sql', 'CREATE COLLATION c_copy FROM "C";\nCREATE TABLE t (code text COLLATE c_copy);\n');
    await migrateAndApply(p, 'c');
    expect(await p.sql("select collname from pg_collation where collnamespace = 'public'::regnamespace")).toEqual([{ collname: 'c_copy' }]);
  });
});
