import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDialect } from '../../src/dialects/registry.js';
import { splitStatements } from '../../src/dialects/postgres/split-statements.js';
import { PG_URL } from '../helpers/db-urls.js';
import { runFlash, tempDir } from '../helpers/cli.js';
import { expectOk, newEngineProject, type EngineProject, upStatements, lockHead } from '../helpers/engine-project.js';
import { postgresEngine, withDbPrefix } from './lifecycle-engines.js';

// Privileges (GRANT / REVOKE on tables, columns, sequences, functions and schema public, and ALTER
// DEFAULT PRIVILEGES) are modelled on PostgreSQL as ACL state: migrate → apply → status is clean,
// pull reproduces the snapshot, a grant made by hand is drift, removing one is a migration that
// revokes exactly it and whose Down grants it again, and a grant to a role the server lacks is
// refused (E_MISSING_ROLE) with nothing applied. Roles are cluster objects: the test makes its own.

const engine = withDbPrefix(postgresEngine, 'grant');

const suffix = randomBytes(4).toString('hex');
const reader = `grant_reader_${suffix}`;
const writer = `grant_writer_${suffix}`;
const missing = `grant_missing_${suffix}`;
const gone = `grant_gone_${suffix}`;

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
  await admin(`CREATE ROLE ${reader} NOLOGIN; CREATE ROLE ${writer} NOLOGIN`);
});
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
  await admin(
    `DROP ROLE IF EXISTS ${reader}; DROP ROLE IF EXISTS ${writer}; DROP ROLE IF EXISTS ${missing}; DROP ROLE IF EXISTS ${gone}`,
  ).catch(() => {});
});

/** Each privilege of the fixture: its statement in db/schema, how to check it live, and the Up that removing it gives. */
const grants: Array<{ name: string; sql: string; holds: string; up: RegExp }> = [
  {
    name: 'table SELECT',
    sql: `GRANT SELECT ON users TO ${reader};`,
    holds: `select has_table_privilege('${reader}', 'users', 'SELECT') as ok`,
    up: new RegExp(`^REVOKE SELECT ON TABLE public\\.users FROM ${reader}$`),
  },
  {
    name: 'table INSERT with grant option',
    sql: `GRANT INSERT ON users TO ${writer} WITH GRANT OPTION;`,
    holds: `select has_table_privilege('${writer}', 'users', 'INSERT WITH GRANT OPTION') as ok`,
    up: new RegExp(`^REVOKE INSERT ON TABLE public\\.users FROM ${writer}$`),
  },
  {
    name: 'column UPDATE',
    sql: `GRANT UPDATE (name) ON users TO ${writer};`,
    holds: `select has_column_privilege('${writer}', 'users', 'name', 'UPDATE') as ok`,
    up: new RegExp(`^REVOKE UPDATE \\(name\\) ON TABLE public\\.users FROM ${writer}$`),
  },
  {
    name: 'view SELECT',
    sql: `GRANT SELECT ON user_emails TO ${reader};`,
    holds: `select has_table_privilege('${reader}', 'user_emails', 'SELECT') as ok`,
    up: new RegExp(`^REVOKE SELECT ON TABLE public\\.user_emails FROM ${reader}$`),
  },
  {
    name: 'sequence USAGE',
    sql: `GRANT USAGE ON SEQUENCE order_no TO ${reader};`,
    holds: `select has_sequence_privilege('${reader}', 'order_no', 'USAGE') as ok`,
    up: new RegExp(`^REVOKE USAGE ON SEQUENCE public\\.order_no FROM ${reader}$`),
  },
  {
    name: 'serial sequence USAGE',
    sql: `GRANT USAGE ON SEQUENCE users_id_seq TO ${writer};`,
    holds: `select has_sequence_privilege('${writer}', 'users_id_seq', 'USAGE') as ok`,
    up: new RegExp(`^REVOKE USAGE ON SEQUENCE public\\.users_id_seq FROM ${writer}$`),
  },
  {
    name: 'function EXECUTE',
    sql: `GRANT EXECUTE ON FUNCTION user_count() TO ${reader};`,
    holds: `select has_function_privilege('${reader}', 'user_count()', 'EXECUTE') as ok`,
    up: new RegExp(`^REVOKE EXECUTE ON FUNCTION public\\.user_count\\(\\) FROM ${reader}$`),
  },
  {
    name: 'function EXECUTE revoked from PUBLIC',
    sql: 'REVOKE EXECUTE ON FUNCTION user_count() FROM PUBLIC;',
    holds: `select not has_function_privilege('${writer}', 'user_count()', 'EXECUTE') as ok`,
    up: /^GRANT EXECUTE ON FUNCTION public\.user_count\(\) TO PUBLIC$/,
  },
  {
    name: 'schema USAGE',
    sql: `GRANT CREATE ON SCHEMA public TO ${writer};`,
    holds: `select has_schema_privilege('${writer}', 'public', 'CREATE') as ok`,
    up: new RegExp(`^REVOKE CREATE ON SCHEMA public FROM ${writer}$`),
  },
  {
    name: 'default privileges',
    sql: `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ${reader};`,
    holds: `select exists (select 1 from pg_default_acl d, aclexplode(d.defaclacl) a where a.grantee = '${reader}'::regrole) as ok`,
    up: new RegExp(`^ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM ${reader}$`),
  },
];

const base =
  'CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, name text);\n' +
  'CREATE VIEW user_emails AS SELECT id, email FROM users;\n' +
  'CREATE SEQUENCE order_no;\n' +
  'CREATE FUNCTION user_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM users $$;\n';

function schemaWithout(skip?: string): string {
  return (
    base +
    grants
      .filter((g) => g.name !== skip)
      .map((g) => g.sql + '\n')
      .join('')
  );
}

async function holds(p: EngineProject, sql: string): Promise<boolean> {
  return (await p.sql<{ ok: boolean }>(sql))[0].ok;
}

describe('PostgreSQL privileges', () => {
  let p: EngineProject;

  it('migrate → apply → status is clean, and every privilege holds on the server', async () => {
    p = await newEngineProject(engine, cleanups);
    p.write('db/schema/schema.sql', schemaWithout());
    expectOk(await p.flash('migrate', 'privileges'));
    const up = upStatements(p, splitStatements);
    // granted after the objects they apply to
    const at = (re: RegExp) => up.findIndex((s) => re.test(s));
    expect(at(/^GRANT SELECT ON TABLE public\.users /)).toBeGreaterThan(at(/^CREATE TABLE "?users/));
    expect(at(/^GRANT SELECT ON TABLE public\.user_emails /)).toBeGreaterThan(at(/^CREATE VIEW/));
    expect(at(/^REVOKE EXECUTE ON FUNCTION public\.user_count\(\) FROM PUBLIC$/)).toBeGreaterThan(
      at(/FUNCTION public\.user_count\(\)\s+RETURNS/),
    );
    expectOk(await p.flash('apply'));
    const st = await p.flash('status');
    expectOk(st);
    expect(st.stdout).toContain('in sync');
    expect(st.stdout + st.stderr).not.toContain('W_UNMODELLED');
    for (const g of grants) expect(await holds(p, g.holds), g.name).toBe(true);
    const again = await p.flash('migrate', 'nothing');
    expectOk(again);
    expect(again.stdout).toMatch(/no changes/i);
  });

  it('pull into an empty repository reproduces the same snapshot hash', async () => {
    const dir = tempDir('flash-grant-pull-');
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const flash = (...args: string[]) => runFlash(['--cwd', dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: p.url } });
    expectOk(await flash('init', '--postgresql'));
    expectOk(await flash('pull'));
    const pulled = execFileSync('cat', [`${dir}/db/migrations/flash.lock`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .at(-1)!;
    expect(pulled.trim().split(/\s+/).at(-1)).toBe(lockHead(p.read('db/migrations/flash.lock')));
  });

  it('a grant added by hand to the live database shows in flash diff and status', async () => {
    await p.sql(`GRANT DELETE ON users TO ${writer}`);
    const diff = await p.flash('diff', 'live', 'schema');
    expect(diff.stdout).toContain(`DELETE on table users to ${writer}`);
    const st = await p.flash('status');
    expect(st.stdout).not.toContain('schema: in sync');
    await p.sql(`REVOKE DELETE ON users FROM ${writer}`);
    expect((await p.flash('status')).stdout).toContain('in sync');
  });

  for (const g of grants) {
    it(`removing ${g.name} is a migration that undoes exactly it, whose Down restores it`, async () => {
      p.write('db/schema/schema.sql', schemaWithout(g.name));
      expectOk(await p.flash('migrate', 'drop one'));
      const up = upStatements(p, splitStatements);
      expect(up).toHaveLength(1);
      expect(up[0]).toMatch(g.up);
      expectOk(await p.flash('apply'));
      expect(await holds(p, g.holds)).toBe(false);
      expectOk(await p.flash('down', '--yes'));
      expect(await holds(p, g.holds)).toBe(true);
      expectOk(await p.flash('migrate', '--undo-last', '--yes'));
      p.write('db/schema/schema.sql', schemaWithout());
      const st = await p.flash('status');
      expect(st.stdout).toContain('in sync');
    });
  }

  it('a view and a function dropped and created again get their privileges back', async () => {
    const changed = schemaWithout()
      .replace('CREATE VIEW user_emails AS SELECT id, email FROM users;', 'CREATE VIEW user_emails AS SELECT email FROM users;')
      .replace(
        'RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM users $$',
        () => 'RETURNS integer LANGUAGE sql STABLE AS $$ SELECT count(*)::integer FROM users $$',
      );
    p.write('db/schema/schema.sql', changed);
    expectOk(await p.flash('migrate', 'recreate'));
    const up = upStatements(p, splitStatements);
    expect(up.some((s) => /^DROP VIEW/i.test(s))).toBe(true);
    expect(up.some((s) => /^DROP FUNCTION/i.test(s))).toBe(true);
    expectOk(await p.flash('apply'));
    for (const g of grants) expect(await holds(p, g.holds), g.name).toBe(true);
    expect((await p.flash('status')).stdout).toContain('in sync');
    expectOk(await p.flash('down', '--yes'));
    for (const g of grants) expect(await holds(p, g.holds), g.name).toBe(true);
    expectOk(await p.flash('migrate', '--undo-last', '--yes'));
    p.write('db/schema/schema.sql', schemaWithout());
    expect((await p.flash('status')).stdout).toContain('in sync');
  });

  it('a grant to a role the server lacks is refused with E_MISSING_ROLE (server shadow)', async () => {
    const q = await newEngineProject(engine, cleanups);
    q.write('db/schema/schema.sql', `CREATE TABLE t (id int);\nGRANT SELECT ON t TO ${missing};\n`);
    const res = await q.flash('migrate', 'missing');
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('E_MISSING_ROLE');
    expect(res.stderr).toContain(missing);
    expect(q.migrations()).toHaveLength(0);
  });
});

describe('flash down and a role dropped since', () => {
  it('a Down that grants to a role the server no longer has is refused with nothing reverted', async () => {
    await admin(`CREATE ROLE ${gone} NOLOGIN`);
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/schema.sql', `CREATE TABLE t (id int);\nGRANT SELECT ON t TO ${gone};\n`);
    expectOk(await p.flash('migrate', 'grant'));
    expectOk(await p.flash('apply'));
    p.write('db/schema/schema.sql', 'CREATE TABLE t (id int);\n');
    expectOk(await p.flash('migrate', 'revoke'));
    expectOk(await p.flash('apply'));
    await admin(`DROP ROLE ${gone}`);
    const res = await p.flash('down', '--yes');
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('E_MISSING_ROLE');
    expect(res.stderr).toContain(gone);
    expect((await p.flash('status')).stdout).toContain('in sync');
    await admin(`CREATE ROLE ${gone} NOLOGIN`);
    expectOk(await p.flash('down', '--yes'));
    expect(await holds(p, `select has_table_privilege('${gone}', 't', 'SELECT') as ok`)).toBe(true);
  });
});

describe('on the embedded PGlite shadow', () => {
  it('grants to roles of the server: migrate → apply → status clean; a missing role is refused by apply with nothing applied', async () => {
    const p = await newEngineProject({ ...engine, serverShadowUrl: undefined }, cleanups);
    p.write('db/schema/schema.sql', schemaWithout());
    expectOk(await p.flash('migrate', 'privileges'));
    expectOk(await p.flash('apply'));
    const st = await p.flash('status');
    expectOk(st);
    expect(st.stdout).toContain('schema: in sync');
    expect(st.stdout + st.stderr).not.toContain('W_UNMODELLED');

    // PGlite makes the role in its throwaway instance; the server has none: apply refuses before running anything.
    p.write('db/schema/schema.sql', `${schemaWithout()}CREATE TABLE later (id int);\nGRANT SELECT ON later TO ${missing};\n`);
    expectOk(await p.flash('migrate', 'missing role'));
    const res = await p.flash('apply');
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('E_MISSING_ROLE');
    expect(res.stderr).toContain(missing);
    expect(await p.sql("select 1 from pg_class where relname = 'later'")).toHaveLength(0);
    expect(await p.sql("select 1 from _flash_migrations where migration_name like '%missing_role%'")).toHaveLength(0);
  });
});

describe('flash merge with privileges', () => {
  const gitEnv = {
    FLASH_SKIP_HOOKS: '1',
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@e.st',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@e.st',
  };

  /** main and feature fork from `base`; each side writes its files (a null text deletes the file) and commits its migration. */
  async function forked(base: Record<string, string>, ours: Record<string, string | null>, theirs: Record<string, string | null>) {
    const p = await newEngineProject(engine, cleanups);
    const sh = (...args: string[]) =>
      execFileSync('git', args, { cwd: p.dir, env: { ...process.env, ...gitEnv }, stdio: 'pipe' }).toString();
    const merge = (...args: string[]) => runFlash(['--cwd', p.dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: p.url, ...gitEnv } });
    const write = (files: Record<string, string | null>) => {
      for (const [f, text] of Object.entries(files)) {
        if (text === null) execFileSync('rm', ['-f', `${p.dir}/db/schema/${f}`]);
        else p.write(`db/schema/${f}`, text);
      }
    };
    write(base);
    expectOk(await merge('migrate', 'base'));
    sh('add', '-A');
    sh('commit', '-qm', 'base');
    sh('checkout', '-qb', 'feature');
    write(theirs);
    expectOk(await merge('migrate', 'feature'));
    sh('add', '-A');
    sh('commit', '-qm', 'feature');
    sh('checkout', '-q', 'main');
    write(ours);
    expectOk(await merge('migrate', 'main'));
    sh('add', '-A');
    sh('commit', '-qm', 'main');
    return { p, merge };
  }

  const usersSql = 'CREATE TABLE users (id integer PRIMARY KEY, email text);\n';

  it('both sides granting different privileges merge cleanly, and the merged history applies', async () => {
    const { p, merge } = await forked(
      { 'users.sql': usersSql + `GRANT SELECT ON users TO ${reader};\n` },
      { 'z_main.sql': `GRANT UPDATE (email) ON users TO ${writer};\n` },
      { 'z_feature.sql': `GRANT INSERT ON users TO ${reader};\n` },
    );
    const res = await merge('merge', 'feature');
    expectOk(res);
    expect((await merge('migrate', 'after merge')).stdout).toMatch(/no changes/i);
    expectOk(await merge('apply'));
    expect(
      await holds(
        p,
        `select has_table_privilege('${reader}', 'users', 'INSERT') and has_column_privilege('${writer}', 'users', 'email', 'UPDATE') as ok`,
      ),
    ).toBe(true);
    expect((await merge('status')).stdout).toContain('in sync');
  });

  it('one side revoking what the other keeps while granting more to the same grantee is C010', async () => {
    const { p, merge } = await forked(
      { 'users.sql': usersSql + `GRANT SELECT ON users TO ${reader};\n` },
      { 'users.sql': usersSql },
      { 'z_feature.sql': `GRANT INSERT ON users TO ${reader};\n` },
    );
    const res = await merge('merge', 'feature');
    expect(res.code, res.stdout + res.stderr).toBe(3);
    const conflicts = JSON.parse(p.read('.flash/MERGE_CONFLICTS.json')) as { conflicts: Array<{ code: string; path: string }> };
    expect(conflicts.conflicts.map((c) => [c.code, c.path])).toEqual([['C010', `privileges:table users ${reader}`]]);
  });
});
