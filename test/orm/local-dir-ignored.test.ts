import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { flashOk, gitOk } from '../git/git-fixture.js';

describe('.flash/local/ is git-ignored by whatever command writes there', () => {
  it('a flash.toml project that never ran init: migrate, apply and branch keep .flash/local out of git add -A', async () => {
    const dir = tempDir('flash-toml-');
    await gitOk(dir, ['init', '-q', '-b', 'main']);
    writeFileSync(
      path.join(dir, 'flash.toml'),
      'version = "2"\nschema_dir = "db/schema"\nmigrations_path = "db/migrations"\n\n[database]\nprovider = "sqlite"\nurl_env = "DATABASE_URL"\n',
    );
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n*.db');
    writeFileSync(path.join(dir, '.env'), 'DATABASE_URL=file:./dev.db\n');
    mkdirSync(path.join(dir, 'db/schema'), { recursive: true });
    writeFileSync(path.join(dir, 'db/schema/users.sql'), 'CREATE TABLE users (\n  id integer PRIMARY KEY\n);\n');
    await flashOk(dir, ['migrate', 'users']);
    await flashOk(dir, ['apply']);
    expect(existsSync(path.join(dir, '.flash/local'))).toBe(true);
    const ignore = readFileSync(path.join(dir, '.gitignore'), 'utf8');
    // The user's lines are kept (even without a final newline); the entry is added once.
    expect(ignore).toBe('node_modules/\n*.db\n.flash/local/\n');
    await gitOk(dir, ['add', '-A']);
    await gitOk(dir, ['commit', '-q', '-m', 'users']);
    await flashOk(dir, ['branch', 'feature']);
    await gitOk(dir, ['add', '-A']);
    const staged = await gitOk(dir, ['ls-files', '--cached']);
    expect(staged).not.toMatch(/\.flash\/local/);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8').match(/\.flash\/local\//g)).toHaveLength(1);
  }, 60_000);
});
