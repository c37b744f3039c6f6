import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FlashError } from '../../src/errors.js';
import { sqliteDialect } from '../../src/dialects/sqlite/dialect.js';
import { sqlitePath } from '../../src/dialects/sqlite/driver.js';
import { tempDir } from './sqlite-test-db.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function connectError(url: string): Promise<FlashError> {
  try {
    await sqliteDialect.connect(url);
  } catch (err) {
    return err as FlashError;
  }
  throw new Error(`connect(${url}) did not fail`);
}

describe('sqlite driver', () => {
  it('resolves every URL form against the base directory', () => {
    const base = '/project';
    expect(sqlitePath('file:./dev.db', base)).toBe('/project/dev.db');
    expect(sqlitePath('file:dev.db', base)).toBe('/project/dev.db');
    expect(sqlitePath('file:///var/data/app.db', base)).toBe('/var/data/app.db');
    expect(sqlitePath('sqlite:./db/dev.db?mode=rwc', base)).toBe('/project/db/dev.db');
    expect(sqlitePath('sqlite:///abs.db', base)).toBe('/abs.db');
    expect(sqlitePath('data/dev.db', base)).toBe('/project/data/dev.db');
    expect(sqlitePath('/tmp/x.db', base)).toBe('/tmp/x.db');
    expect(sqlitePath(':memory:', base)).toBe(':memory:');
    expect(sqlitePath('file::memory:', base)).toBe(':memory:');
  });

  it('creates a missing file in an existing directory', async () => {
    const file = path.join(tmp.dir, 'new.db');
    const conn = await sqliteDialect.connect(`file:${file}`);
    await conn.exec('CREATE TABLE t (a INTEGER)');
    await conn.query('INSERT INTO t VALUES (?)', [true]);
    expect(await conn.query('SELECT a FROM t')).toEqual([{ a: 1 }]);
    expect(conn.description).toBe(`sqlite:${file}`);
    await conn.close();
  });

  it('fails with E_DB_CONNECT naming the file when its directory does not exist', async () => {
    const file = path.join(tmp.dir, 'missing-dir', 'dev.db');
    const err = await connectError(`file:${file}`);
    expect(err).toBeInstanceOf(FlashError);
    expect(err.code).toBe('E_DB_CONNECT');
    expect(err.message).toContain(file);
    expect(err.hint).toMatch(/directory/);
  });

  it('fails with E_DB_CONNECT when the file is not a database', async () => {
    const file = path.join(tmp.dir, 'garbage.db');
    writeFileSync(file, 'this is not a sqlite database, just some text that is long enough '.repeat(20));
    const err = await connectError(file);
    expect(err.code).toBe('E_DB_CONNECT');
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/not a database/);
  });

  it('binds ? parameters and returns rows only for readers', async () => {
    const conn = await sqliteDialect.connect(':memory:');
    await conn.exec('CREATE TABLE t (a INTEGER, b TEXT, c TEXT)');
    expect(await conn.query('INSERT INTO t VALUES (?, ?, ?)', [1, undefined, new Date('2026-01-02T03:04:05Z')])).toEqual([]);
    expect(await conn.query('SELECT * FROM t WHERE a = ?', [1])).toEqual([{ a: 1, b: null, c: '2026-01-02T03:04:05.000Z' }]);
    await conn.close();
  });

  it('fails an exec of PRAGMA foreign_key_check that finds violations', async () => {
    const conn = await sqliteDialect.connect(':memory:');
    await conn.exec(
      'PRAGMA foreign_keys = OFF; CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INTEGER REFERENCES p (id)); INSERT INTO c VALUES (7);',
    );
    await expect(conn.exec('PRAGMA foreign_key_check("c")')).rejects.toMatchObject({
      code: 'E_SQL',
      message: expect.stringContaining('"c" reference missing rows in "p"'),
    });
    await expect(conn.exec('SELECT 1; PRAGMA foreign_key_check')).rejects.toMatchObject({ code: 'E_SQL' });
    await conn.exec('DELETE FROM c');
    await expect(conn.exec('PRAGMA foreign_key_check("c")')).resolves.toBeUndefined();
    await conn.close();
  });

  it('switches foreign-key enforcement off for a migration transaction and back on afterwards', async () => {
    const conn = await sqliteDialect.connect(':memory:');
    const fk = async () => (await conn.query<{ foreign_keys: number }>('PRAGMA foreign_keys'))[0].foreign_keys;
    expect(await fk()).toBe(1);
    expect(await conn.transaction(fk)).toBe(0);
    expect(await fk()).toBe(1);
    await expect(
      conn.transaction(async () => {
        await conn.exec('CREATE TABLE gone (a INTEGER)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await fk()).toBe(1);
    expect(await conn.query("SELECT name FROM sqlite_schema WHERE name = 'gone'")).toEqual([]);
    await conn.close();
  });
});
