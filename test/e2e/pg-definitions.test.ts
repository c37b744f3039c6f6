import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/dialects/postgres/split-statements.js';
import { expectOk, newEngineProject, type EngineProject, upStatements } from '../helpers/engine-project.js';
import { postgresEngine, withDbPrefix } from './lifecycle-engines.js';
import { expectPullReproduces, expectRemovalRoundTrip, type Removable } from './pg-object-roundtrip.js';

// Functions, procedures, triggers (BEFORE/AFTER/INSTEAD OF/constraint), row-level security and
// policies are modelled on PostgreSQL: migrate → apply → status clean, pull reproduces the snapshot,
// removing one object is a migration that drops exactly it and whose Down restores it, and a
// trigger added by hand shows in `flash diff live schema`.

const engine = withDbPrefix(postgresEngine, 'rt');

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

/** Each object of the fixture: its statement in db/schema and how to find it in the live catalog. */
const objects: Array<Removable & { sql: string }> = [
  {
    name: 'function touch',
    sql: 'CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND $$;',
    exists: "select 1 from pg_proc where proname = 'touch'",
    dropSql: [/^DROP FUNCTION public\.touch\(\)$/],
  },
  {
    name: 'function user_count',
    sql: 'CREATE FUNCTION user_count(min_id integer DEFAULT 0) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM users WHERE id >= min_id $$;',
    exists: "select 1 from pg_proc where proname = 'user_count'",
    dropSql: [/^DROP FUNCTION public\.user_count\(integer\)$/],
  },
  {
    name: 'procedure rename_user',
    sql: 'CREATE PROCEDURE rename_user(uid integer, new_name text) LANGUAGE plpgsql AS $$\nBEGIN\n  UPDATE users SET name = new_name WHERE id = uid;\nEND $$;',
    exists: "select 1 from pg_proc where proname = 'rename_user'",
    dropSql: [/^DROP PROCEDURE public\.rename_user\(integer, text\)$/],
  },
  {
    name: 'trigger users_touch',
    sql: 'CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION touch();',
    exists: "select 1 from pg_trigger where tgname = 'users_touch'",
    dropSql: [/^DROP TRIGGER users_touch ON public\.users$/],
  },
  {
    name: 'trigger users_audit',
    sql: 'CREATE TRIGGER users_audit AFTER INSERT OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION audit();',
    exists: "select 1 from pg_trigger where tgname = 'users_audit'",
    dropSql: [/^DROP TRIGGER users_audit ON public\.users$/],
  },
  {
    name: 'constraint trigger users_check',
    sql: 'CREATE CONSTRAINT TRIGGER users_check AFTER INSERT ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit();',
    exists: "select 1 from pg_trigger where tgname = 'users_check'",
    dropSql: [/^DROP TRIGGER users_check ON public\.users$/],
  },
  {
    name: 'instead of trigger on a view',
    sql: 'CREATE TRIGGER names_insert INSTEAD OF INSERT ON user_names FOR EACH ROW EXECUTE FUNCTION insert_name();',
    exists: "select 1 from pg_trigger where tgname = 'names_insert'",
    dropSql: [/^DROP TRIGGER names_insert ON public\.user_names$/],
  },
  {
    name: 'policy users_read',
    sql: 'CREATE POLICY users_read ON users FOR SELECT USING (id > 0);',
    exists: "select 1 from pg_policy where polname = 'users_read'",
    dropSql: [/^DROP POLICY users_read ON public\.users$/],
  },
  {
    name: 'policy users_write',
    sql: "CREATE POLICY users_write ON users AS RESTRICTIVE FOR UPDATE TO PUBLIC USING (true) WITH CHECK (name <> '');",
    exists: "select 1 from pg_policy where polname = 'users_write'",
    dropSql: [/^DROP POLICY users_write ON public\.users$/],
  },
];

const base =
  'CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, updated_at timestamptz);\n' +
  'CREATE TABLE audit_log (id serial PRIMARY KEY, op text NOT NULL, at timestamptz NOT NULL DEFAULT now());\n' +
  'CREATE VIEW user_names AS SELECT id, name FROM users;\n' +
  'CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  INSERT INTO audit_log (op) VALUES (TG_OP);\n  RETURN NULL;\nEND $$;\n' +
  'CREATE FUNCTION insert_name() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  INSERT INTO users (id, name) VALUES (NEW.id, NEW.name);\n  RETURN NEW;\nEND $$;\n' +
  'ALTER TABLE users ENABLE ROW LEVEL SECURITY;\n' +
  'ALTER TABLE users FORCE ROW LEVEL SECURITY;\n';

function schemaWithout(skip?: string): string {
  return (
    base +
    objects
      .filter((o) => o.name !== skip)
      .map((o) => o.sql + '\n')
      .join('')
  );
}

describe('PostgreSQL functions, procedures, triggers, row-level security and policies', () => {
  let p: EngineProject;

  it('migrate → apply → status is clean, and pg_dump shows every object', async () => {
    p = await newEngineProject(engine, cleanups);
    p.write('db/schema/schema.sql', schemaWithout());
    expectOk(await p.flash('migrate', 'objects'));
    const up = upStatements(p, splitStatements);
    // functions before the tables that could use them in a default; triggers and policies after
    const at = (re: RegExp) => up.findIndex((s) => re.test(s));
    expect(at(/FUNCTION public\.touch\(\)/)).toBeLessThan(at(/^CREATE TABLE "?users/));
    expect(at(/^CREATE TRIGGER users_audit/)).toBeGreaterThan(at(/^CREATE VIEW/));
    // a SQL body is checked against the tables it reads when created
    expect(at(/FUNCTION public\.user_count/)).toBeGreaterThan(at(/^CREATE TABLE "?users/));
    expectOk(await p.flash('apply'));
    const st = await p.flash('status');
    expectOk(st);
    expect(st.stdout).toContain('in sync');
    expect(st.stdout + st.stderr).not.toContain('W_UNMODELLED');

    const dump = execFileSync('pg_dump', ['--schema-only', p.url], { encoding: 'utf8' });
    for (const name of ['touch()', 'user_count(', 'rename_user(', 'audit()', 'insert_name()'])
      expect(dump).toContain(`FUNCTION public.${name}`.replace('FUNCTION public.rename_user', 'PROCEDURE public.rename_user'));
    for (const trigger of [
      'TRIGGER users_touch BEFORE UPDATE',
      'TRIGGER users_audit AFTER INSERT OR DELETE',
      'CONSTRAINT TRIGGER users_check',
      'TRIGGER names_insert INSTEAD OF INSERT',
    ])
      expect(dump).toContain(trigger);
    expect(dump).toMatch(/ALTER TABLE (ONLY )?public\.users ENABLE ROW LEVEL SECURITY/);
    expect(dump).toMatch(/ALTER TABLE (ONLY )?public\.users FORCE ROW LEVEL SECURITY/);
    expect(dump).toContain('CREATE POLICY users_read ON public.users FOR SELECT');
    expect(dump).toContain('CREATE POLICY users_write ON public.users AS RESTRICTIVE FOR UPDATE');

    // the triggers really run: users_audit and the constraint trigger users_check each log the insert
    await p.sql("INSERT INTO users (id, name) VALUES (1, 'ann')");
    expect(await p.count('audit_log')).toBe(2);
  });

  it('pull into an empty repository reproduces the same snapshot hash', () => expectPullReproduces(p));

  it('a trigger added by hand to the live database shows in flash diff live schema', async () => {
    await p.sql('CREATE TRIGGER by_hand BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch()');
    const diff = await p.flash('diff', 'live', 'schema');
    expect(diff.stdout).toContain('trigger users.by_hand');
    const st = await p.flash('status');
    expect(st.stdout).not.toContain('schema: in sync');
    await p.sql('DROP TRIGGER by_hand ON users');
  });

  // touch() is what users_touch calls: it cannot go alone.
  for (const o of objects.filter((x) => x.name !== 'function touch')) {
    it(`removing ${o.name} is a migration that drops exactly it, whose Down restores it`, () =>
      expectRemovalRoundTrip(p, o, schemaWithout));
  }
});

describe('on the embedded PGlite shadow (a newer PostgreSQL than the server)', () => {
  it('the desired definitions match what the server stores: status is clean after apply', async () => {
    const p = await newEngineProject({ ...engine, serverShadowUrl: undefined }, cleanups);
    p.write('db/schema/schema.sql', schemaWithout());
    expectOk(await p.flash('migrate', 'objects'));
    expectOk(await p.flash('apply'));
    const st = await p.flash('status');
    expectOk(st);
    expect(st.stdout).toContain('schema: in sync');
    const again = await p.flash('migrate', 'nothing');
    expectOk(again);
    expect(again.stdout).toMatch(/no changes/i);
  });
});
