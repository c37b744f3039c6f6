import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteDialect } from '../../src/dialects/sqlite/dialect.js';
import { tempDir } from './sqlite-test-db.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const root = path.resolve(import.meta.dirname, '../..');

describe('sqlite lock', () => {
  it('a second connection waits for the first, says so once, then gets the lock', async () => {
    const file = path.join(tmp.dir, 'lock.db');
    const first = await sqliteDialect.connect(file);
    const second = await sqliteDialect.connect(file);
    const releaseFirst = await sqliteDialect.acquireLock(first);
    let waits = 0;
    let acquired = false;
    const pending = sqliteDialect
      .acquireLock(second, () => waits++)
      .then((release) => {
        acquired = true;
        return release;
      });
    await new Promise((r) => setTimeout(r, 300));
    expect(acquired).toBe(false);
    expect(waits).toBe(1);
    // the holder keeps working, with the runner's own transactions nested inside the lock
    await first.transaction(() => first.exec('CREATE TABLE t (a INTEGER)'));
    await expect(
      first.transaction(async () => {
        await first.exec('CREATE TABLE rolled_back (a INTEGER)');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await releaseFirst();
    const releaseSecond = await pending;
    expect(waits).toBe(1);
    const tables = await second.query<{ name: string }>(`SELECT name FROM sqlite_schema WHERE type = 'table'`);
    expect(tables.map((t) => t.name)).toEqual(['t']);
    await releaseSecond();
    await first.close();
    await second.close();
  });

  it('waits for another process that holds the lock', async () => {
    const file = path.join(tmp.dir, 'lock-process.db');
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `
      const { sqliteDialect } = await import(${JSON.stringify(path.join(root, 'src/dialects/sqlite/dialect.ts'))});
      const conn = await sqliteDialect.connect(${JSON.stringify(file)});
      const release = await sqliteDialect.acquireLock(conn);
      await conn.exec('CREATE TABLE from_holder (a INTEGER)');
      console.log('locked');
      await new Promise((r) => setTimeout(r, 1000));
      await release();
      await conn.close();
    `,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
      holder.on('exit', (code) => reject(new Error(`holder exited early (${code})`)));
    });
    const conn = await sqliteDialect.connect(file);
    let waited = 0;
    const started = Date.now();
    const release = await sqliteDialect.acquireLock(conn, () => waited++);
    expect(waited).toBe(1);
    expect(Date.now() - started).toBeGreaterThan(200);
    expect(await conn.query(`SELECT name FROM sqlite_schema`)).toEqual([{ name: 'from_holder' }]);
    await release();
    await conn.close();
    await new Promise((r) => holder.once('exit', r).exitCode !== null && r(undefined));
  });

  it('does not call onWait when the lock is free, and restores foreign keys on release', async () => {
    const conn = await sqliteDialect.connect(path.join(tmp.dir, 'free.db'));
    let waits = 0;
    const release = await sqliteDialect.acquireLock(conn, () => waits++);
    expect(await conn.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 0 }]);
    await release();
    expect(waits).toBe(0);
    expect(await conn.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    await conn.close();
  });
});
