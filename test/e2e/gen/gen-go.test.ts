import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgresAdmin } from '../../../src/dialects/postgres/admin.js';
import { mysqlAdmin } from '../../../src/dialects/mysql/admin.js';
import { MYSQL_URL, PG_URL, uniqueDbName } from '../../helpers/db-urls.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { fixtureProject, runProgram, snapshotDir } from './gen-helpers.js';

/**
 * The Go client compiles with the standard library alone; to run its queries for real the test
 * module uses the drivers Debian packages as Go source (golang-github-lib-pq-dev,
 * golang-github-go-sql-driver-mysql-dev, golang-github-mattn-go-sqlite3-dev), offline.
 */
const GOCODE = '/usr/share/gocode/src';
const goEnv = {
  GOFLAGS: '-mod=mod',
  GOPROXY: 'off',
  GOSUMDB: 'off',
  GOTOOLCHAIN: 'local',
  GOCACHE: path.join(os.tmpdir(), 'flash-test-gocache'),
  GOPATH: path.join(os.tmpdir(), 'flash-test-gopath'),
};

async function go(dir: string, args: string[]) {
  return runProgram('go', args, { cwd: dir, env: goEnv });
}

/** Generate (cached, then uncached): byte-identical Go files, gofmt-clean. */
async function generateGo(name: string, opts: Parameters<typeof fixtureProject>[1] = {}) {
  const project = await fixtureProject(name, opts);
  const first = await project.flash(['gen']);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  const generated = snapshotDir(path.join(project.dir, 'flash_go'));
  expect((await project.flash(['gen'])).code).toBe(0);
  expect(snapshotDir(path.join(project.dir, 'flash_go'))).toEqual(generated);
  const uncached = await fixtureProject(name, { ...opts, env: { ...opts.env, FLASH_NO_CACHE: '1' } });
  expect((await uncached.flash(['gen'])).code).toBe(0);
  expect(snapshotDir(path.join(uncached.dir, 'flash_go'))).toEqual(generated);
  expect(await runProgram('gofmt', ['-l', 'flash_go'], { cwd: project.dir })).toEqual({ code: 0, output: '' });
  return { dir: project.dir, generated };
}

/**
 * A module around the generated package: `go vet` and `go build` with the standard library only,
 * then with `driver` (module path, version, Debian source dir) and the runner program `main`.
 */
async function buildModule(dir: string, driver: [string, string], main: string): Promise<void> {
  writeFileSync(path.join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.19\n');
  const alone = await go(dir, ['vet', './flash_go']);
  expect(alone).toEqual({ code: 0, output: '' });
  expect(await go(dir, ['build', './flash_go'])).toEqual({ code: 0, output: '' });
  const [module, version] = driver;
  expect(existsSync(path.join(GOCODE, module)), `Debian's Go source for ${module} (see .ci/run)`).toBe(true);
  writeFileSync(
    path.join(dir, 'go.mod'),
    `module example.com/app\n\ngo 1.19\n\nrequire ${module} ${version}\n\nreplace ${module} => ${path.join(GOCODE, module)}\n`,
  );
  copyFileSync(path.join(REPO_ROOT, 'test/e2e/gen/go', main), path.join(dir, 'main.go'));
  const vet = await go(dir, ['vet', '.', './flash_go']);
  expect(vet).toEqual({ code: 0, output: '' });
}

/** A package of misuses, one per line: each must be a compile error on its own line. */
async function misuseFails(dir: string, misuses: string[]): Promise<void> {
  mkdirSync(path.join(dir, 'misuse'));
  const source = [
    'package misuse',
    '',
    'import (\n\t"context"\n\n\tdb "example.com/app/flash_go"\n)',
    '',
    'func misuse(ctx context.Context, q *db.Queries) {',
    ...misuses.map((m) => `\t${m}`),
    '}',
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'misuse/misuse.go'), source);
  const firstLine = source.split('\n').indexOf(`\t${misuses[0]}`) + 1;
  // the compiler lists every type error (-e); vet would stop at the first
  const res = await go(dir, ['build', '-gcflags=-e', './misuse']);
  expect(res.code).not.toBe(0);
  const lines = new Set([...res.output.matchAll(/misuse\.go:(\d+):\d+/g)].map((m) => Number(m[1])));
  misuses.forEach((m, i) => expect(lines.has(firstLine + i), `${m}\n${res.output}`).toBe(true));
}

describe('flash gen: the Go client (database/sql)', () => {
  it('PostgreSQL: gofmt/vet/build clean, rejects misuse, runs every query with lib/pq', { timeout: 600_000 }, async () => {
    const { dir, generated } = await generateGo('postgresql', { database: { shadow_url: PG_URL } });
    expect(Object.keys(generated).sort()).toEqual(['db.go', 'models.go', 'posts.sql.go', 'users.sql.go']);
    expect(generated['models.go']).toContain('\tUserRoleAdmin  UserRole = "admin"\n');
    expect(generated['posts.sql.go']).toMatch(
      /type UsersWithLatestPostRow struct \{\n\tUserID {4}int32\n\tName {6}string\n\tPostTitle sql.NullString\n\tPublished sql.NullBool\n\}/,
    );
    expect(generated['posts.sql.go']).toMatch(
      /type CommentCountsRow struct \{\n\tPostID {3}int32\n\tComments int64\n\tLastBody sql.NullString\n\tKarmaSum sql.NullString\n\}/,
    );
    await buildModule(dir, ['github.com/lib/pq', 'v1.10.7'], 'postgres_main.go');
    await misuseFails(dir, [
      'q.GetUserByEmail(ctx, 42)',
      'q.ListUsersByRole(ctx, db.ListUsersByRoleParams{Role: db.UserRoleAdmin, MaxRows: "x"})',
      'var _ string = db.UsersWithLatestPostRow{}.PostTitle',
    ]);
    const url = postgresAdmin.urlFor(PG_URL, uniqueDbName('gl'));
    await postgresAdmin.create(url);
    try {
      const schema = await runProgram('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', 'db/schema/schema.sql'], { cwd: dir });
      expect(schema.code, schema.output).toBe(0);
      const u = new URL(url);
      u.searchParams.set('sslmode', 'disable');
      expect(await go(dir, ['run', '.', u.toString()])).toEqual({ code: 0, output: 'ok\n' });
    } finally {
      await postgresAdmin.drop(url);
    }
  });

  it('MariaDB: gofmt/vet/build clean, rejects misuse, runs every query with go-sql-driver/mysql', { timeout: 600_000 }, async () => {
    const { dir, generated } = await generateGo('mysql', { env: { DATABASE_URL: MYSQL_URL } });
    expect(Object.keys(generated).sort()).toEqual(['db.go', 'queries.sql.go']);
    expect(generated['queries.sql.go']).toMatch(
      /type InactiveUsersRow struct \{\n\tID {6}int32\n\tEmail {3}string\n\tActive {2}bool\n\tBalance sql.NullString\n\}/,
    );
    await buildModule(dir, ['github.com/go-sql-driver/mysql', 'v1.5.0'], 'mysql_main.go');
    await misuseFails(dir, ['q.GetUser(ctx, "1")', 'q.SetActive(ctx, db.SetActiveParams{Active: 1, ID: 1})']);
    const name = uniqueDbName('gl');
    const url = mysqlAdmin.urlFor(MYSQL_URL, name);
    await mysqlAdmin.create(url);
    try {
      const u = new URL(url);
      const host = `${u.hostname}:${u.port || '3306'}`;
      const schema = await runProgram(
        'sh',
        ['-c', `mysql -h ${u.hostname} -P ${u.port || '3306'} -u ${u.username} ${name} < db/schema/schema.sql`],
        {
          cwd: dir,
        },
      );
      expect(schema.code, schema.output).toBe(0);
      const dsn = `${u.username}${u.password ? `:${decodeURIComponent(u.password)}` : ''}@tcp(${host})/${name}?parseTime=true`;
      expect(await go(dir, ['run', '.', dsn])).toEqual({ code: 0, output: 'ok\n' });
    } finally {
      await mysqlAdmin.drop(url);
    }
  });

  it('SQLite: gofmt/vet/build clean, rejects misuse, runs every query with mattn/go-sqlite3', { timeout: 600_000 }, async () => {
    const { dir, generated } = await generateGo('sqlite');
    expect(generated['queries.sql.go']).toMatch(/type ListUsersByIdsParams struct \{\n\tIds {4}\[\]int64\n\tActive bool\n\}/);
    await buildModule(dir, ['github.com/mattn/go-sqlite3', 'v1.14.16'], 'sqlite_main.go');
    await misuseFails(dir, ['q.GetUser(ctx, "1")', 'q.ListUsersByIds(ctx, db.ListUsersByIdsParams{Ids: 1})']);
    expect(await go(dir, ['run', '.', 'db/schema/schema.sql'])).toEqual({ code: 0, output: 'ok\n' });
  });
});
