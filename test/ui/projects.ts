import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runFlash, tempDir } from '../helpers/cli.js';

/** A real SQLite Flash project in a real git repo: one applied migration, one pending. */
export async function sqliteProject(): Promise<string> {
  const dir = tempDir('flash-tui-');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'tui@test');
  git('config', 'user.name', 'tui test');
  const flash = async (...args: string[]) => {
    const r = await runFlash(args, { cwd: dir });
    if (r.code !== 0) throw new Error(`flash ${args.join(' ')} failed (${r.code}):\n${r.stdout}${r.stderr}`);
    return r;
  };
  await flash('init', '--sqlite');
  writeFileSync(path.join(dir, 'db/schema/users.sql'), 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);\n');
  await flash('migrate', 'init');
  await flash('apply');
  writeFileSync(
    path.join(dir, 'db/schema/users.sql'),
    'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);\nCREATE TABLE posts (id integer PRIMARY KEY, title text);\n',
  );
  await flash('migrate', 'add_posts');
  git('add', '-A');
  git('commit', '-qm', 'schema');
  return dir;
}

/**
 * A stopped `flash merge`: main and feature both changed users.email's type from the same base, so
 * merging feature into main leaves a C002 conflict (and a W001 warning) in .flash/MERGE_CONFLICTS.json.
 */
export async function conflictedMerge(): Promise<string> {
  const dir = tempDir('flash-tui-merge-');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  const flash = async (args: string[], expected = 0) => {
    const r = await runFlash(args, { cwd: dir });
    if (r.code !== expected) throw new Error(`flash ${args.join(' ')} exited ${r.code}, expected ${expected}:\n${r.stdout}${r.stderr}`);
  };
  const schema = (sql: string) => writeFileSync(path.join(dir, 'db/schema/app.sql'), sql + '\n');
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'tui@test');
  git('config', 'user.name', 'tui test');
  await flash(['init', '--sqlite']);
  schema('CREATE TABLE users (id integer PRIMARY KEY, email text);');
  await flash(['migrate', 'init']);
  await flash(['apply']);
  git('add', '-A');
  git('commit', '-qm', 'init');
  git('checkout', '-qb', 'feature');
  schema('CREATE TABLE users (id integer PRIMARY KEY, email varchar(320) NOT NULL);');
  await flash(['migrate', 'email320']);
  git('add', '-A');
  git('commit', '-qm', 'feature: email 320');
  git('checkout', '-q', 'main');
  schema('CREATE TABLE users (id integer PRIMARY KEY, email varchar(255));');
  await flash(['migrate', 'email255']);
  git('add', '-A');
  git('commit', '-qm', 'main: email 255');
  await flash(['merge', 'feature'], 3);
  return dir;
}

export function migrationFiles(dir: string): string[] {
  return readdirSync(path.join(dir, 'db/migrations'))
    .filter((f) => f.endsWith('.sql'))
    .sort();
}
