import { writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFlash, tempDir } from '../helpers/cli.js';
import { PG_URL, uniqueDbName, withDatabase } from '../helpers/db-urls.js';

// A generated migration that adds an enum label and uses it in the same migration must apply:
// PostgreSQL refuses to use a label inside the transaction that added it.

const name = uniqueDbName('flash_enum');
const url = withDatabase(PG_URL, name);
const dir = tempDir('flash-enum-');
const flash = (...args: string[]) => runFlash(args, { cwd: dir, env: { DATABASE_URL: url } });

async function sql<T = Record<string, unknown>>(text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

const V1 = `CREATE TYPE status AS ENUM ('a', 'b');
CREATE TABLE t (id integer PRIMARY KEY, s status NOT NULL DEFAULT 'a', code integer NOT NULL);
`;
const V2 = `CREATE TYPE status AS ENUM ('a', 'b', 'c');
CREATE TABLE t (id integer PRIMARY KEY, s status NOT NULL DEFAULT 'c', code integer NOT NULL);
CREATE UNIQUE INDEX t_code_key ON t (code);
`;

describe('PostgreSQL: ADD VALUE used later in the same migration', () => {
  it('applies (ADD VALUE runs first); a later failure keeps only the label, and the retry succeeds; down reverts', async () => {
    expect((await flash('init', '--postgresql')).code).toBe(0);
    writeFileSync(path.join(dir, 'db/schema/s.sql'), V1);
    expect((await flash('migrate', 'init')).code).toBe(0);
    expect((await flash('apply')).code).toBe(0);
    await sql(`INSERT INTO t (id, code) VALUES (1, 5), (2, 5)`);

    writeFileSync(path.join(dir, 'db/schema/s.sql'), V2);
    const m = await flash('migrate', 'add c');
    expect(m.code, m.stderr).toBe(0);

    // the unique index trips on the duplicate codes: everything but the ADD VALUE is rolled back
    const failed = await flash('apply');
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('error[E_MIGRATION_FAILED]');
    expect(failed.stderr).toMatch(/rolled back, except statement 1 \(ALTER TYPE … ADD VALUE/);
    expect(await sql(`SELECT unnest(enum_range(NULL::status))::text AS v`)).toEqual([{ v: 'a' }, { v: 'b' }, { v: 'c' }]);
    expect(await sql(`SELECT column_default AS d FROM information_schema.columns WHERE table_name = 't' AND column_name = 's'`)).toEqual([
      { d: "'a'::status" },
    ]);

    await sql(`UPDATE t SET code = id`);
    const retry = await flash('apply');
    expect(retry.code, retry.stderr).toBe(0);
    await sql(`INSERT INTO t (id, code) VALUES (3, 3)`);
    expect(await sql(`SELECT s::text FROM t WHERE id = 3`)).toEqual([{ s: 'c' }]);
    const st = JSON.parse((await flash('status', '--json')).stdout) as { inSync: boolean };
    expect(st.inSync).toBe(true);

    await sql(`DELETE FROM t WHERE id = 3`);
    const down = await flash('down');
    expect(down.code, down.stderr).toBe(0);
    expect(await sql(`SELECT unnest(enum_range(NULL::status))::text AS v`)).toEqual([{ v: 'a' }, { v: 'b' }]);
    const again = await flash('apply');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse((await flash('status', '--json')).stdout).inSync).toBe(true);
  });
});
