import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { runFlash, tempDir, REPO_ROOT, type CliResult } from '../helpers/cli.js';
import type { LifecycleEngine } from './lifecycle-engines.js';

const checkSchema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'docs/check-output.schema.json'), 'utf8'));
const validateCheck = new Ajv({ allErrors: true }).compile(checkSchema);

/** A repo with main and feature branches that each add a migration from a common base. */
async function forkedRepo(engine: LifecycleEngine, variant: { oursSql: string; theirsSql: string }) {
  const dir = tempDir('flash-merge-');
  const dbs: Array<{ url: string; drop(): Promise<void> }> = [];
  const oursDb = await engine.createDatabase(dir);
  dbs.push(oursDb);
  const theirsDb = await engine.createDatabase(path.join(dir, '.flash'));
  dbs.push(theirsDb);
  const gitEnv = {
    FLASH_SKIP_HOOKS: '1',
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@e.st',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@e.st',
  };
  const sh = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...gitEnv }, stdio: 'pipe' }).toString();
  const flash = async (args: string[], url = oursDb.url, expectCode: number | undefined = 0): Promise<CliResult> => {
    const r = await runFlash(args, { cwd: dir, env: { DATABASE_URL: url, ...gitEnv } });
    if (expectCode !== undefined) expect(r.code, `flash ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(expectCode);
    return r;
  };
  sh('init', '-q', '-b', 'main');
  await flash(['init', `--${engine.provider}`]);
  if (engine.serverShadowUrl) {
    const cfg = JSON.parse(readFileSync(path.join(dir, 'flash.config.json'), 'utf8'));
    cfg.database.shadow_url = engine.serverShadowUrl;
    writeFileSync(path.join(dir, 'flash.config.json'), JSON.stringify(cfg, null, 2));
  }
  writeFileSync(
    path.join(dir, 'db/schema/users.sql'),
    'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email varchar(200) NOT NULL\n);\n',
  );
  await flash(['migrate', 'users']);
  sh('add', '-A');
  sh('commit', '-qm', 'users');
  sh('checkout', '-qb', 'feature');
  writeFileSync(path.join(dir, 'db/schema/users.sql'), variant.theirsSql);
  await flash(['migrate', 'feature change']);
  await flash(['apply'], theirsDb.url);
  sh('add', '-A');
  sh('commit', '-qm', 'feature');
  sh('checkout', '-q', 'main');
  writeFileSync(path.join(dir, 'db/schema/users.sql'), variant.oursSql);
  await flash(['migrate', 'main change']);
  await flash(['apply'], oursDb.url);
  sh('add', '-A');
  sh('commit', '-qm', 'main');
  return { dir, sh, flash, oursDb, theirsDb, dbs };
}

type SchemaFiles = Record<string, string>;

/**
 * A repo whose db/schema files are `base` on main's first commit, then `theirs` on branch feature and
 * `ours` on main, each side with one migration applied to its own dev database; a third database stays
 * empty. A file missing from a side's map is deleted on that side. `oursBefore`, when given, is an
 * earlier migration of ours' (its own commit) before the one that reaches `ours`.
 */
async function forkedFiles(
  engine: LifecycleEngine,
  sides: { base: SchemaFiles; ours: SchemaFiles; theirs: SchemaFiles; theirsBackfill?: string; oursBefore?: SchemaFiles },
) {
  const dir = tempDir('flash-merge-');
  const dbs = [
    await engine.createDatabase(dir),
    await engine.createDatabase(path.join(dir, '.flash')),
    await engine.createDatabase(tempDir('flash-empty-')),
  ];
  const [oursDb, theirsDb, emptyDb] = dbs as [(typeof dbs)[0], (typeof dbs)[0], (typeof dbs)[0]];
  const gitEnv = {
    FLASH_SKIP_HOOKS: '1',
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@e.st',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@e.st',
  };
  const sh = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...gitEnv }, stdio: 'pipe' }).toString();
  const flash = async (args: string[], url = oursDb.url, expectCode: number | null = 0): Promise<CliResult> => {
    const r = await runFlash(args, { cwd: dir, env: { DATABASE_URL: url, ...gitEnv } });
    if (expectCode !== null) expect(r.code, `flash ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(expectCode);
    return r;
  };
  const schemaDir = path.join(dir, 'db/schema');
  const write = (files: SchemaFiles) => {
    for (const f of readdirSync(schemaDir)) if (f.endsWith('.sql') && !(f in files)) rmSync(path.join(schemaDir, f));
    for (const [f, text] of Object.entries(files)) writeFileSync(path.join(schemaDir, f), text);
  };
  sh('init', '-q', '-b', 'main');
  await flash(['init', `--${engine.provider}`]);
  if (engine.serverShadowUrl) {
    const cfg = JSON.parse(readFileSync(path.join(dir, 'flash.config.json'), 'utf8'));
    cfg.database.shadow_url = engine.serverShadowUrl;
    writeFileSync(path.join(dir, 'flash.config.json'), JSON.stringify(cfg, null, 2));
  }
  write(sides.base);
  await flash(['migrate', 'base']);
  await flash(['apply'], oursDb.url);
  await flash(['apply'], theirsDb.url);
  sh('add', '-A');
  sh('commit', '-qm', 'base');
  sh('checkout', '-qb', 'feature');
  write(sides.theirs);
  await flash(['migrate', 'feature change']);
  if (sides.theirsBackfill) {
    // A hand edit of the new (unapplied, uncommitted) migration: a data statement after the generated DDL.
    const file = readdirSync(path.join(dir, 'db/migrations')).find((f) => f.endsWith('_feature_change.sql'))!;
    const text = readFileSync(path.join(dir, 'db/migrations', file), 'utf8');
    writeFileSync(path.join(dir, 'db/migrations', file), text.replace('-- +migrate Down', `${sides.theirsBackfill}\n\n-- +migrate Down`));
    await flash(['migrate', 'feature change']);
  }
  await flash(['apply'], theirsDb.url);
  sh('add', '-A');
  sh('commit', '-qm', 'feature');
  sh('checkout', '-q', 'main');
  if (sides.oursBefore) {
    write(sides.oursBefore);
    await flash(['migrate', 'main before']);
    await flash(['apply'], oursDb.url);
    sh('add', '-A');
    sh('commit', '-qm', 'main before');
  }
  write(sides.ours);
  await flash(['migrate', 'main change']);
  await flash(['apply'], oursDb.url);
  sh('add', '-A');
  sh('commit', '-qm', 'main');
  const schemaText = () =>
    Object.fromEntries(
      readdirSync(schemaDir)
        .filter((f) => f.endsWith('.sql'))
        .map((f) => [f, readFileSync(path.join(schemaDir, f), 'utf8')]),
    );
  return { dir, sh, flash, oursDb, theirsDb, emptyDb, dbs, schemaText };
}

/**
 * What a clean merge promises: exit 0, nothing left conflicted, db/schema describes the merged
 * snapshot (`migrate` finds no change), and databases at ours' head, theirs' head and empty all reach
 * it with plain `flash apply`, after which `status` shows every migration applied and no drift.
 */
async function assertCleanMerge(
  repo: Awaited<ReturnType<typeof forkedFiles>>,
  options: { theirsColumnOrder?: boolean } = {},
): Promise<CliResult> {
  const branch = 'feature';
  const merged = await repo.flash(['merge', branch]);
  expect(merged.stdout).toContain(`Merged ${branch}`);
  expect(repo.sh('status', '--porcelain', '--untracked-files=no').trim()).toBe('');
  expect(repo.sh('diff', '--name-only', '--diff-filter=U').trim()).toBe('');
  for (const text of Object.values(repo.schemaText())) expect(text).not.toContain('<<<<<<<');
  expect((await repo.flash(['migrate', 'after merge'])).stdout).toMatch(/no changes/i);
  for (const db of [repo.oursDb, repo.theirsDb, repo.emptyDb]) {
    await repo.flash(['apply'], db.url);
    const status = JSON.parse((await repo.flash(['status', '--json'], db.url)).stdout);
    expect(
      status.migrations.filter((m: { state: string }) => m.state !== 'applied'),
      JSON.stringify(status),
    ).toEqual([]);
    // Both sides adding a column to one table: at theirs' head ours' column is appended after theirs',
    // the merged snapshot has ours' first. Same columns, other order: in sync, and status says so
    // (docs/MERGE.md, column order) instead of reporting drift nobody can fix.
    expect(status.drift, JSON.stringify(status)).toEqual([]);
    expect(status.inSync, JSON.stringify(status)).toBe(true);
    if (options.theirsColumnOrder && db === repo.theirsDb) expect(status.columnOrderDiffers, JSON.stringify(status)).toBe(true);
  }
  const check = await repo.flash(['check', '--base', 'main', '--format', 'json']);
  expect(JSON.parse(check.stdout).ok, check.stdout).toBe(true);
  return merged;
}

const usersBase = 'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email varchar(200) NOT NULL\n);\n';
const usersWithBio = 'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email varchar(200) NOT NULL,\n  bio varchar(100)\n);\n';

const cleanVariant = {
  theirsSql: 'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email varchar(200) NOT NULL,\n  bio text\n);\n',
  oursSql:
    'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email varchar(200) NOT NULL\n);\nCREATE TABLE posts (\n  id integer PRIMARY KEY,\n  user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE\n);\nCREATE INDEX posts_user ON posts (user_id);\n',
};
const mergedSql =
  'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email varchar(200) NOT NULL,\n  bio text\n);\nCREATE TABLE posts (\n  id integer PRIMARY KEY,\n  user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE\n);\nCREATE INDEX posts_user ON posts (user_id);\n';

/** Each scenario runs a dozen CLI commands and three databases; on a loaded CI machine that takes minutes. */
const slowMerge = 480_000;

export function mergeSuite(engine: LifecycleEngine): void {
  describe(`merge end to end on ${engine.provider}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterAll(async () => {
      for (const c of cleanups) await c().catch(() => undefined);
    });

    /** After the merge commit: both databases reach the merged schema with `flash apply`, and check passes. */
    async function assertBothHeadsReachMerged(repo: Awaited<ReturnType<typeof forkedRepo>>) {
      writeFileSync(path.join(repo.dir, 'db/schema/users.sql'), mergedSql);
      const noChange = await repo.flash(['migrate', 'after merge']);
      expect(noChange.stdout).toMatch(/no changes/i);
      for (const db of [repo.oursDb, repo.theirsDb]) {
        await repo.flash(['apply'], db.url);
        const status = await repo.flash(['status', '--json'], db.url);
        const parsed = JSON.parse(status.stdout);
        expect(
          parsed.migrations.filter((m: { state: string }) => m.state !== 'applied'),
          status.stdout,
        ).toEqual([]);
        expect(parsed.drift, status.stdout).toEqual([]);
      }
      const check = await repo.flash(['check', '--base', 'main', '--format', 'json']);
      expect(validateCheck(JSON.parse(check.stdout)), JSON.stringify(validateCheck.errors)).toBe(true);
    }

    it('flash merge: ours then theirs, both heads reach the merged schema', async () => {
      const repo = await forkedRepo(engine, cleanVariant);
      cleanups.push(...repo.dbs.map((d) => d.drop));
      const merged = await repo.flash(['merge', 'feature']);
      expect(merged.stdout).toContain('Merged feature');
      expect(repo.sh('status', '--porcelain', '--untracked-files=no').trim()).toBe('');
      const lock = readFileSync(path.join(repo.dir, 'db/migrations/flash.lock'), 'utf8').trim().split('\n').slice(1);
      expect(lock.map((l) => l.split(' ')[0].replace(/^\d+_/, ''))).toEqual(['users', 'main_change', 'feature_change']);
      await assertBothHeadsReachMerged(repo);
    });

    it('plain git merge with the lock merge driver yields the same history', async () => {
      const repo = await forkedRepo(engine, cleanVariant);
      cleanups.push(...repo.dbs.map((d) => d.drop));
      await repo.flash(['hooks', 'install']);
      const attributes = readFileSync(path.join(repo.dir, '.gitattributes'), 'utf8');
      expect(attributes).toContain('merge=flash');
      repo.sh('merge', '--no-edit', 'feature');
      const lock = readFileSync(path.join(repo.dir, 'db/migrations/flash.lock'), 'utf8');
      expect(lock).not.toContain('<<<<<<<');
      repo.sh('add', '-A');
      repo.sh('commit', '-qm', 'merge fixups', '--allow-empty');
      await assertBothHeadsReachMerged(repo);
    });

    describe('convergence: the same change on both branches merges cleanly (issue 13.1)', { timeout: slowMerge }, () => {
      it('the same column added on both sides', async () => {
        const repo = await forkedFiles(engine, {
          base: { 'users.sql': usersBase },
          ours: { 'users.sql': usersWithBio },
          theirs: { 'users.sql': usersWithBio },
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        const merged = await assertCleanMerge(repo);
        expect(merged.stdout).toMatch(/feature_change: the same change as \d+_main_change/);
        const lock = readFileSync(path.join(repo.dir, 'db/migrations/flash.lock'), 'utf8');
        expect(lock).toMatch(/_main_change \S+ \S+ \S+ satisfied-by=\d+_feature_change\n/);
        expect(lock).toMatch(/_feature_change \S+ \S+ \S+ satisfied-by=\d+_main_change\n/);
        // down on the database at theirs' head: the satisfied migration undoes nothing, the one that ran is undone
        await repo.flash(['down', '-s', '2', '--yes'], repo.theirsDb.url);
        const status = JSON.parse((await repo.flash(['status', '--json'], repo.theirsDb.url)).stdout);
        expect(status.drift, JSON.stringify(status)).toEqual([]);
        await repo.flash(['apply'], repo.theirsDb.url);
        expect(JSON.parse((await repo.flash(['status', '--json'], repo.theirsDb.url)).stdout).drift).toEqual([]);
      });

      it('the same column dropped on both sides', async () => {
        const repo = await forkedFiles(engine, {
          base: { 'users.sql': usersWithBio },
          ours: { 'users.sql': usersBase },
          theirs: { 'users.sql': usersBase },
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        await assertCleanMerge(repo);
      });

      it('the same index added on both sides', async () => {
        const indexed = usersBase + 'CREATE INDEX users_email ON users (email);\n';
        const repo = await forkedFiles(engine, {
          base: { 'users.sql': usersBase },
          ours: { 'users.sql': indexed },
          theirs: { 'users.sql': indexed },
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        await assertCleanMerge(repo);
      });

      it('the same column altered the same way on both sides', async () => {
        const wider = usersBase.replace('varchar(200)', 'varchar(320)');
        const repo = await forkedFiles(engine, {
          base: { 'users.sql': usersBase },
          ours: { 'users.sql': wider },
          theirs: { 'users.sql': wider },
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        await assertCleanMerge(repo);
      });

      it('partial overlap: both add a column, theirs also indexes it — the remainder runs where it is missing', async () => {
        const indexed = usersWithBio + 'CREATE INDEX users_bio ON users (bio);\n';
        const repo = await forkedFiles(engine, {
          base: { 'users.sql': usersBase },
          ours: { 'users.sql': usersWithBio },
          theirs: { 'users.sql': indexed },
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        const merged = await assertCleanMerge(repo);
        expect(merged.stdout).toMatch(/_merge_feature/);
        expect(merged.stderr).not.toContain('C007');
      });

      it('partial overlap: ours adds the column and an index, theirs only the column', async () => {
        const indexed = usersWithBio + 'CREATE INDEX users_bio ON users (bio);\n';
        const repo = await forkedFiles(engine, {
          base: { 'users.sql': usersBase },
          ours: { 'users.sql': indexed },
          theirs: { 'users.sql': usersWithBio },
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        await assertCleanMerge(repo);
      });

      it('partial overlap both ways: both add bio, ours also city, theirs also an index', async () => {
        const repo = await forkedFiles(engine, {
          base: { 'users.sql': usersBase },
          ours: { 'users.sql': usersBase.replace('NOT NULL\n', 'NOT NULL,\n  bio varchar(100),\n  city varchar(40)\n') },
          theirs: { 'users.sql': usersWithBio + 'CREATE INDEX users_bio ON users (bio);\n' },
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        await assertCleanMerge(repo);
      });

      it('the same table added on both sides, in different files', async () => {
        const tags = 'CREATE TABLE tags (\n  id integer PRIMARY KEY,\n  label varchar(40) NOT NULL\n);\n';
        const repo = await forkedFiles(engine, {
          base: { 'users.sql': usersBase },
          ours: { 'users.sql': usersBase, 'tags.sql': tags },
          theirs: { 'users.sql': usersBase, 'tags.sql': tags },
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        await assertCleanMerge(repo);
      });
      it('ours adds a table and drops it again, theirs adds a column: clean, not a false C007', async () => {
        const t1 = 'CREATE TABLE t1 (\n  id integer PRIMARY KEY\n);\n';
        const repo = await forkedFiles(engine, {
          base: { 'users.sql': usersBase },
          oursBefore: { 'users.sql': usersBase, 't1.sql': t1 },
          ours: { 'users.sql': usersBase },
          theirs: { 'users.sql': usersWithBio },
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        const merged = await assertCleanMerge(repo);
        expect(merged.stderr).not.toContain('C007');
        expect(readFileSync(path.join(repo.dir, 'db/migrations/flash.lock'), 'utf8')).not.toContain('satisfied-by');
      });
    });

    describe('db/schema text conflicts are rewritten from the merged schema (issue 13.4)', { timeout: slowMerge }, () => {
      const posts = '\n-- what users write\nCREATE TABLE posts (\n  id integer PRIMARY KEY,\n  title varchar(100) NOT NULL\n);\n';
      const tags = '\n-- labels\nCREATE TABLE tags (\n  id integer PRIMARY KEY,\n  label varchar(40) NOT NULL\n);\n';

      it('one schema.sql, each side appends a table: clean, no markers, comments kept', async () => {
        const base = '-- the app schema\n' + usersBase;
        const repo = await forkedFiles(engine, {
          base: { 'schema.sql': base },
          ours: { 'schema.sql': base + posts },
          theirs: { 'schema.sql': base + tags },
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        const merged = await assertCleanMerge(repo);
        expect(merged.stdout).toContain('rewrote db/schema/schema.sql');
        expect(repo.schemaText()['schema.sql']).toBe(base + posts + tags);
      });

      it('one schema.sql, each side adds a column to the same table: the table is regenerated', async () => {
        const repo = await forkedFiles(engine, {
          base: { 'schema.sql': usersBase + posts },
          ours: { 'schema.sql': usersBase.replace('NOT NULL\n', 'NOT NULL,\n  nickname varchar(20)\n') + posts },
          theirs: { 'schema.sql': usersWithBio + posts },
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        await assertCleanMerge(repo, { theirsColumnOrder: true });
        expect(repo.schemaText()['schema.sql']).toContain('-- what users write');
      });

      it('several files in text conflict are all rewritten', async () => {
        const repo = await forkedFiles(engine, {
          base: { 'a_users.sql': usersBase, 'b_posts.sql': posts },
          ours: { 'a_users.sql': usersBase + '\nCREATE INDEX users_email ON users (email);\n', 'b_posts.sql': posts + tags },
          theirs: {
            'a_users.sql': usersBase + '\nCREATE TABLE audit (\n  id integer PRIMARY KEY\n);\n',
            'b_posts.sql': posts + '\nCREATE INDEX posts_title ON posts (title);\n',
          },
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        const merged = await assertCleanMerge(repo);
        expect(merged.stdout).toMatch(/rewrote db\/schema\/a_users\.sql, db\/schema\/b_posts\.sql/);
      });

      it('plain git merge with the drivers from `flash hooks install`: schema.sql and flash.lock merge without conflict', async () => {
        const base = '-- the app schema\n' + usersBase;
        const repo = await forkedFiles(engine, {
          base: { 'schema.sql': base },
          ours: { 'schema.sql': base + posts },
          theirs: { 'schema.sql': base + tags },
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        await repo.flash(['hooks', 'install']);
        expect(readFileSync(path.join(repo.dir, '.gitattributes'), 'utf8')).toContain('db/schema/*.sql merge=flash-schema');
        repo.sh('add', '.gitattributes');
        repo.sh('commit', '-qm', 'attributes');
        repo.sh('merge', '--no-edit', 'feature');
        expect(repo.schemaText()['schema.sql']).toBe(base + posts + tags);
        expect((await repo.flash(['migrate', 'after merge'])).stdout).toMatch(/no changes/i);
        const check = await repo.flash(['check', '--base', 'main', '--format', 'json']);
        expect(JSON.parse(check.stdout).ok, check.stdout).toBe(true);
      });

      it('a real schema conflict keeps exit 3 and the markers, annotated with the conflict code', async () => {
        const repo = await forkedFiles(engine, {
          base: { 'schema.sql': usersBase },
          ours: { 'schema.sql': usersBase.replace('NOT NULL\n', 'NOT NULL,\n  nickname integer\n') },
          theirs: { 'schema.sql': usersBase.replace('NOT NULL\n', 'NOT NULL,\n  nickname varchar(20)\n') },
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        const merge = await repo.flash(['merge', 'feature'], repo.oursDb.url, 3);
        expect(merge.stderr).toContain('[C001] users.nickname');
        expect(repo.schemaText()['schema.sql']).toMatch(/^<<<<<<< .*flash: C001 users\.nickname$/m);
      });
    });

    describe('merge state (issue 12.4–12.6)', { timeout: slowMerge }, () => {
      const conflicting = {
        base: { 'users.sql': usersBase },
        ours: { 'users.sql': usersBase.replace('NOT NULL\n', 'NOT NULL,\n  nickname integer\n') },
        theirs: { 'users.sql': usersBase.replace('NOT NULL\n', 'NOT NULL,\n  nickname varchar(20)\n') },
      };

      it('apply, migrate and down refuse during an unresolved merge; git merge --abort then works and the conflict state is gone', async () => {
        const repo = await forkedFiles(engine, conflicting);
        cleanups.push(...repo.dbs.map((d) => d.drop));
        await repo.flash(['merge', 'feature'], repo.oursDb.url, 3);
        for (const args of [['apply'], ['migrate', 'x'], ['down']]) {
          const r = await repo.flash(args, repo.oursDb.url, 1);
          expect(r.stderr, args.join(' ')).toContain('E_MERGE_IN_PROGRESS');
          expect(r.stderr).toContain('git merge --abort');
        }
        repo.sh('merge', '--abort');
        expect(repo.sh('status', '--porcelain', '--untracked-files=no').trim()).toBe('');
        const resolve = await repo.flash(['resolve', 'users.nickname', '--theirs'], repo.oursDb.url, 1);
        expect(resolve.stderr).toContain('No Flash merge is waiting');
        expect(existsSync(path.join(repo.dir, '.flash/MERGE_CONFLICTS.json'))).toBe(false);
        expect(repo.sh('status', '--porcelain').trim()).toBe('');
        await repo.flash(['apply'], repo.oursDb.url);
      });

      it('a merge the verification stops leaves the lock and migration files as git left them', async () => {
        // Partial convergence: both add bio, theirs also adds a second column in the same migration, and
        // theirs' migration holds a hand-written backfill, so it can neither run after ours' nor be
        // replaced by a regenerated remainder — C009 — and nothing Flash would re-chain is written.
        const theirs = usersBase.replace('NOT NULL\n', 'NOT NULL,\n  bio varchar(100),\n  city varchar(40)\n');
        const repo = await forkedFiles(engine, {
          base: { 'users.sql': usersBase },
          ours: { 'users.sql': usersWithBio },
          theirs: { 'users.sql': theirs },
          theirsBackfill: "UPDATE users SET city = 'unknown';",
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        const before = repo.sh('show', 'HEAD:db/migrations/flash.lock');
        const merge = await repo.flash(['merge', 'feature'], repo.oursDb.url, 3);
        expect(merge.stderr).toContain('[C009] history:theirs');
        expect(merge.stderr).toContain('users.bio');
        expect(merge.stderr).toMatch(/\d+_feature_change/);
        const migrations = readdirSync(path.join(repo.dir, 'db/migrations')).filter((f) => f.endsWith('_feature_change.sql'));
        expect(readFileSync(path.join(repo.dir, 'db/migrations', migrations[0]), 'utf8')).toBe(
          repo.sh('show', `feature:db/migrations/${migrations[0]}`),
        );
        const lock = readFileSync(path.join(repo.dir, 'db/migrations/flash.lock'), 'utf8');
        expect(lock === before || lock.includes('<<<<<<<')).toBe(true);
        repo.sh('merge', '--abort');
        expect(repo.sh('status', '--porcelain', '--untracked-files=no').trim()).toBe('');
      });
    });

    describe('column-level conflicts (issue 13.2) and verified resolutions (issue 13.3)', { timeout: slowMerge }, () => {
      const base = 'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  code varchar(10)\n);\n';

      it('type on one side × default and NOT NULL on the other, unreachable: C008 at the column, and `both` is refused with nothing written', async () => {
        const repo = await forkedFiles(engine, {
          base: { 'users.sql': base },
          ours: { 'users.sql': base.replace('code varchar(10)', "code varchar(10) NOT NULL DEFAULT ''") },
          theirs: { 'users.sql': base.replace('code varchar(10)', 'code integer') },
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        const merge = await repo.flash(['merge', 'feature'], repo.oursDb.url, 3);
        expect(merge.stderr).toContain('[C008] users.code');
        expect(merge.stderr).not.toContain('[C007]');
        expect(merge.stderr).toContain('flash resolve users.code --both');
        const lockBefore = readFileSync(path.join(repo.dir, 'db/migrations/flash.lock'), 'utf8');
        const filesBefore = readdirSync(path.join(repo.dir, 'db/migrations')).sort();
        if (engine.provider === 'postgresql') {
          // integer DEFAULT '' cannot be reached: the USING cast trips on the default.
          const refused = await repo.flash(['resolve', 'users.code', '--both'], repo.oursDb.url, 3);
          expect(refused.stderr).toContain('E_RESOLUTION_FAILS');
          expect(refused.stderr).toContain('nothing was written');
          expect(readFileSync(path.join(repo.dir, 'db/migrations/flash.lock'), 'utf8')).toBe(lockBefore);
          expect(readdirSync(path.join(repo.dir, 'db/migrations')).sort()).toEqual(filesBefore);
          expect(JSON.parse(readFileSync(path.join(repo.dir, '.flash/MERGE_CONFLICTS.json'), 'utf8')).resolutions).toEqual({});
        }
        const resolved = await repo.flash(['resolve', 'users.code', '--theirs']);
        expect(resolved.stdout).toContain('All conflicts resolved');
        writeFileSync(path.join(repo.dir, 'db/schema/users.sql'), base.replace('code varchar(10)', 'code integer'));
        repo.sh('add', '-A');
        repo.sh('commit', '-qm', 'merge feature');
        expect((await repo.flash(['migrate', 'x'])).stdout).toMatch(/no changes/i);
        // A database at theirs' head reaches the resolution too (issue 13: not only a warning).
        for (const db of [repo.oursDb, repo.emptyDb, repo.theirsDb]) {
          await repo.flash(['apply'], db.url);
          const status = JSON.parse((await repo.flash(['status', '--json'], db.url)).stdout);
          expect(status.drift, JSON.stringify(status)).toEqual([]);
          expect(status.unknownApplied, JSON.stringify(status)).toEqual([]);
        }
      });

      /**
       * Ours and theirs each edit users.code of `base`; the merge is clean (then every starting
       * database reaches it, assertCleanMerge) or a C008 at the column, never a history-level C007.
       */
      async function mergeColumnEdits(ours: string, theirs: string): Promise<CliResult> {
        const repo = await forkedFiles(engine, {
          base: { 'users.sql': base },
          ours: { 'users.sql': ours },
          theirs: { 'users.sql': theirs },
        });
        cleanups.push(...repo.dbs.map((d) => d.drop));
        const merge = await repo.flash(['merge', 'feature'], repo.oursDb.url, null);
        if (merge.code === 0) {
          repo.sh('reset', '-q', '--hard', 'HEAD~1');
          await assertCleanMerge(repo);
        } else {
          expect(merge.code, merge.stderr).toBe(3);
          expect(merge.stderr).toContain('[C008] users.code');
          expect(merge.stderr).not.toContain('[C007]');
        }
        return merge;
      }

      it('type on one side × default on the other: clean where both heads reach the combined column, else C008', async () => {
        const merge = await mergeColumnEdits(
          base.replace('code varchar(10)', "code varchar(10) DEFAULT 'x'"),
          base.replace('code varchar(10)', 'code varchar(40)'),
        );
        // PostgreSQL alters attributes in place, so both orders commute there.
        if (engine.provider === 'postgresql') expect(merge.code, merge.stderr).toBe(0);
      });

      const collation = { sqlite: 'NOCASE', postgresql: '"C"', mysql: 'utf8mb4_bin' }[engine.provider];

      it('type on one side × collation on the other: clean where both heads reach the combined column, else C008', async () => {
        const merge = await mergeColumnEdits(
          base.replace('code varchar(10)', `code varchar(10) COLLATE ${collation}`),
          base.replace('code varchar(10)', 'code varchar(40)'),
        );
        // On PostgreSQL `ALTER COLUMN … TYPE` without COLLATE resets the collation, so theirs' migration
        // replayed at ours' head loses ours' collation: C008 there, never a silent reset.
        if (engine.provider === 'postgresql') expect(merge.code, merge.stderr).toBe(3);
      });

      it('a type that takes no collation × a collation on the other side: a column conflict, never a history conflict', async () => {
        await mergeColumnEdits(
          base.replace('code varchar(10)', `code varchar(10) COLLATE ${collation}`),
          base.replace('code varchar(10)', 'code integer'),
        );
      });

      // Removing an enum label recreates the type; a function theirs added takes the old type as an
      // argument, so a database at theirs' head cannot drop it. Nothing may be written then (issue 13.3).
      it.runIf(engine.provider === 'postgresql')(
        "a resolution that a database at theirs' head cannot reach is refused with nothing written",
        async () => {
          const moodBase = "CREATE TYPE mood AS ENUM ('a', 'b');\nCREATE TABLE users (\n  id integer PRIMARY KEY,\n  m mood\n);\n";
          const theirsSchema =
            moodBase.replace("'b')", "'b', 'c')") +
            "CREATE FUNCTION is_a(x mood) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT x = 'a' $$;\n";
          const repo = await forkedFiles(engine, {
            base: { 'users.sql': moodBase },
            ours: { 'users.sql': moodBase.replace("'b')", "'b', 'd')") },
            theirs: { 'users.sql': theirsSchema },
          });
          cleanups.push(...repo.dbs.map((d) => d.drop));
          const merge = await repo.flash(['merge', 'feature'], repo.oursDb.url, 3);
          expect(merge.stderr).toContain('[C006] enum:mood');
          const lockBefore = readFileSync(path.join(repo.dir, 'db/migrations/flash.lock'), 'utf8');
          const filesBefore = readdirSync(path.join(repo.dir, 'db/migrations')).sort();
          const stagedBefore = repo.sh('diff', '--cached', '--name-only');

          const refused = await repo.flash(['resolve', 'enum:mood', '--ours'], repo.oursDb.url, 3);
          expect(refused.stderr).toContain('E_RESOLUTION_FAILS');
          expect(refused.stderr).toContain("a database at theirs' head");
          expect(refused.stderr).toContain('cannot drop type');
          expect(refused.stderr).toContain('nothing was written');
          expect(readFileSync(path.join(repo.dir, 'db/migrations/flash.lock'), 'utf8')).toBe(lockBefore);
          expect(readdirSync(path.join(repo.dir, 'db/migrations')).sort()).toEqual(filesBefore);
          expect(repo.sh('diff', '--cached', '--name-only')).toBe(stagedBefore);
          expect(JSON.parse(readFileSync(path.join(repo.dir, '.flash/MERGE_CONFLICTS.json'), 'utf8')).resolutions).toEqual({});

          // The other side reaches every start: the resolution is written and all three databases follow.
          const resolved = await repo.flash(['resolve', 'enum:mood', '--theirs']);
          expect(resolved.stdout).toContain('All conflicts resolved');
          writeFileSync(path.join(repo.dir, 'db/schema/users.sql'), theirsSchema);
          repo.sh('add', '-A');
          repo.sh('commit', '-qm', 'merge feature');
          expect((await repo.flash(['migrate', 'x'])).stdout).toMatch(/no changes/i);
          for (const db of [repo.oursDb, repo.emptyDb, repo.theirsDb]) {
            await repo.flash(['apply'], db.url);
            const status = JSON.parse((await repo.flash(['status', '--json'], db.url)).stdout);
            expect(status.drift, JSON.stringify(status)).toEqual([]);
            expect(status.unknownApplied, JSON.stringify(status)).toEqual([]);
          }
        },
      );
    });

    it('conflicting changes: flash merge exits 3 with codes, check reports them in valid JSON', async () => {
      const repo = await forkedRepo(engine, {
        theirsSql: 'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email varchar(200) NOT NULL,\n  nickname varchar(20)\n);\n',
        oursSql: 'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email varchar(200) NOT NULL,\n  nickname integer\n);\n',
      });
      cleanups.push(...repo.dbs.map((d) => d.drop));
      repo.sh('checkout', '-q', 'feature');
      const check = await repo.flash(['check', '--base', 'main', '--format', 'json'], repo.theirsDb.url, 3);
      const report = JSON.parse(check.stdout);
      expect(validateCheck(report), JSON.stringify(validateCheck.errors)).toBe(true);
      expect(report.conflicts.map((c: { code: string; path: string }) => `${c.code} ${c.path}`)).toEqual(['C001 users.nickname']);
      const github = await repo.flash(['check', '--base', 'main', '--format', 'github'], repo.theirsDb.url, 3);
      expect(github.stdout).toMatch(/^::error title=flash C001 users\.nickname::/m);
      repo.sh('checkout', '-q', 'main');

      const merge = await repo.flash(['merge', 'feature'], repo.oursDb.url, 3);
      expect(merge.stderr).toContain('[C001] users.nickname');
      const state = JSON.parse(readFileSync(path.join(repo.dir, '.flash/MERGE_CONFLICTS.json'), 'utf8'));
      expect(state.conflicts.map((c: { code: string }) => c.code)).toEqual(['C001']);
      expect(existsSync(path.join(repo.dir, '.git/MERGE_HEAD'))).toBe(true);

      const resolved = await repo.flash(['resolve', 'users.nickname', '--theirs']);
      expect(resolved.stdout).toContain('All conflicts resolved');
      writeFileSync(
        path.join(repo.dir, 'db/schema/users.sql'),
        'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email varchar(200) NOT NULL,\n  nickname varchar(20)\n);\n',
      );
      repo.sh('add', '-A');
      repo.sh('commit', '-qm', 'merge feature');
      expect((await repo.flash(['migrate', 'x'])).stdout).toMatch(/no changes/i);
      // Both the database at ours' head and the one at theirs' head reach the resolved schema with plain apply.
      for (const db of [repo.oursDb, repo.theirsDb]) {
        await repo.flash(['apply'], db.url);
        const status = JSON.parse((await repo.flash(['status', '--json'], db.url)).stdout);
        expect(status.migrations.filter((m: { state: string }) => m.state !== 'applied')).toEqual([]);
        expect(status.unknownApplied, JSON.stringify(status)).toEqual([]);
        expect(status.drift, JSON.stringify(status)).toEqual([]);
      }
    });
  });
}
