import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresAdmin } from '../../src/dialects/postgres/admin.js';
import { PG_URL, uniqueDbName } from '../helpers/db-urls.js';
import { tempDir } from '../helpers/cli.js';
import { flash, flashOk, gitOk, gitRun } from '../git/git-fixture.js';

/**
 * Issue #14.2: a PostgreSQL + SQLite project goes through migrate, apply, branch, a plain `git
 * checkout` both ways (the hooks switch every database of the branch), merge and check — each
 * command covering both databases, none refusing with E_MULTI_DB.
 */
describe('[[databases]]: branches, hooks, merge and check cover every database', () => {
  const base = uniqueDbName('flash_t_mdb');
  const pgUrl = postgresAdmin.urlFor(PG_URL, base);
  afterAll(async () => {
    for (const name of [base, `${base}__feature`, `${base}__spike`])
      await postgresAdmin.drop(postgresAdmin.urlFor(PG_URL, name)).catch(() => undefined);
  });

  async function pgRows(url: string, sql: string): Promise<Record<string, unknown>[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  }
  function sqliteRows(file: string, sql: string): Record<string, unknown>[] {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare(sql).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  }
  const envUrl = (dir: string, name: string) => new RegExp(`^${name}=(\\S*)`, 'm').exec(readFileSync(path.join(dir, '.env'), 'utf8'))?.[1];

  it('migrate, apply, branch, git checkout both ways, merge, check', async () => {
    const dir = tempDir('flash-mdb-');
    await gitOk(dir, ['init', '-q', '-b', 'main']);
    writeFileSync(
      path.join(dir, 'flash.toml'),
      `version = "2"\n\n[[databases]]\nname = "app"\nprovider = "postgresql"\nurl_env = "APP_DATABASE_URL"\nshadow_url = "${PG_URL}"\n\n[[databases]]\nname = "analytics"\nprovider = "sqlite"\nurl_env = "ANALYTICS_URL"\n`,
    );
    writeFileSync(path.join(dir, '.env'), `APP_DATABASE_URL=${pgUrl}\nANALYTICS_URL=file:./analytics.db\n`);
    writeFileSync(path.join(dir, '.gitignore'), '.env\nanalytics.db*\n');
    mkdirSync(path.join(dir, 'db/app/schema'), { recursive: true });
    mkdirSync(path.join(dir, 'db/analytics/schema'), { recursive: true });
    writeFileSync(
      path.join(dir, 'db/app/schema/users.sql'),
      'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email text NOT NULL\n);\n',
    );
    writeFileSync(
      path.join(dir, 'db/analytics/schema/events.sql'),
      'CREATE TABLE events (\n  id integer PRIMARY KEY,\n  kind text NOT NULL\n);\n',
    );

    await flashOk(dir, ['migrate', 'init']);
    await flashOk(dir, ['apply']);
    const hooks = (await flashOk(dir, ['hooks', 'install'])).stdout;
    expect(hooks).toMatch(/post-checkout: installed/);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'init']);
    await pgRows(pgUrl, "insert into users values (1, 'main@example.com')");
    const analyticsMain = path.join(dir, 'analytics.db');
    {
      const db = new Database(analyticsMain);
      db.prepare("insert into events values (1, 'main')").run();
      db.close();
    }

    // Flash ORM's spelling: one git branch, a database per [[databases]] entry, each a copy with its rows.
    const created = await flashOk(dir, ['branch', 'create', 'feature']);
    expect(created.stdout).toMatch(/Switched to a new branch feature/);
    expect(created.stdout).toMatch(/app: database .*__feature/);
    expect(created.stdout).toMatch(/analytics: database file:.*feature\.db/);
    expect((await gitOk(dir, ['branch', '--show-current'])).trim()).toBe('feature');
    const featureApp = envUrl(dir, 'APP_DATABASE_URL')!;
    const featureAnalytics = envUrl(dir, 'ANALYTICS_URL')!;
    expect(featureApp).toContain(`${base}__feature`);
    expect(featureAnalytics).toMatch(/^file:\.\/\.flash\/local\/db\/analytics\/feature\.db$/);
    const featureAnalyticsFile = path.join(dir, featureAnalytics.slice('file:'.length));
    expect(await pgRows(featureApp, 'select email from users')).toEqual([{ email: 'main@example.com' }]);
    expect(sqliteRows(featureAnalyticsFile, 'select kind from events')).toEqual([{ kind: 'main' }]);

    // Each `flash url` and `branch list` names both databases.
    const urls = (await flashOk(dir, ['url'])).stdout;
    expect(urls).toMatch(/== database app ==\n.*__feature/);
    expect(urls).toMatch(/== database analytics ==\nfile:.*feature\.db/);
    const listed = (await flashOk(dir, ['branch', 'list'])).stdout;
    expect(listed).toMatch(/== database app ==[\s\S]*\* feature[\s\S]*== database analytics ==[\s\S]*\* feature/);

    // Work on feature, in both databases.
    writeFileSync(
      path.join(dir, 'db/app/schema/users.sql'),
      'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email text NOT NULL,\n  bio text\n);\n',
    );
    writeFileSync(
      path.join(dir, 'db/analytics/schema/events.sql'),
      'CREATE TABLE events (\n  id integer PRIMARY KEY,\n  kind text NOT NULL\n);\n\nCREATE TABLE sessions (\n  id integer PRIMARY KEY\n);\n',
    );
    await flashOk(dir, ['migrate', 'feature work']);
    await flashOk(dir, ['apply']);
    await pgRows(featureApp, "insert into users values (2, 'feature@example.com', 'hi')");
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'feature']);

    // A plain git checkout: the hook switches every database back to main's, rows as main left them.
    const toMain = await gitRun(dir, ['checkout', '-q', 'main']);
    expect(toMain.code).toBe(0);
    expect(toMain.stderr).not.toMatch(/warning/);
    expect(envUrl(dir, 'APP_DATABASE_URL')).toBe(pgUrl);
    expect(envUrl(dir, 'ANALYTICS_URL')).toBe('file:./analytics.db');
    expect(
      await pgRows(pgUrl, "select column_name from information_schema.columns where table_name = 'users' and column_name = 'bio'"),
    ).toEqual([]);
    expect(sqliteRows(analyticsMain, "select name from sqlite_master where name = 'sessions'")).toEqual([]);
    for (const db of ['app', 'analytics']) expect((await flashOk(dir, ['--db', db, 'status'])).stdout).toMatch(/in sync/i);

    // And back: feature's databases with feature's rows.
    const toFeature = await gitRun(dir, ['checkout', '-q', 'feature']);
    expect(toFeature.stderr).not.toMatch(/warning/);
    expect(envUrl(dir, 'APP_DATABASE_URL')).toBe(featureApp);
    expect(await pgRows(featureApp, 'select email from users order by id')).toEqual([
      { email: 'main@example.com' },
      { email: 'feature@example.com' },
    ]);
    expect(sqliteRows(featureAnalyticsFile, "select name from sqlite_master where name = 'sessions'")).toEqual([{ name: 'sessions' }]);

    // main moves on in the app database only; then merge feature: both chains merge, one commit.
    await gitOk(dir, ['checkout', '-q', 'main']);
    writeFileSync(path.join(dir, 'db/app/schema/tags.sql'), 'CREATE TABLE tags (\n  id integer PRIMARY KEY\n);\n');
    await flashOk(dir, ['--db', 'app', 'migrate', 'tags']);
    await flashOk(dir, ['--db', 'app', 'apply']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'tags']);

    const check = await flash(dir, ['check', '--base', 'feature']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/== database app ==[\s\S]*ok:[\s\S]*== database analytics ==[\s\S]*ok:/);

    const merged = await flashOk(dir, ['merge', 'feature']);
    expect(merged.stdout).toMatch(/app: merged feature/i);
    expect(merged.stdout).toMatch(/analytics: merged feature/i);
    expect(merged.stdout).toMatch(/Committed the merge/);
    expect((await gitOk(dir, ['log', '-1', '--format=%s'])).trim()).toBe("Merge branch 'feature'");
    expect((await gitOk(dir, ['status', '--porcelain'])).trim()).toBe('');
    await flashOk(dir, ['apply']);
    for (const db of ['app', 'analytics']) expect((await flashOk(dir, ['--db', db, 'status'])).stdout).toMatch(/in sync/i);
    expect(
      await pgRows(pgUrl, "select column_name from information_schema.columns where table_name = 'users' and column_name = 'bio'"),
    ).toHaveLength(1);
    expect(sqliteRows(analyticsMain, "select name from sqlite_master where name = 'sessions'")).toHaveLength(1);

    const gh = await flash(dir, ['check', '--format', 'github']);
    expect(gh.code, gh.stdout + gh.stderr).toBe(0);
    expect(gh.stdout.match(/^ok: /gm)).toHaveLength(2);
    // an annotation and the job summary name the database they are about
    const stray = path.join(dir, 'db/analytics/schema/stray.sql');
    writeFileSync(stray, 'CREATE TABLE stray (id integer PRIMARY KEY);\n');
    const summary = path.join(dir, '.git', 'step-summary.md');
    const ghFail = await flash(dir, ['check', '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(ghFail.code).toBe(1);
    expect(ghFail.stdout).toMatch(/^::error file=db\/analytics\/schema,title=flash analytics E_MISSING_MIGRATION::/m);
    expect(ghFail.stdout).not.toMatch(/title=flash app E_/);
    expect(readFileSync(summary, 'utf8')).toMatch(/## Flash schema check \(analytics\): ❌ failed/);
    rmSync(stray);

    // Deleting a branch's databases asks first, then drops each database's copy.
    const refused = await flash(dir, ['branch', 'delete', 'feature']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/E_NEEDS_YES/);
    await flashOk(dir, ['branch', 'delete', 'feature', '--yes']);
    expect(await postgresAdmin.exists(featureApp)).toBe(false);

    // The interactive UIs work on one database: named by --db, refused by name without it.
    const tui = await flash(dir, ['tui']);
    expect(tui.stderr).toMatch(/E_MULTI_DB.*--db|E_MULTI_DB[\s\S]*--db/);
  }, 300_000);

  it('a conflict in one database: the merge waits for `flash resolve` there, then commits once; fsck checks every store', async () => {
    const dir = tempDir('flash-mdb-conflict-');
    await gitOk(dir, ['init', '-q', '-b', 'main']);
    writeFileSync(
      path.join(dir, 'flash.toml'),
      'version = "2"\n\n[[databases]]\nname = "a"\nprovider = "sqlite"\nurl_env = "A_URL"\n\n[[databases]]\nname = "b"\nprovider = "sqlite"\nurl_env = "B_URL"\n',
    );
    writeFileSync(path.join(dir, '.env'), 'A_URL=file:./a.db\nB_URL=file:./b.db\n');
    writeFileSync(path.join(dir, '.gitignore'), '.env\n*.db\n');
    mkdirSync(path.join(dir, 'db/a/schema'), { recursive: true });
    mkdirSync(path.join(dir, 'db/b/schema'), { recursive: true });
    const users = (extra: string) => `CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email text${extra}\n);\n`;
    writeFileSync(path.join(dir, 'db/a/schema/users.sql'), users(''));
    writeFileSync(path.join(dir, 'db/b/schema/events.sql'), 'CREATE TABLE events (\n  id integer PRIMARY KEY\n);\n');
    await flashOk(dir, ['migrate', 'init']);
    await flashOk(dir, ['apply']);
    await flashOk(dir, ['hooks', 'install']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'init']);

    await flashOk(dir, ['branch', 'feature']);
    writeFileSync(path.join(dir, 'db/a/schema/users.sql'), users(" DEFAULT 'feat'"));
    writeFileSync(path.join(dir, 'db/b/schema/events.sql'), 'CREATE TABLE events (\n  id integer PRIMARY KEY,\n  kind text\n);\n');
    await flashOk(dir, ['migrate', 'feat']);
    await flashOk(dir, ['apply']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'feat']);
    await gitOk(dir, ['checkout', '-q', 'main']);
    writeFileSync(path.join(dir, 'db/a/schema/users.sql'), users(" DEFAULT 'main'"));
    const events = (kind: string) => `CREATE TABLE events (\n  id integer PRIMARY KEY,\n  kind text${kind}\n);\n`;
    writeFileSync(path.join(dir, 'db/b/schema/events.sql'), events(" DEFAULT 'main'"));
    await flashOk(dir, ['migrate', 'main change']);
    await flashOk(dir, ['apply']);
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'main']);
    // Per-developer files of a database stay in the git-ignored .flash/local/, never in its shared store.
    expect(await gitOk(dir, ['ls-files', '.flash'])).not.toMatch(/\/local\//);

    const merge = await flash(dir, ['merge', 'feature']);
    expect(merge.code).toBe(3);
    expect(merge.stderr).toMatch(/^a: Schema conflicts merging feature \(1\)/m);
    expect(merge.stderr).toMatch(/^b: Schema conflicts merging feature \(1\)/m);
    expect(merge.stderr).toMatch(/flash resolve --db a users\.email --ours/);
    expect(merge.stderr).toMatch(/details in \.flash\/databases\/a\/MERGE_CONFLICTS\.json/);
    // Still merging: nothing is committed, apply refuses during the merge.
    expect((await gitOk(dir, ['log', '-1', '--format=%s'])).trim()).toBe('main');
    expect((await flash(dir, ['--db', 'b', 'apply'])).stderr).toMatch(/E_MERGE_IN_PROGRESS/);

    // Two databases wait: resolve names one; the first settled does not commit while the other still waits.
    const which = await flash(dir, ['resolve', 'users.email', '--ours']);
    expect(which.stderr).toMatch(/E_MULTI_DB.*several databases: a, b/);
    const first = await flashOk(dir, ['--db', 'a', 'resolve', 'users.email', '--ours']);
    expect(first.stdout).toMatch(/database b still has merge conflicts: resolve them with `flash resolve --db b`/);
    expect(first.stdout).not.toMatch(/Committed the merge/);
    expect((await gitOk(dir, ['log', '-1', '--format=%s'])).trim()).toBe('main');
    // Without --db, resolve now works on the one database whose merge waits.
    const resolved = await flashOk(dir, ['resolve', 'events.kind', '--ours']);
    expect(resolved.stdout).toMatch(/All conflicts resolved/);
    expect(resolved.stdout).not.toMatch(/still has merge conflicts/);
    // git's text conflict in a's schema file is the user's to settle, as in a single-database project.
    expect(resolved.stdout).toMatch(/git still has text conflicts in: .*db\/a\/schema\/users\.sql/);
    writeFileSync(path.join(dir, 'db/a/schema/users.sql'), users(" DEFAULT 'main'"));
    writeFileSync(path.join(dir, 'db/b/schema/events.sql'), events(" DEFAULT 'main'"));
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '--no-edit']);
    expect((await gitOk(dir, ['log', '-1', '--format=%s'])).trim()).toBe("Merge branch 'feature'");
    expect((await gitOk(dir, ['status', '--porcelain'])).trim()).toBe('');
    await flashOk(dir, ['apply']);
    expect(sqliteRows(path.join(dir, 'b.db'), "select name from pragma_table_info('events') where name = 'kind'")).toHaveLength(1);
    const again = await flash(dir, ['resolve']);
    expect(again.stderr).toMatch(/E_NO_MERGE/);

    const fsck = await flashOk(dir, ['fsck']);
    expect(fsck.stdout).toMatch(/lock line\(s\) checked: ok/);
    const lockLines = Number(/(\d+) lock line/.exec(fsck.stdout)?.[1]);
    expect(lockLines).toBeGreaterThanOrEqual(6); // each: init, feat, main change (+ a resolution)
  }, 300_000);
});
