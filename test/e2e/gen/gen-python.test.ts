import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgresAdmin } from '../../../src/dialects/postgres/admin.js';
import { mysqlAdmin } from '../../../src/dialects/mysql/admin.js';
import { MYSQL_URL, PG_URL, uniqueDbName } from '../../helpers/db-urls.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { fixtureProject, mypyStrict, PYTHON, runProgram, snapshotDir } from './gen-helpers.js';

const scripts = path.join(REPO_ROOT, 'test/e2e/gen/python');

/** A user file whose lines from the 4th on are each one misuse mypy must reject. */
function misuseFile(imports: string, misuses: string[]): { source: string; firstLine: number; count: number } {
  return {
    source: `${imports}\nimport flash_py as q\nconn: q.Connection = ...  # type: ignore[assignment]\n${misuses.join('\n')}\n`,
    firstLine: 4,
    count: misuses.length,
  };
}

/** Generate twice (the second from the cache) and once uncached: the Python package is byte-identical each time. */
async function generateDeterministically(name: string, opts: Parameters<typeof fixtureProject>[1] = {}) {
  const project = await fixtureProject(name, opts);
  const first = await project.flash(['gen']);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  const generated = snapshotDir(path.join(project.dir, 'flash_py'));
  expect(Object.keys(generated).sort()).toEqual(['__init__.py', 'py.typed']);
  expect((await project.flash(['gen'])).stdout).toMatch(/from cache/);
  expect(snapshotDir(path.join(project.dir, 'flash_py'))).toEqual(generated);
  const uncached = await fixtureProject(name, { ...opts, env: { ...opts.env, FLASH_NO_CACHE: '1' } });
  expect((await uncached.flash(['gen'])).code).toBe(0);
  expect(snapshotDir(path.join(uncached.dir, 'flash_py'))).toEqual(generated);
  expect((await project.flash(['gen', '--check'])).code).toBe(0);
  const compiled = await runProgram(PYTHON, ['-m', 'py_compile', 'flash_py/__init__.py'], { cwd: project.dir });
  expect(compiled).toEqual({ code: 0, output: '' });
  return { ...project, generated: generated['__init__.py'] };
}

async function typecheck(dir: string, script: string, misuse: ReturnType<typeof misuseFile>): Promise<void> {
  const { cleanOutput, missedLines } = await mypyStrict(dir, path.join(scripts, script), misuse);
  expect(cleanOutput).toBe('');
  expect(missedLines, misuse.source).toEqual([]);
}

describe('flash gen: the Python client', () => {
  it('PostgreSQL (psycopg 3): deterministic, mypy --strict clean, rejects misuse, runs every query', { timeout: 600_000 }, async () => {
    const { dir, generated } = await generateDeterministically('postgresql', { database: { shadow_url: PG_URL } });
    expect(generated).toContain('UserRole = Literal["admin", "member", "guest"]');
    expect(generated).toMatch(
      /class CommentCountsRow:\n {4}post_id: int\n {4}comments: int\n {4}last_body: Optional\[str\]\n {4}karma_sum: Optional\[decimal.Decimal\]\n/,
    );
    expect(generated).toMatch(
      /class UsersWithLatestPostRow:\n {4}user_id: int\n {4}name: str\n {4}post_title: Optional\[str\]\n {4}published: Optional\[bool\]\n/,
    );
    expect(generated).toContain("WHERE p.title LIKE %(prefix)s || '%%'");
    await typecheck(
      dir,
      'postgres_client.py',
      misuseFile('import psycopg', [
        'q.get_user_by_email(conn, email=42)',
        'q.create_user(conn, email="a", name="A", bio=None, role="owner", settings={}, tags=[])',
        't: str = q.users_with_latest_post(conn)[0].post_title',
        'k: str = q.insert_user_returning_id(conn, email="a", name="b")',
        'q.list_users_by_ids(conn)',
        'q.add_karma(conn, amount=1.5, id=1)',
      ]),
    );
    const url = postgresAdmin.urlFor(PG_URL, uniqueDbName('gl'));
    await postgresAdmin.create(url);
    try {
      const schema = await runProgram('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', 'db/schema/schema.sql'], { cwd: dir });
      expect(schema.code, schema.output).toBe(0);
      const result = await runProgram(PYTHON, [path.join(scripts, 'postgres_client.py'), url], { cwd: dir, env: { PYTHONPATH: dir } });
      expect(result).toEqual({ code: 0, output: 'ok\n' });
    } finally {
      await postgresAdmin.drop(url);
    }
  });

  it('MariaDB (PyMySQL): deterministic, mypy --strict clean, rejects misuse, runs every query', { timeout: 600_000 }, async () => {
    const { dir, generated } = await generateDeterministically('mysql', { env: { DATABASE_URL: MYSQL_URL } });
    expect(generated).toMatch(
      /role: Literal\["admin", "member", "guest"\]\n {4}karma: int\n {4}balance: Optional\[decimal.Decimal\]\n {4}settings: JsonValue\n {4}active: bool\n/,
    );
    expect(generated).toContain("WHERE p.title LIKE CONCAT(%s, '%%')");
    // no parameters: PyMySQL does not format the query, so % stays single
    expect(generated).toContain("WHERE email LIKE '%@%'");
    await typecheck(
      dir,
      'mysql_client.py',
      misuseFile('import decimal', [
        'q.get_user(conn, id="1")',
        'q.list_by_role(conn, role="owner", limit=5)',
        't: str = q.users_with_posts(conn)[0].post_title',
        'q.set_balance(conn, balance=1.5, email="x")',
        'b: int = q.inactive_users(conn)[0].balance',
      ]),
    );
    const name = uniqueDbName('gl');
    const url = mysqlAdmin.urlFor(MYSQL_URL, name);
    await mysqlAdmin.create(url);
    try {
      const u = new URL(url);
      const schema = await runProgram(
        'sh',
        ['-c', `mysql -h ${u.hostname} -P ${u.port || '3306'} -u ${u.username} ${name} < db/schema/schema.sql`],
        { cwd: dir },
      );
      expect(schema.code, schema.output).toBe(0);
      const result = await runProgram(PYTHON, [path.join(scripts, 'mysql_client.py'), u.hostname, u.port || '3306', u.username, name], {
        cwd: dir,
        env: { PYTHONPATH: dir },
      });
      expect(result).toEqual({ code: 0, output: 'ok\n' });
    } finally {
      await mysqlAdmin.drop(url);
    }
  });

  it('SQLite (sqlite3): deterministic, mypy --strict clean, rejects misuse, runs every query', { timeout: 600_000 }, async () => {
    const { dir, generated } = await generateDeterministically('sqlite');
    expect(generated).toMatch(
      /class GetUserRow:\n {4}id: int\n {4}email: str\n {4}name: str\n {4}bio: Optional\[str\]\n {4}active: bool\n {4}settings: JsonValue\n {4}score: Optional\[float\]\n {4}karma: int\n {4}created_at: str\n/,
    );
    await typecheck(
      dir,
      'sqlite_client.py',
      misuseFile('import sqlite3', [
        'q.get_user(conn, id="1")',
        'q.create_user(conn, email="a", name="A", bio=None, active=1.5, settings={})',
        't: str = q.users_with_posts(conn)[0].post_title',
        'q.list_users_by_ids(conn, ids=1, active=True)',
      ]),
    );
    const result = await runProgram(PYTHON, [path.join(scripts, 'sqlite_client.py'), 'db/schema/schema.sql'], {
      cwd: dir,
      env: { PYTHONPATH: dir },
    });
    expect(result).toEqual({ code: 0, output: 'ok\n' });
  });
});
