import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFlash, tempDir, type CliResult } from '../helpers/cli.js';
import { connectTo, mysqlEngine, postgresEngine, sqliteEngine, type LifecycleEngine } from './lifecycle-engines.js';

// Never silent: whatever db/schema declares or the database holds that Flash does not model is
// refused by name (E_UNSUPPORTED_OBJECT, exit 1, nothing written), or — for pull with
// --skip-unsupported, status and diff live — listed, never passed over.

interface Project {
  dir: string;
  url: string;
  flash(...args: string[]): Promise<CliResult>;
  schema(text: string): void;
  sql(statement: string): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

async function project(engine: LifecycleEngine, options: { embeddedShadow?: boolean } = {}): Promise<Project> {
  const dir = tempDir(`flash-unsup-${engine.provider}-`);
  execFileSync('git', ['init', '-q'], { cwd: dir });
  const db = await engine.createDatabase(dir);
  cleanups.push(db.drop);
  const flash = (...args: string[]) => runFlash(['--cwd', dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: db.url } });
  const init = await flash('init', `--${engine.provider}`);
  expect(init.code, init.stderr).toBe(0);
  if (engine.serverShadowUrl && !options.embeddedShadow) {
    const file = path.join(dir, 'flash.config.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    config.database.shadow_url = engine.serverShadowUrl;
    writeFileSync(file, JSON.stringify(config, null, 2));
  }
  return {
    dir,
    url: db.url,
    flash,
    schema: (text) => {
      mkdirSync(path.join(dir, 'db/schema'), { recursive: true });
      writeFileSync(path.join(dir, 'db/schema/schema.sql'), text);
    },
    sql: async (statement) => {
      const conn = await connectTo(engine.provider, db.url);
      try {
        await conn.exec(statement);
      } finally {
        await conn.close();
      }
    },
  };
}

function migrations(p: Project): string[] {
  const dir = path.join(p.dir, 'db/migrations');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.sql'))
        .sort()
    : [];
}

function refused(r: CliResult, ...mentions: string[]): void {
  expect(r.code, r.stdout + r.stderr).toBe(1);
  expect(r.stderr).toContain('error[E_UNSUPPORTED_OBJECT]');
  for (const m of mentions) expect(r.stderr).toContain(m);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

const USERS = 'CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, title text);\n';

describe('PostgreSQL: db/schema with objects Flash does not model', () => {
  it('declarations are refused with file:line before anything runs; nothing is written', async () => {
    const p = await project(postgresEngine);
    p.schema(
      USERS +
        'CREATE SCHEMA lookup;\n' +
        'CREATE STATISTICS users_stats (\n  ndistinct\n) ON id, email\n  FROM users;\n' +
        'CREATE RULE users_ignore AS ON DELETE TO users DO INSTEAD NOTHING;\n' +
        "CREATE COLLATION lookup.nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\n" +
        "COMMENT ON RULE users_ignore ON users IS 'never delete';\n",
    );
    const before = migrations(p);
    const r = await p.flash('migrate', 'all');
    refused(
      r,
      'db/schema/schema.sql:3 statistics object users_stats',
      'schema.sql:7 rule users_ignore',
      'schema.sql:8 collation lookup.nocase',
      'schema.sql:9 comment users_ignore',
    );
    expect(migrations(p)).toEqual(before);
    // diff and check read db/schema the same way
    refused(await p.flash('diff'), 'rule users_ignore');
  });

  it('attributes hidden inside modelled statements are caught from the shadow catalog', async () => {
    const p = await project(postgresEngine);
    p.schema(
      USERS +
        'CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);\n' +
        "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n" +
        'CREATE TABLE cache (k text PRIMARY KEY, v text);\n' +
        'CREATE TABLE incl (id int, t text, CONSTRAINT incl_id_key UNIQUE (id) INCLUDE (t));\n' +
        'CREATE INDEX users_id_brin ON users USING brin (id int4_minmax_multi_ops(values_per_range = 16));\n' +
        "CREATE TABLE base (id int, v int DEFAULT 1);\nCREATE TABLE derived (w int) INHERITS (base);\nCOMMENT ON COLUMN derived.v IS 'own note';\n" +
        'CREATE TABLE codes (code text);\n' +
        'CREATE TABLE slots (r int4range, EXCLUDE USING gist (r WITH &&));\n' +
        'CREATE TABLE parent (id int);\nCREATE TABLE child (x int) INHERITS (parent);\n' +
        'CREATE MATERIALIZED VIEW mv AS SELECT id FROM users;\nCREATE UNIQUE INDEX mv_id ON mv (id);\n' +
        'CREATE VIEW guarded WITH (security_barrier, check_option = local) AS SELECT id FROM users;\n' +
        'CREATE TABLE packed (id int) WITH (fillfactor = 70);\n' +
        // comments on modelled objects are modelled (issue #11); one on a domain's constraint is not
        "COMMENT ON INDEX mv_id IS 'x';\nCOMMENT ON VIEW guarded IS 'x';\nCOMMENT ON CONSTRAINT slots_r_excl ON slots IS 'x';\n" +
        'CREATE DOMAIN positive_int AS integer CONSTRAINT positive CHECK (VALUE > 0);\n' +
        "COMMENT ON CONSTRAINT positive ON DOMAIN positive_int IS 'x';\n" +
        // the IR names an object of another schema schema.name: a dot inside a name would be ambiguous
        'CREATE TABLE "odd.name" (id int);\n',
    );
    const r = await p.flash('--json', 'migrate', 'all');
    expect(r.code).toBe(1);
    const err = JSON.parse(r.stdout || r.stderr).error;
    expect(err.code).toBe('E_UNSUPPORTED_OBJECT');
    const found = (err.data.objects as Array<{ kind: string; name: string; at?: string }>).map((o) => `${o.kind}: ${o.name} @ ${o.at}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'inherited column setting: derived.v @ db/schema/schema.sql:9',
        'name containing a dot: odd.name @ db/schema/schema.sql:23',
      ]),
    );
    // modelled since issue #11: UNLOGGED, DEFERRABLE keys, INCLUDE on keys, operator class parameters, matview indexes, view options, EXCLUDE, storage options, partitioning, INHERITS
    expect(
      found.filter((f) =>
        /\b(cache|codes|incl_id_key|users_id_brin|mv_id|guarded|slots|slots_r_excl|packed|events|events_2024|parent|child)\b/.test(f),
      ),
    ).toEqual([]);
    expect(found.filter((f) => f.startsWith('comment: '))).toEqual([expect.stringMatching(/^comment: on constraint positive\b/)]);
    expect(migrations(p)).toEqual([]);
  });

  it('the embedded PGlite shadow runs the same catalog check', async () => {
    const p = await project(postgresEngine, { embeddedShadow: true });
    p.schema(
      USERS +
        "CREATE TABLE base (id int, v int DEFAULT 1);\nCREATE TABLE derived (w int) INHERITS (base);\nCOMMENT ON COLUMN derived.v IS 'own note';\n",
    );
    refused(await p.flash('migrate', 'inc'), 'schema.sql:4 inherited column setting derived.v');
  });

  it('pull refuses a database holding a rule, writes nothing; --skip-unsupported pulls the rest and lists what it left out', async () => {
    const p = await project(postgresEngine);
    await p.sql(
      USERS + 'CREATE RULE users_ignore AS ON DELETE TO users DO INSTEAD NOTHING;\nCREATE STATISTICS users_stats ON id, email FROM users;',
    );
    const r = await p.flash('pull');
    refused(r, 'statistics object users_stats', 'rule users_ignore on users', '--skip-unsupported');
    expect(existsSync(path.join(p.dir, 'db/schema/schema.sql'))).toBe(false);
    expect(migrations(p)).toEqual([]);

    const skip = await p.flash('pull', '--skip-unsupported');
    expect(skip.code, skip.stderr).toBe(0);
    expect(skip.stderr).toContain('warning[W_UNMODELLED]: left out 2 object(s)');
    expect(skip.stderr).toContain('rule users_ignore on users');
    const written = readFileSync(path.join(p.dir, 'db/schema/schema.sql'), 'utf8');
    expect(written).toContain('--   rule users_ignore on users');
    expect(written).toContain('CREATE TABLE');
  });

  it('status and diff live never call a database with objects outside the model plainly in sync', async () => {
    const p = await project(postgresEngine);
    p.schema(USERS);
    expect((await p.flash('migrate', 'users')).code).toBe(0);
    expect((await p.flash('apply')).code).toBe(0);
    const clean = await p.flash('status');
    expect(clean.stdout).toContain('schema: in sync with the applied migrations');
    expect(clean.stdout).not.toContain('W_UNMODELLED');

    // a rule and a statistics object added to the live database by hand
    await p.sql(
      'CREATE RULE users_ignore AS ON DELETE TO users DO INSTEAD NOTHING;\nCREATE STATISTICS users_stats ON id, email FROM users;',
    );
    const st = await p.flash('status');
    expect(st.code).toBe(0);
    expect(st.stdout).toContain('for the objects Flash models');
    expect(st.stdout).toContain('warning[W_UNMODELLED]: the database holds 2 object(s)');
    expect(st.stdout).toContain('rule users_ignore on users');
    const json = JSON.parse((await p.flash('--json', 'status')).stdout);
    expect(json.unmodelled).toEqual(expect.arrayContaining([{ kind: 'rule', name: 'users_ignore on users', table: 'users' }]));

    const diff = await p.flash('diff', 'live', 'expected');
    expect(diff.code).toBe(0);
    expect(diff.stderr).toContain('rule users_ignore on users');
    expect(diff.stdout).toContain('no differences in the objects Flash models');
  });
});

describe('MariaDB: sequences, aggregate functions, partitioning', () => {
  it('db/schema declaring them is refused with file:line', async () => {
    const p = await project(mysqlEngine);
    p.schema(
      'CREATE TABLE t (id int PRIMARY KEY, x int);\n' +
        'CREATE SEQUENCE s1;\n' +
        'CREATE AGGREGATE FUNCTION agg(x int) RETURNS int BEGIN DECLARE s int DEFAULT 0; LOOP FETCH GROUP NEXT ROW; SET s = s + x; END LOOP; END;\n',
    );
    refused(await p.flash('migrate', 'x'), 'schema.sql:2 sequence s1', 'schema.sql:3 aggregate function agg');
    expect(migrations(p)).toEqual([]);
  });

  it('partitioning is caught from the shadow catalog', async () => {
    const p = await project(mysqlEngine);
    p.schema('CREATE TABLE t (id int PRIMARY KEY) PARTITION BY HASH (id) PARTITIONS 2;\n');
    refused(await p.flash('migrate', 'x'), 'schema.sql:1 partitioned table t');
  });

  it('pull refuses a database with a sequence unless --skip-unsupported', async () => {
    const p = await project(mysqlEngine);
    await p.sql('CREATE TABLE t (id int PRIMARY KEY, x int)');
    await p.sql('CREATE SEQUENCE s1');
    refused(await p.flash('pull'), 'sequence s1');
    expect(existsSync(path.join(p.dir, 'db/schema/schema.sql'))).toBe(false);
    const skip = await p.flash('pull', '--skip-unsupported');
    expect(skip.code, skip.stderr).toBe(0);
    expect(skip.stderr).toContain('sequence s1');
  });
});

describe('SQLite: virtual tables', () => {
  it('db/schema declaring one is refused; a live one is refused by pull and listed by status', async () => {
    const p = await project(sqliteEngine);
    p.schema('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\nCREATE VIRTUAL TABLE docs USING fts5(body);\n');
    refused(await p.flash('migrate', 'x'), 'schema.sql:2 virtual table docs');

    p.schema('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n');
    expect((await p.flash('migrate', 'notes')).code).toBe(0);
    expect((await p.flash('apply')).code).toBe(0);
    await p.sql('CREATE VIRTUAL TABLE docs USING fts5(body)');
    expect((await p.flash('status')).stdout).toContain('virtual table docs');
    refused(await p.flash('pull'), 'virtual table docs');
  });
});
