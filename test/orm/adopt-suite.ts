import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { loadDialect } from '../../src/dialects/registry.js';
import type { Connection, Dialect } from '../../src/dialects/dialect.js';
import { PG_URL } from '../helpers/db-urls.js';
import { tempDir } from '../helpers/cli.js';
import { flash, flashOk, gitOk } from '../git/git-fixture.js';

export type Engine = 'postgresql' | 'mysql' | 'sqlite';

const M1 = '20240101000000_create_users';
const M2 = '20240102000000_create_posts';
const USERS = 'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email varchar(200) NOT NULL\n);';
const POSTS =
  'CREATE TABLE posts (\n  id integer PRIMARY KEY,\n  user_id integer NOT NULL REFERENCES users (id),\n  title varchar(200)\n);';

/** A migration file as Flash ORM writes it (no flash:from/to lines, no flash.lock). */
function flashOrmMigration(title: string, up: string, down: string): string {
  return `-- Migration: ${title}\n-- Created: 2024-01-01T00:00:00Z\n\n-- +migrate Up\n${up}\n\n-- +migrate Down\n${down}\n`;
}

const FLASH_ORM_TABLE: Record<Engine, string> = {
  postgresql: `CREATE TABLE _flash_migrations (id VARCHAR(36) PRIMARY KEY, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ, migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ, started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0)`,
  mysql:
    'CREATE TABLE `_flash_migrations` (`id` VARCHAR(36) NOT NULL PRIMARY KEY, `checksum` VARCHAR(64) NOT NULL, `finished_at` DATETIME(3) NULL, `migration_name` VARCHAR(255) NOT NULL, `logs` TEXT NULL, `rolled_back_at` DATETIME(3) NULL, `started_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `applied_steps_count` INT UNSIGNED NOT NULL DEFAULT 0)',
  sqlite:
    'CREATE TABLE "_flash_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "applied_steps_count" INTEGER NOT NULL DEFAULT 0)',
};

export interface AdoptProject {
  dir: string;
  url: string;
  dialect: Dialect;
  sql(query: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
}

/**
 * A Flash ORM project (flash.toml, two migrations in its format, db/schema at their end state) whose
 * database has `migrations` applied. With `flashOrmTable`, they are recorded in a Flash ORM-format
 * `_flash_migrations`, as Flash ORM would have left it.
 */
export async function flashOrmProject(
  engine: Engine,
  url: string,
  opts: { applied: 1 | 2; flashOrmTable: boolean },
): Promise<AdoptProject> {
  const dir = tempDir('flash-adopt-');
  await gitOk(dir, ['init', '-q', '-b', 'main']);
  const shadow = engine === 'postgresql' ? `shadow_url = "${PG_URL}"\n` : '';
  writeFileSync(
    path.join(dir, 'flash.toml'),
    `version = "2"\nschema_dir = "db/schema"\nmigrations_path = "db/migrations"\n\n[database]\nprovider = "${engine}"\nurl_env = "DATABASE_URL"\n${shadow}`,
  );
  writeFileSync(path.join(dir, '.env'), `DATABASE_URL=${url}\n`);
  writeFileSync(path.join(dir, '.gitignore'), '.env\n*.db\n');
  mkdirSync(path.join(dir, 'db/migrations'), { recursive: true });
  mkdirSync(path.join(dir, 'db/schema'), { recursive: true });
  const files = [
    { name: M1, text: flashOrmMigration('create_users', USERS, 'DROP TABLE users;'), up: USERS },
    { name: M2, text: flashOrmMigration('create_posts', POSTS, 'DROP TABLE posts;'), up: POSTS },
  ];
  for (const f of files) writeFileSync(path.join(dir, 'db/migrations', `${f.name}.sql`), f.text);
  writeFileSync(path.join(dir, 'db/schema/schema.sql'), `${USERS}\n\n${POSTS}\n`);
  await gitOk(dir, ['add', '-A']);
  await gitOk(dir, ['commit', '-q', '-m', 'flash orm project']);

  const dialect = await loadDialect(engine);
  const openable = engine === 'sqlite' ? path.join(dir, url.replace(/^file:/, '')) : url;
  const sql = async (query: string, params: unknown[] = []) => {
    const conn: Connection = await dialect.connect(openable);
    try {
      return await conn.query(query, params);
    } finally {
      await conn.close();
    }
  };
  for (const f of files.slice(0, opts.applied)) await sql(f.up);
  if (opts.flashOrmTable) {
    await sql(FLASH_ORM_TABLE[engine]);
    for (const f of files.slice(0, opts.applied)) {
      const checksum = createHash('sha256').update(f.text).digest('hex');
      await sql(
        'INSERT INTO _flash_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, CURRENT_TIMESTAMP, ?, NULL, NULL, CURRENT_TIMESTAMP, 1)',
        [randomUUID(), checksum, f.name],
      );
    }
  }
  return { dir, url, dialect, sql };
}

async function columns(p: AdoptProject, table: string): Promise<string[]> {
  const conn = await p.dialect.connect(p.dialect.name === 'sqlite' ? path.join(p.dir, p.url.replace(/^file:/, '')) : p.url);
  try {
    return await p.dialect.tableColumns(conn, table);
  } finally {
    await conn.close();
  }
}

/** The adoption story on one engine. */
export async function adoptScenario(engine: Engine, url: string): Promise<void> {
  const p = await flashOrmProject(engine, url, { applied: 2, flashOrmTable: true });

  // Today: `column "from_hash" does not exist` (PG) or an internal error (SQLite). Now: a coded refusal.
  const refused = await flash(p.dir, ['apply']);
  expect(refused.code, refused.stderr).toBe(1);
  expect(refused.stderr).toMatch(/error\[E_TRACKING_FORMAT\].*Flash ORM/);
  expect(refused.stderr).toMatch(/flash adopt/);
  expect(refused.stderr).not.toMatch(/from_hash" does not exist|this is a bug/);
  const markRefused = await flash(p.dir, ['apply', '--mark-applied', M2]);
  expect(markRefused.stderr).toMatch(/E_TRACKING_FORMAT/);

  // A mismatch: reported object by object, nothing changed.
  await p.sql('ALTER TABLE users ADD COLUMN nickname varchar(50)');
  const mismatch = await flash(p.dir, ['adopt']);
  expect(mismatch.code, mismatch.stderr).toBe(4);
  expect(mismatch.stderr).toMatch(/^\s+only in the database: column users\.nickname/m);
  expect(mismatch.stderr).toMatch(/error\[E_SCHEMA_MISMATCH\]/);
  expect(existsSync(path.join(p.dir, 'db/migrations/flash.lock'))).toBe(false);
  expect(readFileSync(path.join(p.dir, 'db/migrations', `${M1}.sql`), 'utf8')).not.toMatch(/flash:from/);
  expect(await columns(p, '_flash_migrations')).not.toContain('from_hash');
  expect(await columns(p, '_flash_orm_migrations')).toEqual([]);
  await p.sql('ALTER TABLE users DROP COLUMN nickname');

  const adopted = await flashOk(p.dir, ['adopt']);
  expect(adopted.stdout).toMatch(/2 migration\(s\) recorded as applied/);
  expect(adopted.stdout).toMatch(/_flash_orm_migrations/);
  expect(readFileSync(path.join(p.dir, 'db/migrations/flash.lock'), 'utf8')).toMatch(new RegExp(`${M1}[\\s\\S]*${M2}`));
  expect(await columns(p, '_flash_migrations')).toEqual(expect.arrayContaining(['from_hash', 'to_hash']));
  const history = await p.sql('SELECT migration_name, from_hash, to_hash, finished_at, logs FROM _flash_migrations ORDER BY id');
  expect(history.map((r) => r.migration_name)).toEqual([M1, M2]);
  expect(history.every((r) => r.finished_at !== null && typeof r.to_hash === 'string')).toBe(true);
  expect(String(history[0].logs)).toMatch(/adopted from Flash ORM/);
  expect(Number((await p.sql('SELECT COUNT(*) AS n FROM _flash_orm_migrations'))[0].n)).toBe(2);

  // Then every Flash command works on it.
  expect((await flashOk(p.dir, ['apply'])).stdout).toMatch(/Nothing to apply/);
  const status = JSON.parse((await flashOk(p.dir, ['status', '--json'])).stdout);
  expect(JSON.stringify(status)).not.toMatch(/"pending":\s*\[\s*\{/);
  expect((await flashOk(p.dir, ['migrate', 'nothing'])).stdout).toMatch(/[Nn]o changes/);
  writeFileSync(
    path.join(p.dir, 'db/schema/schema.sql'),
    `${USERS.replace('NOT NULL\n', 'NOT NULL,\n  bio varchar(100)\n')}\n\n${POSTS}\n`,
  );
  await flashOk(p.dir, ['migrate', 'add_bio']);
  expect((await flashOk(p.dir, ['apply'])).stdout).toMatch(/Applied 1 migration/);
  expect((await flashOk(p.dir, ['adopt'])).stdout).toMatch(/already in Flash's format/);
}

/** No tracking table, the database at the first migration: adopt cannot decide; --mark-applied can. */
export async function markAppliedScenario(engine: Engine, url: string): Promise<void> {
  const p = await flashOrmProject(engine, url, { applied: 1, flashOrmTable: false });
  const mismatch = await flash(p.dir, ['adopt']);
  expect(mismatch.code).toBe(4);
  expect(mismatch.stderr).toMatch(/only in the migrations: table posts/);

  const wrong = await flash(p.dir, ['apply', '--mark-applied', M2]);
  expect(wrong.code, wrong.stderr).toBe(4);
  expect(wrong.stderr).toMatch(/E_SCHEMA_MISMATCH.*result of 20240102000000_create_posts/);
  expect(await p.sql('SELECT COUNT(*) AS n FROM _flash_migrations').then((r) => Number(r[0].n))).toBe(0);

  const marked = await flashOk(p.dir, ['apply', '--mark-applied', 'create_users']);
  expect(marked.stdout).toMatch(new RegExp(`Marked ${M1} as applied`));
  const again = await flash(p.dir, ['apply', '--mark-applied', M1]);
  expect(again.stderr).toMatch(/E_NOTHING_TO_DO/);
  expect((await flashOk(p.dir, ['apply'])).stdout).toMatch(/Applied 1 migration/);
  expect((await p.sql('SELECT COUNT(*) AS n FROM posts')).length).toBe(1);
}
