import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresAdmin } from '../../src/dialects/postgres/admin.js';
import { PG_URL, uniqueDbName } from '../helpers/db-urls.js';
import { tempDir } from '../helpers/cli.js';
import { flash, flashOk, flashRepo, gitOk } from '../git/git-fixture.js';

describe('[[databases]] in flash.toml', () => {
  const pgUrl = postgresAdmin.urlFor(PG_URL, uniqueDbName('flash_t_multi'));
  afterAll(() => postgresAdmin.drop(pgUrl).catch(() => undefined));

  it('each database has its own paths, store and chain; --db picks one; other commands refuse by name', async () => {
    const dir = tempDir('flash-multi-');
    await gitOk(dir, ['init', '-q', '-b', 'main']);
    writeFileSync(
      path.join(dir, 'flash.toml'),
      `version = "2"\n\n[[databases]]\nname = "app"\nprovider = "postgresql"\nurl_env = "APP_DATABASE_URL"\nshadow_url = "${PG_URL}"\n\n[[databases]]\nname = "analytics"\nprovider = "sqlite"\nurl_env = "ANALYTICS_URL"\nschema_dir = "analytics/schema"\nmigrations_path = "analytics/migrations"\n`,
    );
    writeFileSync(path.join(dir, '.env'), `APP_DATABASE_URL=${pgUrl}\nANALYTICS_URL=file:./analytics.db\n`);
    mkdirSync(path.join(dir, 'db/app/schema'), { recursive: true });
    mkdirSync(path.join(dir, 'analytics/schema'), { recursive: true });
    writeFileSync(
      path.join(dir, 'db/app/schema/users.sql'),
      'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email text NOT NULL\n);\n',
    );
    writeFileSync(
      path.join(dir, 'analytics/schema/events.sql'),
      'CREATE TABLE events (\n  id integer PRIMARY KEY,\n  kind text NOT NULL\n);\n',
    );

    // --json without --db: refused by name, with the hint — not the old `has no "database" section`.
    const bare = await flash(dir, ['status', '--json']);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/error\[E_MULTI_DB\]: flash\.toml declares 2 databases \(app, analytics\)/);
    expect(bare.stderr).toMatch(/--db/);
    const unknown = await flash(dir, ['--db', 'nope', 'status']);
    expect(unknown.stderr).toMatch(/E_USAGE.*"nope".*\n.*app, analytics/);

    await flashOk(dir, ['--db', 'app', 'migrate', 'users']);
    await flashOk(dir, ['migrate', 'events', '--db', 'analytics']);
    expect(readdirSync(path.join(dir, 'db/app/migrations')).filter((f) => f.endsWith('_users.sql'))).toHaveLength(1);
    expect(readdirSync(path.join(dir, 'analytics/migrations')).filter((f) => f.endsWith('_events.sql'))).toHaveLength(1);
    expect(existsSync(path.join(dir, '.flash/databases/app/objects'))).toBe(true);
    expect(existsSync(path.join(dir, '.flash/databases/analytics/objects'))).toBe(true);

    // Without --db, a state-changing command runs for each database in turn and says which.
    const both = (await flashOk(dir, ['apply'])).stdout;
    expect(both).toMatch(/== database app ==\n(.*\n)*Applied 1 migration[\s\S]*== database analytics ==\n(.*\n)*Applied 1 migration/);
    expect((await flashOk(dir, ['--db', 'app', 'apply'])).stdout).toMatch(/Nothing to apply/);
    expect((await flashOk(dir, ['--db', 'app', 'status'])).stdout).toMatch(/applied\s+\d+_users/);
    const analyticsStatus = (await flashOk(dir, ['--db', 'analytics', 'status'])).stdout;
    expect(analyticsStatus).toMatch(/applied\s+\d+_events/);
    expect(analyticsStatus).not.toMatch(/users/);
    expect((await flashOk(dir, ['--db', 'analytics', 'migrate', 'again'])).stdout).toMatch(/[Nn]o changes/);
    const config = JSON.parse((await flashOk(dir, ['--db', 'analytics', 'config', '--json'])).stdout);
    expect(config).toMatchObject({ provider: 'sqlite', urlEnv: 'ANALYTICS_URL', migrationsDir: 'analytics/migrations' });

    // The interactive UIs work on one database: refused by name without --db, with the databases listed.
    for (const args of [['tui'], ['studio']]) {
      const r = await flash(dir, args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/error\[E_MULTI_DB\]: flash\.toml declares 2 databases \(app, analytics\)/);
    }
    // `branch list` without a git commit yet still names each database.
    expect((await flashOk(dir, ['--db', 'app', 'branch', 'list'])).stdout).toMatch(/branch\s+database/);
  }, 180_000);

  it('--db in a single-database project is an error; a TOML without a database gets a TOML hint', async () => {
    const dir = await flashRepo('sqlite');
    const r = await flash(dir, ['--db', 'app', 'status']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_USAGE.*declares a single database/);
    const b = await flash(dir, ['--db', 'app', 'branch', 'list']);
    expect(b.stderr).toMatch(/E_USAGE.*declares a single database/);

    const toml = tempDir('flash-toml-nodb-');
    writeFileSync(path.join(toml, 'flash.toml'), 'version = "2"\n');
    const t = await flash(toml, ['status']);
    expect(t.stderr).toMatch(/E_CONFIG_INVALID/);
    expect(t.stderr).toMatch(/hint: Add a \[database\] table/);
  }, 60_000);
});
