import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { render, cleanup } from 'ink-testing-library';
import { FlashApp } from '../../ui/app.js';
import { createApiDataSource } from '../../ui/api-data-source.js';
import { runFlash, tempDir } from '../helpers/cli.js';
import { press, waitFor } from './keys.js';

afterEach(() => cleanup());

/** A SQLite project whose last applied migration adds a table that now holds rows: its Down loses them. */
async function projectWithLossyDown(): Promise<string> {
  const dir = tempDir('flash-tui-down-');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  const flash = async (...args: string[]) => {
    const r = await runFlash(args, { cwd: dir });
    if (r.code !== 0) throw new Error(`flash ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  };
  await flash('init', '--sqlite');
  writeFileSync(path.join(dir, 'db/schema/app.sql'), 'CREATE TABLE users (id integer PRIMARY KEY);\n');
  await flash('migrate', 'init');
  writeFileSync(
    path.join(dir, 'db/schema/app.sql'),
    'CREATE TABLE users (id integer PRIMARY KEY);\nCREATE TABLE notes (id integer PRIMARY KEY, body text);\n',
  );
  await flash('migrate', 'add_notes');
  await flash('apply');
  const db = new Database(path.join(dir, 'dev.db'));
  db.exec("INSERT INTO notes (id, body) VALUES (1, 'keep me'), (2, 'me too')");
  db.close();
  return dir;
}

function noteCount(dir: string): number | undefined {
  const db = new Database(path.join(dir, 'dev.db'));
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE name = 'notes'").get();
    return table ? (db.prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n : undefined;
  } finally {
    db.close();
  }
}

describe('migrations screen: a Down that loses data (issue 12.10 in the TUI)', () => {
  it('asks what would be lost; n keeps everything, y reverts', { timeout: 60_000 }, async () => {
    const dir = await projectWithLossyDown();
    const app = render(<FlashApp source={createApiDataSource(dir)} initial="migrations" color={false} />);
    await waitFor(app.lastFrame, (f) => /applied\s+\d+_add_notes/.test(f), 'migration list');
    await press(app.stdin, 'D');
    await waitFor(app.lastFrame, (f) => /Revert \d+_add_notes\?/.test(f), 'revert question');
    await press(app.stdin, 'y');
    let frame = await waitFor(app.lastFrame, (f) => f.includes('would lose data'), 'data-loss question', 10_000);
    expect(frame).toContain('notes');
    expect(frame).toContain('Continue?');
    await press(app.stdin, 'n');
    frame = await waitFor(app.lastFrame, (f) => f.includes('E_DATA_LOSS'), 'refused', 10_000);
    expect(noteCount(dir)).toBe(2);

    await press(app.stdin, 'D');
    await waitFor(app.lastFrame, (f) => /Revert \d+_add_notes\?/.test(f), 'revert question again');
    await press(app.stdin, 'y');
    await waitFor(app.lastFrame, (f) => f.includes('Continue?'), 'data-loss question again', 10_000);
    await press(app.stdin, 'y');
    frame = await waitFor(app.lastFrame, (f) => /reverted \d+_add_notes/.test(f), 'reverted', 10_000);
    expect(noteCount(dir)).toBeUndefined();
  });
});
