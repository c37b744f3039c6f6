import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFlash, tempDir, type CliResult } from '../helpers/cli.js';
import { expectOk, newEngineProject, type EngineProject, migrateAndApply } from '../helpers/engine-project.js';
import { postgresEngine, withDbPrefix } from './lifecycle-engines.js';

// Domains and composite types are part of the model: created before the tables that use them,
// changed in place with ALTER, dropped after their users, pulled, and restored by Down.

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

/** The server engine with this suite's database prefix (pt_), shadow on the server. */
const engine = withDbPrefix(postgresEngine, 'pt');

const SCHEMA = `CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE DOMAIN positive_int AS integer DEFAULT 1 NOT NULL CONSTRAINT positive CHECK (VALUE > 0);
CREATE DOMAIN email AS text CHECK (VALUE ~ '@');
CREATE DOMAIN feeling AS mood;
CREATE TYPE address AS (street text, city varchar(40), zip email);
CREATE TYPE shipment AS (dest address, weight numeric(8,2));
CREATE TABLE orders (id serial PRIMARY KEY, qty positive_int, contact email, ship shipment, tags email[], f feeling);
`;

function up(p: EngineProject, migration: string): string {
  return p.read(`db/migrations/${migration}`).split('-- +migrate Down')[0];
}

async function typeNames(p: EngineProject): Promise<string[]> {
  const rows = await p.sql<{ typname: string }>(
    "select t.typname from pg_type t where t.typnamespace = 'public'::regnamespace and (t.typtype = 'd' or (t.typtype = 'c' and exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind = 'c'))) order by 1",
  );
  return rows.map((r) => r.typname);
}

describe('PostgreSQL domains and composite types', () => {
  it('migrate creates them before the tables, apply works, status is clean, and pull reproduces the same snapshot', async () => {
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/schema.sql', SCHEMA);
    const file = await migrateAndApply(p, 'types');
    const sql = up(p, file);
    const at = (s: string) => sql.indexOf(s);
    expect(at('CREATE DOMAIN positive_int AS integer DEFAULT 1 NOT NULL CONSTRAINT positive CHECK (VALUE > 0)')).toBeGreaterThan(-1);
    expect(at('CREATE TYPE address AS (street text, city varchar(40), zip email)')).toBeGreaterThan(at('CREATE DOMAIN email'));
    expect(at('CREATE DOMAIN feeling AS mood')).toBeGreaterThan(at('CREATE TYPE mood'));
    expect(at('CREATE TYPE shipment')).toBeGreaterThan(at('CREATE TYPE address'));
    expect(at('CREATE TABLE orders')).toBeGreaterThan(at('CREATE TYPE shipment'));
    expect(await typeNames(p)).toEqual(['address', 'email', 'feeling', 'positive_int', 'shipment']);

    // pull into an empty repository on the same database: the same snapshot, and nothing to migrate
    const dir = tempDir('flash-pt-pull-');
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    const q = (...args: string[]) => runFlash(['--cwd', dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: p.url } });
    expectOk(await q('init', '--postgresql'));
    expectOk(await q('pull'));
    const pulled = readFileSync(path.join(dir, 'db/schema/schema.sql'), 'utf8');
    expect(pulled).toContain('CREATE DOMAIN positive_int AS integer DEFAULT 1 NOT NULL CONSTRAINT positive CHECK (VALUE > 0)');
    expect(pulled).toContain('CREATE TYPE shipment AS (dest address, weight numeric(8,2))');
    const head = async (run: (...args: string[]) => Promise<CliResult>) =>
      (JSON.parse((await run('--json', 'status')).stdout) as { chainHead: string }).chainHead;
    expect(await head(q)).toBe(await head(p.flash));
    const again = await q('migrate', 'nothing');
    expectOk(again);
    expect(again.stdout).toMatch(/no changes/i);
  });

  it('changes domains and composite types in place, and Down restores them', async () => {
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/schema.sql', SCHEMA);
    await migrateAndApply(p, 'types');
    await p.sql("insert into orders (qty, contact, ship) values (5, 'a@b', row(row('s', 'c', 'x@y'), 1.5))");
    p.write(
      'db/schema/schema.sql',
      SCHEMA.replace(
        'DEFAULT 1 NOT NULL CONSTRAINT positive CHECK (VALUE > 0)',
        'DEFAULT 2 CONSTRAINT positive CHECK (VALUE >= 1) CHECK (VALUE < 1000)',
      ).replace('zip email)', 'zip email, country text)'),
    );
    const file = await migrateAndApply(p, 'change types');
    const sql = up(p, file);
    expect(sql).toContain('ALTER DOMAIN positive_int DROP CONSTRAINT positive');
    expect(sql).toContain('ALTER DOMAIN positive_int ADD CONSTRAINT positive CHECK (VALUE >= 1)');
    expect(sql).toContain('ALTER DOMAIN positive_int DROP NOT NULL');
    expect(sql).toContain('ALTER TYPE address ADD ATTRIBUTE country text');
    expect(sql).not.toMatch(/DROP (DOMAIN|TYPE)/);
    expect(await p.count('orders')).toBe(1);

    expectOk(await p.flash('down', '--yes'));
    const [d] = await p.sql<{ typnotnull: boolean; typdefault: string }>(
      "select typnotnull, typdefault from pg_type where typname = 'positive_int'",
    );
    expect(d).toEqual({ typnotnull: true, typdefault: '1' });
    expect((await p.sql("select 1 from pg_attribute where attrelid = 'address'::regclass and attname = 'country'")).length).toBe(0);
  });

  it('removing a type yields a migration that drops exactly it, after its users; Down restores it', async () => {
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/schema.sql', SCHEMA);
    await migrateAndApply(p, 'types');
    const noFeeling = SCHEMA.replace('CREATE DOMAIN feeling AS mood;\n', '').replace(', f feeling', '');
    p.write('db/schema/schema.sql', noFeeling);
    const sql = up(p, await migrateAndApply(p, 'no feeling'));
    expect(sql.match(/^(DROP|CREATE|ALTER) .*$/gm)).toEqual(['ALTER TABLE orders DROP COLUMN f;', 'DROP DOMAIN feeling;']);
    expect(await typeNames(p)).toEqual(['address', 'email', 'positive_int', 'shipment']);
    expectOk(await p.flash('down', '--yes'));
    expect(await typeNames(p)).toEqual(['address', 'email', 'feeling', 'positive_int', 'shipment']);
    expectOk(await p.flash('apply'));

    p.write('db/schema/schema.sql', noFeeling.replace(/CREATE TYPE shipment[^\n]*\n/, '').replace(', ship shipment', ''));
    const drop = up(p, await migrateAndApply(p, 'no shipment'));
    expect(drop.match(/^(DROP|CREATE|ALTER) .*$/gm)).toEqual(['ALTER TABLE orders DROP COLUMN ship;', 'DROP TYPE shipment;']);
    expectOk(await p.flash('down', '--yes'));
    expect(await typeNames(p)).toContain('shipment');
  });
});
