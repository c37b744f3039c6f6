import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runFlash, tempDir } from '../helpers/cli.js';
import { createApiDataSource } from '../../ui/api-data-source.js';
import { buildDiffTree, diffTreeLines } from '../../ui/diff-tree.js';
import { formatDashboardText } from '../../ui/plain-dashboard.js';
import type { ProgressEvent } from '../../ui/data-source.js';
import { conflictedMerge, migrationFiles } from './projects.js';

let template: string;

/** Built once: a SQLite project in git with `init` applied and `add_posts` pending; each test copies it. */
beforeAll(async () => {
  template = tempDir('flash-ds-');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: template, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'ds@test');
  git('config', 'user.name', 'ds');
  const flash = async (...args: string[]) => {
    const r = await runFlash(args, { cwd: template });
    if (r.code !== 0) throw new Error(`flash ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  };
  await flash('init', '--sqlite');
  writeFileSync(path.join(template, 'db/schema/app.sql'), 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);\n');
  await flash('migrate', 'init');
  await flash('apply');
  writeFileSync(
    path.join(template, 'db/schema/app.sql'),
    'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);\nCREATE TABLE posts (id integer PRIMARY KEY, title text);\nCREATE INDEX posts_title ON posts (title);\n',
  );
  await flash('migrate', 'add_posts');
  git('add', '-A');
  git('commit', '-qm', 'schema');
}, 120_000);

function project(): string {
  const dir = tempDir('flash-ds-copy-');
  cpSync(template, dir, { recursive: true });
  return dir;
}

describe('the TUI data source on a real SQLite project', () => {
  it('dashboard: branch, database, hashes, pending migration, no drift; the plain text says the same', async () => {
    const dir = project();
    const data = await createApiDataSource(dir).loadDashboard();
    expect(data).toMatchObject({
      projectDir: dir,
      provider: 'sqlite',
      gitBranch: 'main',
      database: 'file:./dev.db',
      applied: 1,
      modified: [],
      drift: false,
      conflicts: 0,
      problems: [],
    });
    expect(data.pending).toHaveLength(1);
    expect(data.pending[0]).toMatch(/^\d{14}_add_posts$/);
    expect(data.expectedHash).toMatch(/^[0-9a-f]{64}$/);
    expect(data.liveHash).toMatch(/^[0-9a-f]{64}$/);
    expect(data.liveHash).not.toBe(data.expectedHash);
    expect(formatDashboardText(data)).toMatch(/^live\s+[0-9a-f]{12} \(differs\)$/m);
  });

  it('drift: a table created behind Flash’s back shows up', async () => {
    const dir = project();
    const db = new Database(path.join(dir, 'dev.db'));
    db.exec('CREATE TABLE sneaky (id integer)');
    db.close();
    const data = await createApiDataSource(dir).loadDashboard();
    expect(data.drift).toBe(true);
    expect(data.driftDetails.join('\n')).toContain('sneaky');
  });

  it('migrations: list with states, and Up/Down SQL of one', async () => {
    const dir = project();
    const source = createApiDataSource(dir);
    const list = await source.listMigrations();
    expect(list.map((m) => m.state)).toEqual(['applied', 'pending']);
    const detail = await source.migrationDetail(list[1].name);
    expect(detail.up).toMatch(/CREATE TABLE [`"]?posts/i);
    expect(detail.up).toMatch(/CREATE INDEX [`"]?posts_title/i);
    expect(detail.down).toMatch(/DROP TABLE [`"]?posts/i);
    expect(Array.isArray(detail.lint)).toBe(true);
  });

  it('apply with progress, then down 1', async () => {
    const dir = project();
    const source = createApiDataSource(dir);
    const events: ProgressEvent[] = [];
    const result = await source.applyPending((e) => events.push(e));
    expect(result.notes[0]).toMatch(/^applied 1 migration\(s\): \d+_add_posts$/);
    expect(events.at(-1)).toMatchObject({ done: 1, total: 1 });
    const after = await source.loadDashboard();
    expect(after.pending).toEqual([]);
    expect(after.liveHash).toBe(after.expectedHash);
    const reverted = await source.down(1, (e) => events.push(e));
    expect(reverted.notes[0]).toMatch(/^reverted \d+_add_posts$/);
    expect((await source.listMigrations()).map((m) => m.state)).toEqual(['applied', 'pending']);
  });

  it('schema diff between the live database, the expected snapshot and a branch', async () => {
    const dir = project();
    const source = createApiDataSource(dir);
    const targets = (await source.diffTargets()).map((t) => t.id);
    expect(targets).toEqual(expect.arrayContaining(['expected', 'schema', 'live', 'empty', 'branch:main']));
    const diff = await source.schemaDiff('live', 'expected');
    expect(diffTreeLines(buildDiffTree(diff.operations))).toEqual([
      '+ table posts (2 columns)',
      expect.stringMatching(/^ {4}\+ column id \(integer/),
      '    + column title (text)',
      '    + primary key (id)',
      '    + index posts_title (title)',
    ]);
    expect(diff.fromSql).not.toMatch(/posts/);
    expect(diff.toSql).toMatch(/CREATE TABLE [`"]?posts/i);
    const fromBranch = await source.schemaDiff('empty', 'branch:main');
    expect(fromBranch.operations.filter((o) => o.kind === 'createTable')).toHaveLength(2);
  });

  it('branches: the listing comes from git and local state', async () => {
    const dir = project();
    const branches = await createApiDataSource(dir).listBranches();
    expect(branches).toEqual([expect.objectContaining({ name: 'main', current: true })]);
  });

  it('conflicts: none without a stopped merge', async () => {
    expect(await createApiDataSource(project()).conflicts()).toEqual({ items: [] });
  });

  it('conflicts of a real stopped `flash merge`; resolving the last one writes the merge migration', async () => {
    const dir = await conflictedMerge();
    const source = createApiDataSource(dir);
    const set = await source.conflicts();
    expect(set.merging).toBe('feature');
    expect(set.items.map((c) => [c.code, c.path, c.resolutions])).toEqual([
      ['C002', 'users.email', ['ours', 'theirs']],
      ['W001', 'users.email', []],
    ]);
    expect(set.items[0].ours).toMatchObject({ name: 'email', type: 'varchar(255)' });
    expect(set.items[0].theirs).toMatchObject({ name: 'email', type: 'varchar(320)', nullable: false });
    expect((await source.loadDashboard()).conflicts).toBe(1);
    await expect(source.resolve('users.name', 'ours')).rejects.toMatchObject({ code: 'E_USAGE' });
    const result = await source.resolve('users.email', 'ours');
    expect(result.notes[0]).toMatch(/^all conflicts resolved; wrote \d{14}_merge_feature(, \d{14}_merge_feature_theirs)?$/);
    expect(migrationFiles(dir).some((f) => f.endsWith('_merge_feature.sql'))).toBe(true);
    expect(await source.conflicts()).toEqual({ items: [] });
  });
});

describe('branch actions through src/api (the TUI formats typed results, never CLI output)', () => {
  it('creates a branch with a copy of the database, checks out back, and drops the branch database', async () => {
    const dir = project();
    const source = createApiDataSource(dir);
    const steps: string[] = [];
    const created = await source.createBranch('feature', (e) => steps.push(e.message));
    expect(created.notes).toEqual([
      expect.stringMatching(/^Switched to a new branch feature; database .*feature.* \(copy of main's, data included\)\.$/),
    ]);
    expect(execFileSync('git', ['branch', '--show-current'], { cwd: dir, encoding: 'utf8' }).trim()).toBe('feature');

    const back = await source.checkout('main', (e) => steps.push(e.message));
    expect(back.notes[0]).toMatch(/^switched to main; database .*; applied 1 migration\(s\)$/);
    expect(steps).toContain("switching the database to main's schema");
    const branches = await source.listBranches();
    expect(branches.find((b) => b.name === 'main')?.current).toBe(true);

    const deleted = await source.deleteBranch('feature');
    expect(deleted.notes).toEqual([expect.stringMatching(/^Dropped .*feature.* \(branch feature\)\.$/)]);
    expect((await source.listBranches()).find((b) => b.name === 'feature')?.database).toBeUndefined();
    await expect(source.deleteBranch('main')).rejects.toMatchObject({ code: 'E_BRANCH_CHECKED_OUT' });
  }, 60_000);

  it('ui/ imports nothing from src/cli', () => {
    const r = spawnSync('grep', ['-rlE', "'(\\.\\./)+src/cli/", 'ui'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
    });
    expect(r.status).toBe(1); // grep: no match
    expect(r.stdout).toBe('');
  });
});
