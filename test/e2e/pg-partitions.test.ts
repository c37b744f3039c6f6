import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { runFlash, tempDir } from '../helpers/cli.js';
import { loadDialect } from '../../src/dialects/registry.js';
import { copyDatabaseContents } from '../../src/dialects/postgres/copy-database.js';
import { PG_URL, uniqueDbName } from '../helpers/db-urls.js';
import { expectOk, newEngineProject, migrateAndApply, migrationDdl, chainHead } from '../helpers/engine-project.js';
import { postgresEngine, withDbPrefix } from './lifecycle-engines.js';

// Issue #11: partitioned tables (RANGE, LIST, HASH), their partitions (bounds, DEFAULT, indexes
// attached from the parent's index) and INHERITS, end to end through the CLI on the real server:
// migrate → apply → status in sync → the catalog and pg_dump have them → pull reproduces the same
// snapshot → removing a partition drops exactly it, and Down restores it.

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

const engine = withDbPrefix(postgresEngine, 'part');

const SCHEMA = `
CREATE TABLE measurements (
  id bigint NOT NULL,
  at date NOT NULL,
  reading numeric,
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE TABLE m_2024_01 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE m_2024_02 PARTITION OF measurements FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
CREATE TABLE m_2024_03 PARTITION OF measurements FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
CREATE TABLE m_default PARTITION OF measurements DEFAULT;
CREATE INDEX measurements_reading_idx ON measurements (reading);

CREATE TABLE regions (code text NOT NULL, name text) PARTITION BY LIST (code);
CREATE TABLE regions_eu PARTITION OF regions FOR VALUES IN ('de', 'fr');
CREATE TABLE regions_us PARTITION OF regions FOR VALUES IN ('us');

CREATE TABLE shards (id integer NOT NULL, body text) PARTITION BY HASH (id);
CREATE TABLE shards_0 PARTITION OF shards FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE shards_1 PARTITION OF shards FOR VALUES WITH (MODULUS 2, REMAINDER 1);

CREATE TABLE vehicles (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE trucks (payload_kg integer, CONSTRAINT trucks_payload_check CHECK (payload_kg > 0)) INHERITS (vehicles);
`;

const CATALOG = `
select c.relname, c.relkind, p.relname as parent, pg_get_expr(c.relpartbound, c.oid) as bound,
  case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end as key
from pg_class c
left join pg_inherits i on i.inhrelid = c.oid
left join pg_class p on p.oid = i.inhparent
where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and c.relname not like '\\_flash%'
order by c.relname`;

const ATTACHED_INDEXES = `
select ic.relname as index, pc.relname as parent_index
from pg_inherits i join pg_class ic on ic.oid = i.inhrelid join pg_class pc on pc.oid = i.inhparent
where ic.relkind = 'i' and pc.relname = 'measurements_reading_idx' order by 1`;

describe('PostgreSQL partitioned tables, partitions and INHERITS end to end', () => {
  it('migrate → apply → status, catalog, pg_dump, pull, drop one partition and Down', async () => {
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/schema.sql', SCHEMA);
    await migrateAndApply(p, 'partitions');

    const catalog = await p.sql(CATALOG);
    expect(catalog).toEqual([
      { relname: 'm_2024_01', relkind: 'r', parent: 'measurements', bound: "FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')", key: null },
      { relname: 'm_2024_02', relkind: 'r', parent: 'measurements', bound: "FOR VALUES FROM ('2024-02-01') TO ('2024-03-01')", key: null },
      { relname: 'm_2024_03', relkind: 'r', parent: 'measurements', bound: "FOR VALUES FROM ('2024-03-01') TO ('2024-04-01')", key: null },
      { relname: 'm_default', relkind: 'r', parent: 'measurements', bound: 'DEFAULT', key: null },
      { relname: 'measurements', relkind: 'p', parent: null, bound: null, key: 'RANGE (at)' },
      { relname: 'regions', relkind: 'p', parent: null, bound: null, key: 'LIST (code)' },
      { relname: 'regions_eu', relkind: 'r', parent: 'regions', bound: "FOR VALUES IN ('de', 'fr')", key: null },
      { relname: 'regions_us', relkind: 'r', parent: 'regions', bound: "FOR VALUES IN ('us')", key: null },
      { relname: 'shards', relkind: 'p', parent: null, bound: null, key: 'HASH (id)' },
      { relname: 'shards_0', relkind: 'r', parent: 'shards', bound: 'FOR VALUES WITH (modulus 2, remainder 0)', key: null },
      { relname: 'shards_1', relkind: 'r', parent: 'shards', bound: 'FOR VALUES WITH (modulus 2, remainder 1)', key: null },
      { relname: 'trucks', relkind: 'r', parent: 'vehicles', bound: null, key: null },
      { relname: 'vehicles', relkind: 'r', parent: null, bound: null, key: null },
    ]);
    // the parent's index is attached on every partition (created by the server, not by Flash)
    expect((await p.sql<{ index: string }>(ATTACHED_INDEXES)).map((r) => r.index)).toEqual([
      'm_2024_01_reading_idx',
      'm_2024_02_reading_idx',
      'm_2024_03_reading_idx',
      'm_default_reading_idx',
    ]);
    expect(await p.sql("select conname from pg_constraint where conrelid = 'trucks'::regclass order by 1")).toEqual([
      { conname: 'trucks_payload_check' },
    ]);
    // rows go to their partitions
    await p.sql("insert into measurements values (1, '2024-01-05', 1), (2, '2024-02-05', 2), (3, '2025-01-01', 3)");
    expect(await p.sql('select tableoid::regclass::text as t, id from measurements order by id')).toEqual([
      { t: 'm_2024_01', id: '1' },
      { t: 'm_2024_02', id: '2' },
      { t: 'm_default', id: '3' },
    ]);

    const pgDump = ['/usr/lib/postgresql/15/bin/pg_dump', '/usr/bin/pg_dump'].find(existsSync);
    if (pgDump) {
      const dump = execFileSync(pgDump, ['--schema-only', p.url], { encoding: 'utf8' });
      for (const needle of [
        'PARTITION BY RANGE (at)',
        'PARTITION BY LIST (code)',
        'PARTITION BY HASH (id)',
        "ATTACH PARTITION public.m_2024_01 FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')",
        'ATTACH PARTITION public.m_default DEFAULT',
        "ATTACH PARTITION public.regions_eu FOR VALUES IN ('de', 'fr')",
        'ATTACH PARTITION public.shards_1 FOR VALUES WITH (modulus 2, remainder 1)',
        'INHERITS (public.vehicles)',
        'ALTER INDEX public.measurements_reading_idx ATTACH PARTITION public.m_2024_03_reading_idx',
      ])
        expect(dump).toContain(needle);
    }

    // pull into an empty repository on the same database: the same snapshot, nothing to migrate
    const dir = tempDir('flash-part-pull-');
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    const q = (...args: string[]) => runFlash(['--cwd', dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: p.url } });
    expectOk(await q('init', '--postgresql'));
    const pulled = await q('pull');
    expectOk(pulled);
    expect(pulled.stdout + pulled.stderr).not.toContain('W_UNMODELLED');
    expect(await chainHead(q)).toBe(await chainHead(p.flash));
    const again = await q('migrate', 'nothing');
    expectOk(again);
    expect(again.stdout).toMatch(/no changes/i);

    // one partition removed: exactly it is dropped, and Down puts it back (with the attached index)
    p.write('db/schema/schema.sql', SCHEMA.replace(/^CREATE TABLE m_2024_03 .*\n/m, ''));
    const file = await migrateAndApply(p, 'drop_march');
    expect(migrationDdl(p, file, 'up')).toEqual(['DROP TABLE m_2024_03;']);
    expect(migrationDdl(p, file, 'down')).toEqual([
      "CREATE TABLE m_2024_03 PARTITION OF measurements FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');",
    ]);
    expect((await p.sql(CATALOG)).map((r) => r.relname)).not.toContain('m_2024_03');
    expectOk(await p.flash('down', '--yes'));
    expect(await p.sql(CATALOG)).toEqual(catalog);
    expect((await p.sql<{ index: string }>(ATTACHED_INDEXES)).map((r) => r.index)).toContain('m_2024_03_reading_idx');
    const st = await p.flash('status');
    expect(st.stdout + st.stderr).not.toContain('W_UNMODELLED');

    // a new bound for a partition: dropped and created again (its rows go: L001 says so)
    p.write(
      'db/schema/schema.sql',
      SCHEMA.replace(/^CREATE TABLE m_2024_03 .*\n/m, '').replace(
        "FROM ('2024-02-01') TO ('2024-03-01')",
        "FROM ('2024-02-01') TO ('2024-03-15')",
      ),
    );
    const before = new Set(p.migrations());
    const rebound = await p.flash('migrate', 'rebound');
    expectOk(rebound);
    expect(rebound.stdout + rebound.stderr).toContain('L001');
    const reboundFile = p.migrations().find((f) => !before.has(f))!;
    expect(migrationDdl(p, reboundFile, 'up')).toEqual([
      'DROP TABLE m_2024_02;',
      "CREATE TABLE m_2024_02 PARTITION OF measurements FOR VALUES FROM ('2024-02-01') TO ('2024-03-15');",
    ]);
    expectOk(await p.flash('apply'));
    expect((await p.sql<{ relname: string; bound: string }>(CATALOG)).find((r) => r.relname === 'm_2024_02')?.bound).toBe(
      "FOR VALUES FROM ('2024-02-01') TO ('2024-03-15')",
    );
    expect((await p.flash('status')).stdout).toContain('schema: in sync with the applied migrations (');

    // a default set on a partition's copy of an inherited column alone is not modelled: listed, never lost silently
    await p.sql('alter table m_2024_01 alter column reading set default 0');
    const listed = await p.flash('status');
    expect(listed.stdout + listed.stderr).toContain('W_UNMODELLED');
    expect(listed.stdout + listed.stderr).toContain('inherited column setting m_2024_01.reading');
  });
});

/**
 * A repository whose db/schema files are `base` on main's first commit, then `theirs` on branch
 * feature and `ours` on main (a file missing from a side is deleted there), each side migrated and
 * applied to its own database.
 */
async function forked(sides: Record<'base' | 'ours' | 'theirs', Record<string, string>>) {
  const ours = await newEngineProject(engine, cleanups);
  const theirsDb = await engine.createDatabase(ours.dir);
  cleanups.push(theirsDb.drop);
  const gitEnv = {
    FLASH_SKIP_HOOKS: '1',
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@e.st',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@e.st',
  };
  const sh = (...args: string[]) =>
    execFileSync('git', args, { cwd: ours.dir, env: { ...process.env, ...gitEnv }, stdio: 'pipe' }).toString();
  const flash = (args: string[], url = ours.url) =>
    runFlash(['--cwd', ours.dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: url, ...gitEnv } });
  const schemaDir = path.join(ours.dir, 'db/schema');
  const write = (files: Record<string, string>) => {
    for (const f of readdirSync(schemaDir)) if (f.endsWith('.sql') && !(f in files)) rmSync(path.join(schemaDir, f));
    for (const [f, text] of Object.entries(files)) writeFileSync(path.join(schemaDir, f), text);
  };
  const step = async (files: Record<string, string>, name: string, urls: string[]) => {
    write(files);
    expectOk(await flash(['migrate', name]));
    for (const url of urls) expectOk(await flash(['apply'], url));
    sh('add', '-A');
    sh('commit', '-qm', name);
  };
  await step(sides.base, 'base', [ours.url, theirsDb.url]);
  sh('checkout', '-qb', 'feature');
  await step(sides.theirs, 'feature change', [theirsDb.url]);
  sh('checkout', '-q', 'main');
  await step(sides.ours, 'main change', [ours.url]);
  return { flash, sh, urls: [ours.url, theirsDb.url] };
}

const EVENTS =
  'CREATE TABLE events (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);\n' +
  "CREATE TABLE events_2024_01 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');\n" +
  'CREATE INDEX events_at_idx ON events (at);\n';
const FEBRUARY = "CREATE TABLE events_2024_02 PARTITION OF events FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');\n";
const DEFAULT = 'CREATE TABLE events_default PARTITION OF events DEFAULT;\n';

describe('flash merge of partitions', () => {
  it('two branches adding different partitions merge cleanly, and both databases reach the merge', async () => {
    const repo = await forked({
      base: { 'events.sql': EVENTS },
      ours: { 'events.sql': EVENTS, 'events_feb.sql': FEBRUARY },
      theirs: { 'events.sql': EVENTS, 'events_default.sql': DEFAULT },
    });
    const merged = await repo.flash(['merge', 'feature']);
    expectOk(merged);
    expect(merged.stdout).toContain('Merged feature');
    expect((await repo.flash(['migrate', 'after merge'])).stdout).toMatch(/no changes/i);
    for (const url of repo.urls) {
      expectOk(await repo.flash(['apply'], url));
      const status = JSON.parse((await repo.flash(['status', '--json'], url)).stdout);
      expect(status.drift, JSON.stringify(status)).toEqual([]);
      expect(status.inSync, JSON.stringify(status)).toBe(true);
    }
  });

  it('a partition added on one side to a parent the other side drops is a C004 conflict', async () => {
    const repo = await forked({
      base: { 'events.sql': EVENTS, 'other.sql': 'CREATE TABLE other (id integer);\n' },
      ours: { 'events.sql': EVENTS, 'events_feb.sql': FEBRUARY, 'other.sql': 'CREATE TABLE other (id integer);\n' },
      theirs: { 'other.sql': 'CREATE TABLE other (id integer);\n' },
    });
    const merge = await repo.flash(['merge', 'feature']);
    expect(merge.code, merge.stdout + merge.stderr).toBe(3);
    expect(merge.stderr).toContain('[C004] events_2024_02');
  });
});

describe('data tools on partitions and INHERITS', () => {
  it('backup → restore: every row once, in the same partition or child; the branch copy of a database too', async () => {
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/schema.sql', SCHEMA);
    await migrateAndApply(p, 'partitions');
    await p.sql(
      "insert into measurements values (1, '2024-01-05', 1), (2, '2024-02-05', 2), (3, '2025-01-01', 3);" +
        "insert into regions values ('de', 'Germany'), ('us', 'United States');" +
        "insert into vehicles values (1, 'bike'); insert into trucks values (2, 'lorry', 9000), (3, 'van', 800);",
    );
    const rows = `
      select 'm' as t, tableoid::regclass::text as part, id::text as k from measurements
      union all select 'r', tableoid::regclass::text, code from regions
      union all select 'v', tableoid::regclass::text, id::text || ' ' || name from vehicles
      union all select 't', tableoid::regclass::text, id::text || ' ' || name || ' ' || payload_kg from trucks
      order by 1, 2, 3`;
    const before = await p.sql(rows);
    expect(before).toHaveLength(10); // vehicles shows the trucks too

    const file = `${p.dir}/db.flash-backup.gz`;
    const made = await p.flash('backup', '--out', file, '--json');
    expectOk(made);
    expect(JSON.parse(made.stdout)).toMatchObject({ rows: 8 });
    const dialect = await loadDialect('postgresql');
    const target = dialect.databases.urlFor(PG_URL, uniqueDbName('part'));
    await dialect.databases.create(target);
    cleanups.push(() => dialect.databases.drop(target));
    const restored = await runFlash(['--cwd', p.dir, 'restore', file, '--json'], { cwd: os.tmpdir(), env: { DATABASE_URL: target } });
    expectOk(restored);
    expect(JSON.parse(restored.stdout)).toMatchObject({ rows: 8 });
    // the branch-database copy through SQL (when a template copy is impossible)
    const copy = dialect.databases.urlFor(PG_URL, uniqueDbName('part'));
    await dialect.databases.create(copy);
    cleanups.push(() => dialect.databases.drop(copy));
    await copyDatabaseContents(p.url, copy);
    for (const url of [target, copy]) {
      const conn = await dialect.connect(url);
      try {
        expect(await conn.query(rows)).toEqual(before);
      } finally {
        await conn.close();
      }
    }
  });
});
