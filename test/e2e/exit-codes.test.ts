import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runFlash, tempDir } from '../helpers/cli.js';

async function sqliteProject(): Promise<string> {
  const cwd = tempDir();
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd });
  expect((await runFlash(['init', '--sqlite'], { cwd })).code).toBe(0);
  writeFileSync(path.join(cwd, 'db/schema/users.sql'), 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, bio text);\n');
  expect((await runFlash(['migrate', 'users'], { cwd })).code).toBe(0);
  return cwd;
}

describe('exit codes say what happened', () => {
  it('a migration that fails while applying exits 5 (not 2, "internal error")', async () => {
    const cwd = await sqliteProject();
    expect((await runFlash(['apply'], { cwd })).code).toBe(0);
    const db = new Database(path.join(cwd, 'dev.db'));
    db.exec("INSERT INTO users (email) VALUES ('a@x'), ('a@x')");
    db.close();
    // valid on the (empty) shadow, fails on the dev data
    writeFileSync(
      path.join(cwd, 'db/schema/users.sql'),
      'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, bio text);\nCREATE UNIQUE INDEX users_email ON users (email);\n',
    );
    expect((await runFlash(['migrate', 'unique email'], { cwd })).code).toBe(0);
    const r = await runFlash(['apply'], { cwd });
    expect(r.stderr).toContain('error[E_MIGRATION_FAILED]');
    expect(r.code).toBe(5);
    const json = JSON.parse((await runFlash(['apply', '--json'], { cwd })).stdout);
    expect(json.error).toMatchObject({ code: 'E_MIGRATION_FAILED', exitCode: 5 });
  });

  it('migrate says how many lint errors it printed (and exits 0, as the README explains)', async () => {
    const cwd = await sqliteProject();
    writeFileSync(path.join(cwd, 'db/schema/users.sql'), 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);\n');
    const r = await runFlash(['migrate', 'drop bio'], { cwd });
    expect(r.stdout).toMatch(/error\[L002\] users\.bio/);
    expect(r.stdout).toMatch(
      /1 lint error\(s\): review db\/migrations\/\d+_drop_bio\.sql before `flash apply`; `flash check` fails on them in CI\./,
    );
    expect(r.code).toBe(0);
  });
});
