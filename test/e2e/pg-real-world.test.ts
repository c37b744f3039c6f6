import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/dialects/postgres/split-statements.js';
import { expectOk, newEngineProject, type EngineProject, upStatements } from '../helpers/engine-project.js';
import { postgresEngine, withDbPrefix } from './lifecycle-engines.js';
import { expectPullReproduces, expectRemovalRoundTrip } from './pg-object-roundtrip.js';

// Issue #11: one realistic PostgreSQL schema holding every modelled kind at once, in two schemas
// (public and billing, with foreign keys across them): extensions, a domain, a composite type,
// functions (plpgsql and SQL), a procedure, BEFORE / AFTER / INSTEAD OF / constraint triggers, a
// range-partitioned table with a DEFAULT partition, an index with INCLUDE, a gin_trgm_ops index, a
// materialized view with an index, comments, row-level security and policies. migrate → apply →
// status clean; pull reproduces the snapshot; every removable object goes alone and comes back by
// Down; a hand-made object shows in `flash diff live schema`; and the embedded PGlite shadow agrees.

const engine = withDbPrefix(postgresEngine, 'rw');

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

interface Removable {
  name: string;
  /** how to find it in the live catalog: one row while it exists */
  exists: string;
  /** the Up of the migration that removes it: exactly these statements */
  dropSql: RegExp[];
}

/** The fixture, in file order: each part is one or more statements; a removable part can go alone. */
const parts: Array<{ sql: string; removable?: Removable }> = [
  { sql: 'CREATE EXTENSION IF NOT EXISTS citext;\nCREATE EXTENSION IF NOT EXISTS pg_trgm;' },
  { sql: 'CREATE SCHEMA billing;' },
  {
    sql: "COMMENT ON SCHEMA billing IS 'invoices and payments';",
    removable: {
      name: 'comment on schema billing',
      exists: "select 1 from pg_description where objoid = 'billing'::regnamespace and description = 'invoices and payments'",
      dropSql: [/^COMMENT ON SCHEMA billing IS NULL$/],
    },
  },
  { sql: 'CREATE DOMAIN billing.cents AS bigint CONSTRAINT cents_not_negative CHECK (VALUE >= 0);' },
  { sql: 'CREATE TYPE address AS (street text, city text, zip text);' },
  {
    sql: `CREATE TABLE users (
  id serial PRIMARY KEY,
  email citext NOT NULL UNIQUE,
  name text NOT NULL,
  home address,
  updated_at timestamptz
);`,
  },
  {
    sql: "COMMENT ON TABLE users IS 'people who sign in';",
    removable: {
      name: 'comment on table users',
      exists: "select 1 from pg_description where objoid = 'public.users'::regclass and objsubid = 0",
      dropSql: [/^COMMENT ON TABLE (public\.)?"?users"? IS NULL$/],
    },
  },
  {
    sql: "COMMENT ON COLUMN users.email IS 'case-insensitive sign-in';",
    removable: {
      name: 'comment on column users.email',
      exists: "select 1 from pg_description where objoid = 'public.users'::regclass and objsubid = 2",
      dropSql: [/^COMMENT ON COLUMN (public\.)?"?users"?\."?email"? IS NULL$/],
    },
  },
  {
    sql: "CREATE INDEX users_name_trgm ON users USING gin (name gin_trgm_ops);\nCOMMENT ON INDEX users_name_trgm IS 'fuzzy name search';",
    removable: {
      name: 'gin_trgm_ops index users_name_trgm (and its comment)',
      exists: "select 1 from pg_class where oid = to_regclass('public.users_name_trgm')",
      dropSql: [/^DROP INDEX (public\.)?"?users_name_trgm"?$/],
    },
  },
  {
    sql: `CREATE TABLE audit_log (
  id serial PRIMARY KEY,
  op text NOT NULL,
  tbl text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);`,
  },
  {
    sql: `CREATE TABLE billing.invoices (
  id serial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  amount billing.cents NOT NULL,
  status text NOT NULL DEFAULT 'open',
  created_at timestamptz NOT NULL DEFAULT now()
);`,
  },
  {
    sql: 'CREATE INDEX invoices_user_incl ON billing.invoices (user_id) INCLUDE (amount, status);',
    removable: {
      name: 'index with INCLUDE billing.invoices_user_incl',
      exists: "select 1 from pg_class where oid = to_regclass('billing.invoices_user_incl')",
      dropSql: [/^DROP INDEX billing\.invoices_user_incl$/],
    },
  },
  {
    sql: `CREATE TABLE billing.payments (
  id bigint NOT NULL,
  invoice_id integer NOT NULL REFERENCES billing.invoices (id),
  paid_on date NOT NULL,
  amount billing.cents NOT NULL,
  PRIMARY KEY (id, paid_on)
) PARTITION BY RANGE (paid_on);
CREATE TABLE billing.payments_2024 PARTITION OF billing.payments FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE billing.payments_2025 PARTITION OF billing.payments FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
  },
  {
    sql: "CREATE TABLE billing.payments_2026 PARTITION OF billing.payments FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');",
    removable: {
      name: 'partition billing.payments_2026',
      exists: "select 1 from pg_class where oid = to_regclass('billing.payments_2026')",
      dropSql: [/^DROP TABLE billing\.payments_2026$/],
    },
  },
  {
    sql: 'CREATE TABLE billing.payments_default PARTITION OF billing.payments DEFAULT;',
    removable: {
      name: 'DEFAULT partition billing.payments_default',
      exists: "select 1 from pg_class where oid = to_regclass('billing.payments_default')",
      dropSql: [/^DROP TABLE billing\.payments_default$/],
    },
  },
  {
    sql: 'CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND $$;',
  },
  {
    sql: 'CREATE FUNCTION billing.audit() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  INSERT INTO public.audit_log (op, tbl) VALUES (TG_OP, TG_TABLE_NAME);\n  RETURN NULL;\nEND $$;',
  },
  {
    sql:
      'CREATE FUNCTION billing.user_total(uid integer) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(amount), 0)::bigint FROM billing.invoices WHERE user_id = uid $$;\n' +
      "COMMENT ON FUNCTION billing.user_total(integer) IS 'sum of a user''s invoices';",
    removable: {
      name: 'SQL function billing.user_total (and its comment)',
      exists: "select 1 from pg_proc where proname = 'user_total'",
      dropSql: [/^DROP FUNCTION billing\.user_total\(integer\)$/],
    },
  },
  {
    sql: "CREATE PROCEDURE billing.close_invoice(inv integer) LANGUAGE plpgsql AS $$\nBEGIN\n  UPDATE billing.invoices SET status = 'closed' WHERE id = inv;\nEND $$;",
    removable: {
      name: 'procedure billing.close_invoice',
      exists: "select 1 from pg_proc where proname = 'close_invoice'",
      dropSql: [/^DROP PROCEDURE billing\.close_invoice\(integer\)$/],
    },
  },
  { sql: 'CREATE VIEW user_emails AS SELECT id, email, name FROM users;' },
  {
    sql: 'CREATE FUNCTION insert_user_email() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  INSERT INTO users (email, name) VALUES (NEW.email, NEW.name);\n  RETURN NEW;\nEND $$;',
  },
  {
    sql: 'CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION touch();',
    removable: {
      name: 'BEFORE trigger users_touch',
      exists: "select 1 from pg_trigger where tgname = 'users_touch'",
      dropSql: [/^DROP TRIGGER users_touch ON public\.users$/],
    },
  },
  {
    sql: 'CREATE TRIGGER invoices_audit AFTER INSERT OR UPDATE ON billing.invoices FOR EACH ROW EXECUTE FUNCTION billing.audit();',
    removable: {
      name: 'AFTER trigger invoices_audit',
      exists: "select 1 from pg_trigger where tgname = 'invoices_audit'",
      dropSql: [/^DROP TRIGGER invoices_audit ON billing\.invoices$/],
    },
  },
  {
    sql: 'CREATE CONSTRAINT TRIGGER invoices_check AFTER INSERT ON billing.invoices DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION billing.audit();',
    removable: {
      name: 'constraint trigger invoices_check',
      exists: "select 1 from pg_trigger where tgname = 'invoices_check'",
      dropSql: [/^DROP TRIGGER invoices_check ON billing\.invoices$/],
    },
  },
  {
    sql: 'CREATE TRIGGER user_emails_insert INSTEAD OF INSERT ON user_emails FOR EACH ROW EXECUTE FUNCTION insert_user_email();',
    removable: {
      name: 'INSTEAD OF trigger user_emails_insert on a view',
      exists: "select 1 from pg_trigger where tgname = 'user_emails_insert'",
      dropSql: [/^DROP TRIGGER user_emails_insert ON public\.user_emails$/],
    },
  },
  {
    sql: 'CREATE MATERIALIZED VIEW billing.user_totals AS SELECT user_id, sum(amount) AS total FROM billing.invoices GROUP BY user_id;\nCREATE UNIQUE INDEX user_totals_user ON billing.user_totals (user_id);',
    removable: {
      name: 'materialized view billing.user_totals (and its index)',
      exists: "select 1 from pg_class where oid = to_regclass('billing.user_totals')",
      dropSql: [/^DROP MATERIALIZED VIEW billing\.user_totals$/],
    },
  },
  { sql: 'ALTER TABLE billing.invoices ENABLE ROW LEVEL SECURITY;' },
  {
    sql: "CREATE POLICY invoices_owner ON billing.invoices FOR SELECT USING (user_id = current_setting('app.user_id', true)::integer);",
    removable: {
      name: 'policy invoices_owner',
      exists: "select 1 from pg_policy where polname = 'invoices_owner'",
      dropSql: [/^DROP POLICY invoices_owner ON billing\.invoices$/],
    },
  },
  {
    sql: "CREATE POLICY invoices_not_void ON billing.invoices AS RESTRICTIVE FOR ALL TO PUBLIC USING (status <> 'void');",
    removable: {
      name: 'policy invoices_not_void',
      exists: "select 1 from pg_policy where polname = 'invoices_not_void'",
      dropSql: [/^DROP POLICY invoices_not_void ON billing\.invoices$/],
    },
  },
];

function schemaWithout(skip?: string): string {
  return parts
    .filter((x) => !x.removable || x.removable.name !== skip)
    .map((x) => x.sql + '\n')
    .join('');
}

/** A distinctive piece of `pg_dump --schema-only` for every object of the fixture. */
const DUMPED = [
  'CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;',
  'CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;',
  'CREATE SCHEMA billing;',
  "COMMENT ON SCHEMA billing IS 'invoices and payments';",
  'CREATE DOMAIN billing.cents AS bigint',
  'CONSTRAINT cents_not_negative CHECK ((VALUE >= 0))',
  'CREATE TYPE public.address AS (',
  'home public.address',
  'email public.citext NOT NULL',
  'CREATE TABLE public.users (',
  "COMMENT ON TABLE public.users IS 'people who sign in';",
  "COMMENT ON COLUMN public.users.email IS 'case-insensitive sign-in';",
  'CREATE INDEX users_name_trgm ON public.users USING gin (name public.gin_trgm_ops);',
  "COMMENT ON INDEX public.users_name_trgm IS 'fuzzy name search';",
  'CREATE TABLE public.audit_log (',
  'CREATE TABLE billing.invoices (',
  'amount billing.cents NOT NULL',
  'CREATE INDEX invoices_user_incl ON billing.invoices USING btree (user_id) INCLUDE (amount, status);',
  'FOREIGN KEY (user_id) REFERENCES public.users(id)',
  'CREATE TABLE billing.payments (',
  'PARTITION BY RANGE (paid_on)',
  "ATTACH PARTITION billing.payments_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
  "ATTACH PARTITION billing.payments_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
  "ATTACH PARTITION billing.payments_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');",
  'ATTACH PARTITION billing.payments_default DEFAULT;',
  'FOREIGN KEY (invoice_id) REFERENCES billing.invoices(id)',
  'CREATE FUNCTION public.touch() RETURNS trigger',
  'CREATE FUNCTION billing.audit() RETURNS trigger',
  'CREATE FUNCTION billing.user_total(uid integer) RETURNS bigint',
  "COMMENT ON FUNCTION billing.user_total(uid integer) IS 'sum of a user''s invoices';",
  'CREATE PROCEDURE billing.close_invoice(IN inv integer)',
  'CREATE VIEW public.user_emails AS',
  'CREATE FUNCTION public.insert_user_email() RETURNS trigger',
  'CREATE TRIGGER users_touch BEFORE UPDATE ON public.users',
  'CREATE TRIGGER invoices_audit AFTER INSERT OR UPDATE ON billing.invoices',
  'CREATE CONSTRAINT TRIGGER invoices_check AFTER INSERT ON billing.invoices DEFERRABLE INITIALLY DEFERRED',
  'CREATE TRIGGER user_emails_insert INSTEAD OF INSERT ON public.user_emails',
  'CREATE MATERIALIZED VIEW billing.user_totals AS',
  'CREATE UNIQUE INDEX user_totals_user ON billing.user_totals USING btree (user_id);',
  'ALTER TABLE billing.invoices ENABLE ROW LEVEL SECURITY;',
  'CREATE POLICY invoices_owner ON billing.invoices FOR SELECT USING',
  'CREATE POLICY invoices_not_void ON billing.invoices AS RESTRICTIVE USING',
];

describe('a real-world PostgreSQL schema: every modelled kind at once, in two schemas', () => {
  let p: EngineProject;

  it('migrate → apply → status is clean, and pg_dump shows every object', async () => {
    p = await newEngineProject(engine, cleanups);
    p.write('db/schema/schema.sql', schemaWithout());
    expectOk(await p.flash('migrate', 'real world'));
    const up = upStatements(p, splitStatements);
    const at = (re: RegExp) => up.findIndex((s) => re.test(s));
    expect(at(/^CREATE EXTENSION IF NOT EXISTS citext/)).toBeLessThan(at(/^CREATE TABLE "?users/));
    expect(at(/^CREATE SCHEMA billing$/)).toBeLessThan(at(/^CREATE DOMAIN billing\.cents/));
    expect(at(/^CREATE TABLE "?users/)).toBeLessThan(at(/^CREATE TABLE billing\.invoices/));
    expect(at(/^CREATE TABLE billing\.payments /)).toBeLessThan(at(/^CREATE TABLE billing\.payments_default/));
    expectOk(await p.flash('apply'));
    const st = await p.flash('status');
    expectOk(st);
    expect(st.stdout).toContain('schema: in sync with the applied migrations (');
    expect(st.stdout + st.stderr).not.toContain('W_UNMODELLED');

    const dump = execFileSync('pg_dump', ['--schema-only', p.url], { encoding: 'utf8' });
    expect(DUMPED.filter((s) => !dump.includes(s))).toEqual([]);

    // the objects work together: the INSTEAD OF trigger inserts through the view, the AFTER and the
    // constraint trigger each log an invoice, a payment lands in its partition, the procedure runs
    await p.sql("INSERT INTO user_emails (email, name) VALUES ('Ann@Example.com', 'ann')");
    expect(await p.sql("select id from users where email = 'ann@example.com'")).toEqual([{ id: 1 }]);
    await p.sql('INSERT INTO billing.invoices (user_id, amount) VALUES (1, 500)');
    expect(await p.count('audit_log')).toBe(2);
    await p.sql("INSERT INTO billing.payments (id, invoice_id, paid_on, amount) VALUES (1, 1, '2025-06-01', 500)");
    expect(await p.count('billing.payments_2025')).toBe(1);
    await p.sql('CALL billing.close_invoice(1)');
    expect(await p.sql('select billing.user_total(1) as total')).toEqual([{ total: '500' }]);
    await p.sql('REFRESH MATERIALIZED VIEW billing.user_totals');
    expect(await p.count('billing.user_totals')).toBe(1);
  });

  it('pull into an empty repository reproduces the same snapshot hash, and nothing is left to migrate', () => expectPullReproduces(p));

  it('an object added by hand in billing shows in flash diff live schema, and flash check passes', async () => {
    await p.sql('CREATE TABLE billing.by_hand (id int)');
    const diff = await p.flash('diff', 'live', 'schema');
    expect(diff.stdout).toContain('billing.by_hand');
    const st = await p.flash('status');
    expect(st.stdout).not.toContain('schema: in sync');
    await p.sql('DROP TABLE billing.by_hand');

    p.commitAll('real world');
    const check = await p.flash('check');
    expectOk(check);
    expect(check.stdout + check.stderr).not.toMatch(/E_MISSING_MIGRATION|W_UNMODELLED/);
  });

  // Not removed alone, because other objects depend on them: the extensions (users.email is citext,
  // users_name_trgm uses gin_trgm_ops), the schema billing, the domain billing.cents and the type
  // address (columns use them), the tables, the partitioned parent and the partitions 2024/2025 it
  // needs for the payment above, the view user_emails (its INSTEAD OF trigger), the trigger
  // functions touch, billing.audit and insert_user_email (triggers call them), and row-level
  // security on billing.invoices (its policies).
  for (const r of parts.flatMap((x) => (x.removable ? [x.removable] : []))) {
    it(`removing ${r.name} is a migration that drops exactly it, whose Down restores it`, () =>
      expectRemovalRoundTrip(p, r, schemaWithout));
  }
});

describe('on the embedded PGlite shadow', () => {
  it('the same schema: migrate, apply, status in sync', async () => {
    const q = await newEngineProject({ ...engine, serverShadowUrl: undefined }, cleanups);
    q.write('db/schema/schema.sql', schemaWithout());
    expectOk(await q.flash('migrate', 'real world'));
    expectOk(await q.flash('apply'));
    const st = await q.flash('status');
    expectOk(st);
    expect(st.stdout).toContain('schema: in sync with the applied migrations (');
    expect(st.stdout + st.stderr).not.toContain('W_UNMODELLED');
  });
});
