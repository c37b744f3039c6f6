import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { diffSchemas } from '../../src/core/diff/diff.js';
import type { Provider, Schema } from '../../src/core/model/schema.js';
import { dataChecks } from '../../src/core/lint/data-checks.js';
import { lintOperations } from '../../src/core/lint/lint-operations.js';
import { withTempMysqlDb } from '../dialects/mysql-test-db.js';
import { withTempDb } from '../dialects/postgres-test-db.js';
import { col, entity, fk, schema, table } from './diff-builders.js';
import { traitsOf } from '../helpers/engine-traits.js';

type SqlProvider = Exclude<Provider, 'mongodb'>;

/**
 * The planned count queries run against real engines holding known rows: each check must count
 * exactly the rows that would break (or be lost), on PostgreSQL, MariaDB and SQLite.
 */
const ddl = [
  'CREATE TABLE users (id INT NOT NULL PRIMARY KEY, email VARCHAR(255), nick TEXT, age BIGINT, score INT)',
  'CREATE TABLE posts (id INT NOT NULL PRIMARY KEY, user_id INT)',
  'CREATE TABLE logs (id INT NOT NULL PRIMARY KEY)',
  "INSERT INTO users VALUES (1, 'a@x', NULL, 10, 5), (2, 'a@x', 'n2', 3000000000, -1), (3, NULL, 'n3', 20, 7), (4, 'long-email-address', NULL, NULL, 1)",
  'INSERT INTO posts VALUES (1, 1), (2, 99), (3, NULL), (4, 98)',
  'INSERT INTO logs VALUES (1), (2), (3)',
];

function schemas(provider: Provider): { from: Schema; to: Schema } {
  const int = provider === 'mysql' ? 'int' : 'integer';
  const users = entity('users', [col('email', 'varchar(255)'), col('nick', 'text'), col('age', 'bigint'), col('score', int)]);
  const from = schema([users, entity('posts', [col('user_id', int)]), entity('logs')], {}, provider);
  const to = schema(
    [
      entity(
        'users',
        [col('email', 'varchar(10)', { nullable: false }), col('age', int), col('score', int), col('status', 'text', { nullable: false })],
        {
          uniques: [{ name: 'users_email_key', columns: ['email'] }],
          checks: [{ name: 'users_score_pos', expression: '(score > 0)' }],
        },
      ),
      entity('posts', [col('user_id', int)], { foreignKeys: [fk('posts_user', ['user_id'], 'users')] }),
    ],
    {},
    provider,
  );
  return { from, to };
}

const expected: Record<string, number> = {
  'L001 logs': 3,
  'L002 users.nick': 2,
  'L004 users.email': 1,
  'L003 users.email': 1,
  'L003 users.age': 1,
  'L004 users.status': 4,
  'L005 users.users_email_key': 1,
  'L012 users.users_score_pos': 1,
  'L010 posts.posts_user': 2,
};

async function counts(provider: SqlProvider, run: (sql: string) => Promise<number>): Promise<Record<string, number>> {
  const { from, to } = schemas(provider);
  const ops = diffSchemas(from, to, { traits: traitsOf(from.provider) });
  const traits = traitsOf(provider);
  const checks = dataChecks(ops, { traits, from, to });
  // Every check quantifies a lint finding of the same operation.
  const findings = lintOperations(ops, { traits, from, to });
  for (const c of checks)
    expect(
      findings.some((f) => f.op === c.op && f.code === c.code),
      `${c.code} ${c.object}`,
    ).toBe(true);
  const out: Record<string, number> = {};
  for (const check of checks) out[`${check.code} ${check.object}`] = await run(check.sql);
  return out;
}

// Servers are shared by parallel test runs; creating a database can wait behind other sessions.
describe('dataChecks counts the rows each risky operation affects', () => {
  it('on SQLite', async () => {
    const db = new Database(':memory:');
    for (const stmt of ddl) db.exec(stmt);
    const got = await counts('sqlite', async (sql) => Number((db.prepare(sql).get() as { n: number }).n));
    db.close();
    // SQLite does not enforce declared sizes, so narrowing is not a risk there.
    const { ['L003 users.email']: _e, ['L003 users.age']: _a, ...rest } = expected;
    expect(got).toEqual(rest);
  });

  it('on PostgreSQL', async () => {
    await withTempDb(async ({ conn }) => {
      for (const stmt of ddl) await conn.exec(stmt);
      const got = await counts('postgresql', async (sql) => Number((await conn.query<{ n: unknown }>(sql))[0].n));
      expect(got).toEqual(expected);
    });
  }, 180_000);

  it('on MariaDB', async () => {
    await withTempMysqlDb(async ({ conn }) => {
      for (const stmt of ddl) await conn.exec(stmt);
      const got = await counts('mysql', async (sql) => Number((await conn.query<{ n: unknown }>(sql))[0].n));
      expect(got).toEqual(expected);
    });
  }, 180_000);
});

describe('dataChecks planning', () => {
  it('uses the current names when the migration renames, and skips expressions over renamed columns', () => {
    const from = schema([entity('people', [col('mail', 'text'), col('n')])]);
    const to = schema([
      entity('users', [col('email', 'text', { nullable: false }), col('n')], { checks: [{ name: 'c', expression: '(email <> n)' }] }),
    ]);
    const ops = diffSchemas(from, to, {
      traits: traitsOf(from.provider),
      renames: { tables: { people: 'users' }, columns: { 'people.mail': 'email' } },
    });
    const checks = dataChecks(ops, { traits: traitsOf('postgresql'), from, to });
    expect(checks.map((c) => [c.code, c.object, c.sql])).toEqual([
      ['L004', 'users.email', 'SELECT COUNT(*) AS n FROM "people" WHERE "mail" IS NULL'],
    ]);
  });

  it('counts every keyed row as an orphan when the referenced table is new, and quotes MySQL names with backticks', () => {
    const from = schema([table('child', [col('p`id')])], {}, 'mysql');
    const to = schema([table('child', [col('p`id')], { foreignKeys: [fk('f', ['p`id'], 'parent')] }), entity('parent')], {}, 'mysql');
    const checks = dataChecks(diffSchemas(from, to, { traits: traitsOf(from.provider) }), { traits: traitsOf('mysql'), from, to });
    expect(checks.map((c) => c.sql)).toEqual(['SELECT COUNT(*) AS n FROM `child` AS c WHERE c.`p``id` IS NOT NULL']);
  });

  it('counts rows holding a removed PostgreSQL enum value, per usage', () => {
    const withEnum = (values: string[]) => schema([entity('t', [col('mood', 'mood')])], { enums: [{ name: 'mood', values }] });
    const from = withEnum(['a', "it's"]);
    const to = withEnum(['a']);
    const checks = dataChecks(diffSchemas(from, to, { traits: traitsOf(from.provider) }), { traits: traitsOf('postgresql'), from, to });
    expect(checks.map((c) => c.sql)).toEqual([`SELECT COUNT(*) AS n FROM "t" WHERE "mood"::text IN ('it''s')`]);
  });

  it('plans nothing for safe changes and marks drops of a down migration as L011', () => {
    const from = schema([entity('t', [col('a')])]);
    const to = schema([entity('t', [col('a'), col('b')]), entity('u')]);
    expect(dataChecks(diffSchemas(from, to, { traits: traitsOf(from.provider) }), { traits: traitsOf('postgresql'), from, to })).toEqual(
      [],
    );
    const down = dataChecks(diffSchemas(to, from, { traits: traitsOf(to.provider) }), {
      traits: traitsOf('postgresql'),
      from: to,
      to: from,
      direction: 'down',
    });
    expect(down.map((c) => `${c.code} ${c.object}`)).toEqual(['L011 u', 'L011 t.b']);
  });
});
