import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/dialects/postgres/split-statements.js';
import { runFlash, tempDir } from '../helpers/cli.js';
import { expectOk, newEngineProject, type EngineProject, upStatements, lockHead, migrationDdl } from '../helpers/engine-project.js';
import { postgresEngine, withDbPrefix } from './lifecycle-engines.js';

// PostgreSQL aggregates (CREATE AGGREGATE, issue #11) are modelled, rebuilt from pg_aggregate:
// migrate → apply → status clean with a view using one whose state function is new in the same
// migration, pull reproduces the snapshot, a change is CREATE OR REPLACE AGGREGATE (the view using it
// stays) whose Down restores it, and removing one drops exactly it.

const engine = withDbPrefix(postgresEngine, 'flash_agg');

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

const base =
  'CREATE TABLE orders (id serial PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL);\n' +
  'CREATE FUNCTION sum_sq_step(state bigint, x integer) RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS $$\nBEGIN\n  RETURN state + x * x;\nEND $$;\n' +
  'CREATE FUNCTION sum_sq_final(state bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT state * 10 $$;\n' +
  'CREATE VIEW customer_norms AS SELECT customer, sum_sq(amount) AS norm FROM orders GROUP BY customer;\n';

const sumSq = (initcond: string) =>
  `CREATE AGGREGATE sum_sq(integer) (\n  SFUNC = sum_sq_step,\n  STYPE = bigint,\n  FINALFUNC = sum_sq_final,\n  INITCOND = '${initcond}',\n  PARALLEL = SAFE\n);\n`;

/** An ordered-set aggregate on built-in support functions (the one percentile_disc uses). */
const myPercentile =
  'CREATE AGGREGATE my_percentile(float8 ORDER BY integer) (SFUNC = ordered_set_transition, STYPE = internal, FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA);\n';

const countAll = "CREATE AGGREGATE count_all(*) (SFUNC = int8inc, STYPE = int8, INITCOND = '0');\n";

/** A privilege on an aggregate is GRANT / REVOKE … ON FUNCTION (GRANT has no ON AGGREGATE). */
const revoke = 'REVOKE EXECUTE ON FUNCTION sum_sq(integer) FROM PUBLIC;\n';

const schema = (initcond = '0', extra = myPercentile + countAll) => base + sumSq(initcond) + revoke + extra;

const norms = (p: EngineProject) =>
  p.sql<{ customer: string; norm: string }>('SELECT customer, norm::text AS norm FROM customer_norms ORDER BY 1');

describe('PostgreSQL aggregates', () => {
  let p: EngineProject;

  it('migrate → apply → status is clean; the state function is created before the aggregate, the aggregate before the view', async () => {
    p = await newEngineProject(engine, cleanups);
    p.write('db/schema/schema.sql', schema());
    expectOk(await p.flash('migrate', 'aggregates'));
    const up = upStatements(p, splitStatements);
    const at = (re: RegExp) => {
      const i = up.findIndex((s) => re.test(s));
      expect(i, `${re} in\n${up.join('\n')}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    expect(at(/FUNCTION public\.sum_sq_step\(/)).toBeLessThan(at(/^CREATE AGGREGATE public\.sum_sq\(integer\)/));
    expect(at(/FUNCTION public\.sum_sq_final\(/)).toBeLessThan(at(/^CREATE AGGREGATE public\.sum_sq\(integer\)/));
    expect(at(/^CREATE AGGREGATE public\.sum_sq\(integer\)/)).toBeLessThan(at(/^CREATE VIEW "?customer_norms/));
    expect(at(/^CREATE AGGREGATE public\.my_percentile\(double precision ORDER BY integer\)/)).toBeGreaterThanOrEqual(0);
    expect(at(/^CREATE AGGREGATE public\.count_all\(\*\)/)).toBeGreaterThanOrEqual(0);
    expectOk(await p.flash('apply'));
    const st = await p.flash('status');
    expectOk(st);
    expect(st.stdout).toContain('schema: in sync');
    expect(st.stdout + st.stderr).not.toContain('W_UNMODELLED');

    const dump = execFileSync('pg_dump', ['--schema-only', p.url], { encoding: 'utf8' });
    expect(dump).toContain('CREATE AGGREGATE public.sum_sq(integer)');
    expect(dump).toContain('CREATE AGGREGATE public.my_percentile(double precision ORDER BY integer)');
    expect(dump).toContain('CREATE AGGREGATE public.count_all(*)');
    expect(dump).toContain('REVOKE ALL ON FUNCTION public.sum_sq(integer) FROM PUBLIC');

    await p.sql("INSERT INTO orders (customer, amount) VALUES ('ann', 1), ('ann', 2), ('bob', 3)");
    expect(await norms(p)).toEqual([
      { customer: 'ann', norm: '50' },
      { customer: 'bob', norm: '90' },
    ]);
    expect(await p.sql('SELECT my_percentile(0.5) WITHIN GROUP (ORDER BY amount)::int AS m, count_all(*)::int AS n FROM orders')).toEqual([
      { m: 2, n: 3 },
    ]);
  });

  it('pull into an empty repository reproduces the same snapshot hash', async () => {
    const dir = tempDir('flash-agg-pull-');
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const flash = (...args: string[]) => runFlash(['--cwd', dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: p.url } });
    expectOk(await flash('init', '--postgresql'));
    expectOk(await flash('pull'));
    const pulled = execFileSync('cat', [`${dir}/db/migrations/flash.lock`], { encoding: 'utf8' });
    expect(lockHead(pulled)).toBe(lockHead(p.read('db/migrations/flash.lock')));
  });

  it('an aggregate added by hand to the live database shows in flash diff live schema', async () => {
    await p.sql('CREATE AGGREGATE by_hand(integer) (SFUNC = int4pl, STYPE = integer)');
    const diff = await p.flash('diff', 'live', 'schema');
    expect(diff.stdout).toContain('aggregate public.by_hand(integer)');
    expect((await p.flash('status')).stdout).not.toContain('schema: in sync');
    await p.sql('DROP AGGREGATE by_hand(integer)');
    expect((await p.flash('status')).stdout).toContain('schema: in sync');
  });

  it('changing INITCOND replaces the aggregate in place (the view using it stays); Down restores it', async () => {
    p.write('db/schema/schema.sql', schema('100'));
    expectOk(await p.flash('migrate', 'initcond'));
    const file = p.migrations().at(-1)!;
    const up = upStatements(p, splitStatements);
    expect(up).toHaveLength(1);
    expect(up[0]).toMatch(/^CREATE OR REPLACE AGGREGATE public\.sum_sq\(integer\) \(/);
    expect(up[0]).toContain("INITCOND = '100'");
    expect(migrationDdl(p, file, 'down').join('\n')).toContain('CREATE OR REPLACE AGGREGATE public.sum_sq(integer)');
    expectOk(await p.flash('apply'));
    expect(await norms(p)).toEqual([
      { customer: 'ann', norm: '1050' },
      { customer: 'bob', norm: '1090' },
    ]);
    expect((await p.flash('status')).stdout).toContain('schema: in sync');
    expectOk(await p.flash('down', '--yes'));
    expect(await norms(p)).toEqual([
      { customer: 'ann', norm: '50' },
      { customer: 'bob', norm: '90' },
    ]);
    expectOk(await p.flash('migrate', '--undo-last', '--yes'));
    p.write('db/schema/schema.sql', schema());
    expect((await p.flash('status')).stdout).toContain('schema: in sync');
  });

  for (const [name, extra, drop] of [
    ['my_percentile', countAll, /^DROP AGGREGATE public\.my_percentile\(double precision ORDER BY integer\)$/],
    ['count_all', myPercentile, /^DROP AGGREGATE public\.count_all\(\*\)$/],
  ] as const) {
    it(`removing ${name} drops exactly it; Down restores it`, async () => {
      const exists = `SELECT 1 FROM pg_proc WHERE proname = '${name}'`;
      p.write('db/schema/schema.sql', schema('0', extra));
      expectOk(await p.flash('migrate', `drop ${name}`));
      const up = upStatements(p, splitStatements);
      expect(up).toHaveLength(1);
      expect(up[0]).toMatch(drop);
      expectOk(await p.flash('apply'));
      expect(await p.sql(exists)).toHaveLength(0);
      expect((await p.flash('status')).stdout).toContain('schema: in sync');
      expectOk(await p.flash('down', '--yes'));
      expect(await p.sql(exists)).toHaveLength(1);
      expectOk(await p.flash('migrate', '--undo-last', '--yes'));
      p.write('db/schema/schema.sql', schema());
      expect((await p.flash('status')).stdout).toContain('schema: in sync');
    });
  }

  it('removing the aggregate, its view and its functions drops the view, then the aggregate, then the functions', async () => {
    p.write(
      'db/schema/schema.sql',
      'CREATE TABLE orders (id serial PRIMARY KEY, customer text NOT NULL, amount integer NOT NULL);\n' + myPercentile + countAll,
    );
    expectOk(await p.flash('migrate', 'drop sum_sq'));
    const up = upStatements(p, splitStatements);
    const at = (re: RegExp) => up.findIndex((s) => re.test(s));
    expect(at(/^DROP VIEW/)).toBeGreaterThanOrEqual(0);
    expect(at(/^DROP VIEW/)).toBeLessThan(at(/^DROP AGGREGATE public\.sum_sq\(integer\)$/));
    expect(at(/^DROP AGGREGATE public\.sum_sq\(integer\)$/)).toBeLessThan(at(/^DROP FUNCTION public\.sum_sq_step\(bigint, integer\)$/));
    expect(at(/^DROP AGGREGATE public\.sum_sq\(integer\)$/)).toBeLessThan(at(/^DROP FUNCTION public\.sum_sq_final\(bigint\)$/));
    expectOk(await p.flash('apply'));
    expect((await p.flash('status')).stdout).toContain('schema: in sync');
    expectOk(await p.flash('down', '--yes'));
    expect(await norms(p)).toHaveLength(2);
  });
});

describe('aggregates on the embedded PGlite shadow', () => {
  it('the desired aggregates match what the server stores: status is clean after apply, nothing more to migrate', async () => {
    const q = await newEngineProject({ ...engine, serverShadowUrl: undefined }, cleanups);
    q.write('db/schema/schema.sql', schema());
    expectOk(await q.flash('migrate', 'aggregates'));
    expectOk(await q.flash('apply'));
    const st = await q.flash('status');
    expectOk(st);
    expect(st.stdout).toContain('schema: in sync');
    const again = await q.flash('migrate', 'nothing');
    expectOk(again);
    expect(again.stdout).toMatch(/no changes/i);
  });
});
