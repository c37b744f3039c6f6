import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDialect } from '../../src/dialects/registry.js';
import { splitStatements } from '../../src/dialects/postgres/split-statements.js';
import { PG_URL } from '../helpers/db-urls.js';
import { expectOk, newEngineProject, type EngineProject, upStatements } from '../helpers/engine-project.js';
import { postgresEngine, withDbPrefix } from './lifecycle-engines.js';
import { expectPullReproduces, expectRemovalRoundTrip, type Removable } from './pg-object-roundtrip.js';

// Objects in schemas other than `public` are modelled: every kind Flash models in `public` may live in
// another schema, is rendered schema-qualified, pulled, compared, dropped alone and restored by Down.

const engine = withDbPrefix(postgresEngine, 'ns');

const reader = `ns_reader_${randomBytes(4).toString('hex')}`;

async function admin(sql: string): Promise<void> {
  const conn = await (await loadDialect('postgresql')).connect(PG_URL);
  try {
    await conn.exec(sql);
  } finally {
    await conn.close();
  }
}

const cleanups: Array<() => Promise<void>> = [];
beforeAll(async () => {
  await admin(`CREATE ROLE ${reader} NOLOGIN`);
});
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
  await admin(`DROP ROLE IF EXISTS ${reader}`).catch(() => {});
});

const base = `CREATE SCHEMA billing;
CREATE SCHEMA lookup;
CREATE SCHEMA reports;
COMMENT ON SCHEMA lookup IS 'reference data';
CREATE TYPE lookup.mood AS ENUM ('ok', 'sad');
CREATE DOMAIN billing.positive_cents AS bigint CHECK (VALUE > 0);
CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, mood lookup.mood);
CREATE TABLE billing.invoices (
  id serial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  amount billing.positive_cents NOT NULL,
  created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX invoices_user ON billing.invoices (user_id);
COMMENT ON TABLE billing.invoices IS 'one row per invoice';
CREATE TABLE billing.lines (invoice_id integer NOT NULL REFERENCES billing.invoices (id) ON DELETE CASCADE, n integer NOT NULL, PRIMARY KEY (invoice_id, n));
CREATE FUNCTION billing.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := now();
  RETURN NEW;
END $$;
`;

/** Each object of the fixture: its statement(s), how to find it in the live catalog, and its drop. */
const objects: Array<Removable & { sql: string }> = [
  {
    name: 'table billing.refunds',
    sql: 'CREATE TABLE billing.refunds (id integer PRIMARY KEY, invoice_id integer REFERENCES billing.invoices (id));',
    exists: "select 1 from pg_class where oid = to_regclass('billing.refunds')",
    dropSql: [/^DROP TABLE billing\.refunds$/],
  },
  {
    name: 'enum lookup.size',
    sql: "CREATE TYPE lookup.size AS ENUM ('s', 'm', 'l');",
    exists: "select 1 from pg_type where oid = to_regtype('lookup.size')",
    dropSql: [/^DROP TYPE lookup\.size$/],
  },
  {
    name: 'sequence billing.invoice_no',
    sql: 'CREATE SEQUENCE billing.invoice_no START 1000;',
    exists: "select 1 from pg_class where oid = to_regclass('billing.invoice_no')",
    dropSql: [/^DROP SEQUENCE (IF EXISTS )?billing\.invoice_no$/],
  },
  {
    name: 'view billing.totals',
    sql: 'CREATE VIEW billing.totals AS SELECT user_id, sum(amount) AS total FROM billing.invoices GROUP BY user_id;',
    exists: "select 1 from pg_class where oid = to_regclass('billing.totals')",
    dropSql: [/^DROP VIEW billing\.totals$/],
  },
  {
    name: 'materialized view lookup.user_moods',
    sql: 'CREATE MATERIALIZED VIEW lookup.user_moods AS SELECT id, mood FROM users;\nCREATE UNIQUE INDEX user_moods_id ON lookup.user_moods (id);',
    exists: "select 1 from pg_class where oid = to_regclass('lookup.user_moods')",
    dropSql: [/^DROP MATERIALIZED VIEW lookup\.user_moods$/],
  },
  {
    name: 'index billing.invoices_created',
    sql: 'CREATE INDEX invoices_created ON billing.invoices (created_at DESC);',
    exists: "select 1 from pg_class where oid = to_regclass('billing.invoices_created')",
    dropSql: [/^DROP INDEX billing\.invoices_created$/],
  },
  {
    name: 'trigger invoices_touch',
    sql: 'CREATE TRIGGER invoices_touch BEFORE INSERT ON billing.invoices FOR EACH ROW EXECUTE FUNCTION billing.touch();',
    exists: "select 1 from pg_trigger where tgname = 'invoices_touch'",
    dropSql: [/^DROP TRIGGER invoices_touch ON billing\.invoices$/],
  },
  {
    name: 'function lookup.mood_count',
    sql: 'CREATE FUNCTION lookup.mood_count(m lookup.mood) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM public.users WHERE mood = m $$;',
    exists: "select 1 from pg_proc where proname = 'mood_count'",
    dropSql: [/^DROP FUNCTION lookup\.mood_count\(lookup\.mood\)$/],
  },
  {
    name: 'policy lines_positive',
    sql: 'ALTER TABLE billing.lines ENABLE ROW LEVEL SECURITY;\nCREATE POLICY lines_positive ON billing.lines FOR SELECT USING (n > 0);',
    exists: "select 1 from pg_policy where polname = 'lines_positive'",
    dropSql: [
      /^DROP POLICY lines_positive ON billing\.lines$/,
      /^ALTER TABLE billing\.lines NO FORCE ROW LEVEL SECURITY$/,
      /^ALTER TABLE billing\.lines DISABLE ROW LEVEL SECURITY$/,
    ],
  },
  {
    name: 'domain lookup.code',
    sql: "CREATE DOMAIN lookup.code AS text CHECK (VALUE ~ '^[A-Z]+$');",
    exists: "select 1 from pg_type where oid = to_regtype('lookup.code')",
    dropSql: [/^DROP DOMAIN lookup\.code$/],
  },
  {
    name: 'grant USAGE on schema billing',
    sql: `GRANT USAGE ON SCHEMA billing TO ${reader};`,
    exists: `select 1 where has_schema_privilege('${reader}', 'billing', 'USAGE')`,
    dropSql: [new RegExp(`^REVOKE USAGE ON SCHEMA billing FROM ${reader}$`)],
  },
  {
    name: 'grant SELECT on billing.invoices',
    sql: `GRANT SELECT ON billing.invoices TO ${reader};`,
    exists: `select 1 where has_table_privilege('${reader}', 'billing.invoices', 'SELECT')`,
    dropSql: [new RegExp(`^REVOKE SELECT ON TABLE billing\\.invoices FROM ${reader}$`)],
  },
  {
    // in a schema without tables: default privileges apply to what is created after them, so on one with
    // tables a Down recreating a table would grant what the declared schema (tables first) does not
    name: 'default privileges in schema reports',
    sql: `ALTER DEFAULT PRIVILEGES IN SCHEMA reports GRANT SELECT ON TABLES TO ${reader};`,
    exists: "select 1 from pg_default_acl where defaclnamespace = 'reports'::regnamespace",
    dropSql: [new RegExp(`^ALTER DEFAULT PRIVILEGES IN SCHEMA reports REVOKE SELECT ON TABLES FROM ${reader}$`)],
  },
  {
    name: 'comment on index billing.invoices_user',
    sql: "COMMENT ON INDEX billing.invoices_user IS 'by user';",
    exists: "select 1 where obj_description('billing.invoices_user'::regclass, 'pg_class') is not null",
    dropSql: [/^COMMENT ON INDEX billing\.invoices_user IS NULL$/],
  },
  {
    name: 'comment on column billing.invoices.amount',
    sql: "COMMENT ON COLUMN billing.invoices.amount IS 'in cents';",
    exists: "select 1 where col_description('billing.invoices'::regclass, 3) is not null",
    dropSql: [/^COMMENT ON COLUMN billing\.invoices\.amount IS NULL$/],
  },
  {
    name: 'comment on constraint invoices_pkey',
    sql: "COMMENT ON CONSTRAINT invoices_pkey ON billing.invoices IS 'the key';",
    exists: "select 1 from pg_constraint where conname = 'invoices_pkey' and obj_description(oid, 'pg_constraint') is not null",
    dropSql: [/^COMMENT ON CONSTRAINT invoices_pkey ON billing\.invoices IS NULL$/],
  },
  {
    name: 'comment on domain billing.positive_cents',
    sql: "COMMENT ON DOMAIN billing.positive_cents IS 'money';",
    exists: "select 1 where obj_description('billing.positive_cents'::regtype, 'pg_type') is not null",
    dropSql: [/^COMMENT ON DOMAIN billing\.positive_cents IS NULL$/],
  },
  {
    name: 'schema archive',
    sql: 'CREATE SCHEMA archive;',
    exists: "select 1 from pg_namespace where nspname = 'archive'",
    dropSql: [/^DROP SCHEMA archive$/],
  },
];

function schemaWithout(skip?: string): string {
  return (
    base +
    objects
      .filter((o) => o.name !== skip)
      .map((o) => o.sql + '\n')
      .join('')
  );
}

describe('PostgreSQL objects in schemas other than public', () => {
  let p: EngineProject;

  it('migrate → apply → status is clean, schema-qualified, and pg_dump shows every object', async () => {
    p = await newEngineProject(engine, cleanups);
    p.write('db/schema/schema.sql', schemaWithout());
    const migrate = await p.flash('migrate', 'schemas');
    expectOk(migrate);
    const up = upStatements(p, splitStatements);
    const at = (re: RegExp) => up.findIndex((s) => re.test(s));
    expect(at(/^CREATE SCHEMA billing$/)).toBeGreaterThan(-1);
    expect(at(/^CREATE SCHEMA billing$/)).toBeLessThan(at(/^CREATE DOMAIN billing\.positive_cents/));
    expect(at(/^CREATE TYPE lookup\.mood/)).toBeLessThan(at(/^CREATE TABLE users/));
    expect(at(/^CREATE TABLE billing\.invoices/)).toBeGreaterThan(at(/^CREATE TABLE users/));
    expect(up).toContain('CREATE INDEX invoices_user ON billing.invoices (user_id)');
    expect(up).toContain("COMMENT ON SCHEMA lookup IS 'reference data'");
    expectOk(await p.flash('apply'));
    const st = await p.flash('status');
    expectOk(st);
    expect(st.stdout).toContain('in sync');
    expect(st.stdout + st.stderr).not.toContain('W_UNMODELLED');

    const dump = execFileSync('pg_dump', ['--schema-only', p.url], { encoding: 'utf8' });
    for (const s of [
      'CREATE SCHEMA billing;',
      'CREATE SCHEMA archive;',
      'CREATE TYPE lookup.mood AS ENUM',
      'CREATE DOMAIN billing.positive_cents AS bigint',
      'CREATE TABLE billing.invoices',
      'CREATE TABLE billing.refunds',
      'CREATE SEQUENCE billing.invoice_no',
      'CREATE VIEW billing.totals',
      'CREATE MATERIALIZED VIEW lookup.user_moods',
      'CREATE UNIQUE INDEX user_moods_id ON lookup.user_moods',
      'CREATE INDEX invoices_user ON billing.invoices',
      'CREATE TRIGGER invoices_touch BEFORE INSERT ON billing.invoices',
      'CREATE FUNCTION lookup.mood_count(m lookup.mood)',
      'CREATE POLICY lines_positive ON billing.lines',
      "COMMENT ON SCHEMA lookup IS 'reference data'",
      "COMMENT ON TABLE billing.invoices IS 'one row per invoice'",
      'FOREIGN KEY (user_id) REFERENCES public.users(id)',
      'FOREIGN KEY (invoice_id) REFERENCES billing.invoices(id) ON DELETE CASCADE',
    ])
      expect(dump).toContain(s);

    // the serial and the trigger work in their schema
    await p.sql("INSERT INTO users (name, mood) VALUES ('ann', 'ok')");
    await p.sql('INSERT INTO billing.invoices (user_id, amount) VALUES (1, 500)');
    expect(await p.sql('select id from billing.invoices')).toEqual([{ id: 1 }]);
  });

  it('pull into an empty repository reproduces the same snapshot hash, and nothing is left to migrate', () => expectPullReproduces(p));

  it('a table added by hand in another schema shows in flash diff live schema and status', async () => {
    await p.sql('CREATE TABLE billing.by_hand (id int)');
    const diff = await p.flash('diff', 'live', 'schema');
    expect(diff.stdout).toContain('billing.by_hand');
    const st = await p.flash('status');
    expect(st.stdout).not.toContain('schema: in sync');
    await p.sql('DROP TABLE billing.by_hand');
  });

  for (const o of objects) {
    it(`removing ${o.name} is a migration that drops exactly it, whose Down restores it`, () =>
      expectRemovalRoundTrip(p, o, schemaWithout));
  }
});

describe('on the embedded PGlite shadow', () => {
  it('objects in other schemas match what the server stores: status is clean after apply', async () => {
    const p = await newEngineProject({ ...engine, serverShadowUrl: undefined }, cleanups);
    p.write('db/schema/schema.sql', schemaWithout());
    expectOk(await p.flash('migrate', 'schemas'));
    expectOk(await p.flash('apply'));
    const st = await p.flash('status');
    expectOk(st);
    expect(st.stdout).toContain('schema: in sync');
  });
});
