import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/dialects/postgres/split-statements.js';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';
import { legacyFixtureProject } from '../helpers/legacy-fixture.js';
import { expectOk, newEngineProject, upStatements } from '../helpers/engine-project.js';
import { postgresEngine, withDbPrefix } from './lifecycle-engines.js';

// Issue 11, fidelity: a default written `CURRENT_TIMESTAMP` stays `CURRENT_TIMESTAMP` (PostgreSQL stores
// it so, apart from `now()`), so the database Flash builds from db/schema has the catalog the files
// describe. Snapshots an earlier Flash recorded spelled it `now()`; a database that really says
// `CURRENT_TIMESTAMP` (built from the files directly, or by another tool) still matches them.

const engine = withDbPrefix(postgresEngine, 'flash_spell');
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

const schema = `CREATE TABLE posts (
  id serial PRIMARY KEY,
  title text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamptz DEFAULT now(),
  published_on date DEFAULT CURRENT_DATE,
  seen_at timestamp(3) DEFAULT LOCALTIMESTAMP(3),
  stamped_at timestamptz DEFAULT CURRENT_TIMESTAMP(3)
);
`;

/** pg_dump --schema-only without Flash's own tables and the dump's header comments. */
function dump(url: string): string {
  return execFileSync('pg_dump', ['--schema-only', '--no-owner', '-T', '_flash_*', url], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => !line.startsWith('--') && !line.startsWith('\\restrict') && !line.startsWith('\\unrestrict'))
    .join('\n');
}

/** A database built by running `sql` directly, the way a user (or another tool) would. */
async function builtDirectly(sql: string): Promise<string> {
  const db = await engine.createDatabase(tempDir('flash-spell-direct-'));
  cleanups.push(db.drop);
  execFileSync('psql', ['-v', 'ON_ERROR_STOP=1', '-q', '-d', db.url, '-c', sql]);
  return db.url;
}

const liveDefault = async (url: string, column: string): Promise<string> =>
  execFileSync(
    'psql',
    [
      '-At',
      '-d',
      url,
      '-c',
      `select pg_get_expr(d.adbin, d.adrelid) from pg_attrdef d join pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum where d.adrelid = 'posts'::regclass and a.attname = '${column}'`,
    ],
    { encoding: 'utf8' },
  ).trim();

/** The project in test/fixtures/legacy-now-spelling, written by Flash 113c538 (which recorded `CURRENT_TIMESTAMP` as `now()`). */
const legacyProject = (url: string) => legacyFixtureProject('legacy-now-spelling', url, engine.serverShadowUrl);

describe('PostgreSQL default spelling (CURRENT_TIMESTAMP is not rewritten as now())', () => {
  it('the database Flash builds from db/schema dumps like the one the files build directly', async () => {
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/posts.sql', schema);
    expectOk(await p.flash('migrate', 'posts'));
    expect(upStatements(p, splitStatements).join('\n')).toContain('DEFAULT CURRENT_TIMESTAMP NOT NULL');
    expectOk(await p.flash('apply'));
    const st = await p.flash('status');
    expectOk(st);
    expect(st.stdout).toContain('in sync');
    expect(await liveDefault(p.url, 'created_at')).toBe('CURRENT_TIMESTAMP');
    expect(await liveDefault(p.url, 'updated_at')).toBe('now()');
    expect(dump(p.url)).toBe(dump(await builtDirectly(schema)));
  });

  it('a project an earlier Flash migrated (now() recorded) gets one migration that brings the spelling back', async () => {
    const db = await engine.createDatabase(tempDir('flash-spell-db-'));
    cleanups.push(db.drop);
    const { dir, flash } = legacyProject(db.url);
    expectOk(await flash('apply'));
    expect(await liveDefault(db.url, 'created_at')).toBe('now()');
    const before = await flash('status');
    expectOk(before);
    expect(before.stdout).toContain('schema: in sync with the applied migrations (');
    // db/schema says CURRENT_TIMESTAMP: that is a change from what was recorded, migrated like any other
    const m = await flash('migrate', 'spelling');
    expectOk(m);
    const file = readFileSync(path.join(dir, 'db/migrations', m.stdout.match(/Wrote db\/migrations\/(\S+\.sql)/)![1]), 'utf8');
    expect(file).toMatch(/ALTER TABLE "?posts"? ALTER COLUMN "?created_at"? SET DEFAULT CURRENT_TIMESTAMP/);
    expect(file).not.toMatch(/updated_at/);
    expectOk(await flash('apply'));
    expect(await liveDefault(db.url, 'created_at')).toBe('CURRENT_TIMESTAMP');
    const after = await flash('status');
    expectOk(after);
    expect(after.stdout).toContain('schema: in sync with the applied migrations (');
    expect(dump(db.url)).toBe(dump(await builtDirectly(readFileSync(path.join(dir, 'db/schema/posts.sql'), 'utf8'))));
  });

  it('a database that says CURRENT_TIMESTAMP matches a snapshot an earlier Flash recorded as now()', async () => {
    const fixtureSchema = readFileSync(path.join(REPO_ROOT, 'test/fixtures/legacy-now-spelling/db/schema/posts.sql'), 'utf8');
    const url = await builtDirectly(fixtureSchema);
    const {
      flash,
      lockedMigrations: [migration],
    } = legacyProject(url);
    // recorded as applied: the database already is what the migration makes, spelling aside
    expectOk(await flash('apply', '--mark-applied', migration));
    const st = await flash('status');
    expectOk(st);
    expect(st.stdout).toContain('schema: in sync with the applied migrations (');
    expect(st.stdout + st.stderr).not.toMatch(/drift|differs/i);
    // a new migration applies and is verified on it, and its Down brings it back
    expectOk(await flash('migrate', 'spelling'));
    expectOk(await flash('apply'));
    expect((await flash('status')).stdout).toContain('schema: in sync with the applied migrations (');
    expectOk(await flash('down', '--yes'));
    const down = await flash('status');
    expectOk(down);
    expect(down.stdout).toContain('schema: in sync with the applied migrations (');
  });

  it('switching a branch onto such a database (never recorded) leaves it as it is', async () => {
    const fixtureSchema = readFileSync(path.join(REPO_ROOT, 'test/fixtures/legacy-now-spelling/db/schema/posts.sql'), 'utf8');
    const url = await builtDirectly(fixtureSchema);
    const { flash } = legacyProject(url);
    const co = await flash('checkout', 'main', '--json');
    expectOk(co);
    const result = JSON.parse(co.stdout) as { action: string; from: string; to: string };
    expect(result.action).toBe('none');
    expect(result.from).toBe(result.to);
    expect(await liveDefault(url, 'created_at')).toBe('CURRENT_TIMESTAMP');
    expect(await liveDefault(url, 'updated_at')).toBe('now()');
    // db/schema says CURRENT_TIMESTAMP where the lock recorded now(): said, but not a missing migration
    const check = await flash('check');
    expectOk(check);
    expect(check.stdout + check.stderr).toContain('W_RECORDED_SPELLING');
    expect(check.stdout + check.stderr).not.toContain('E_MISSING_MIGRATION');
  });
});
