import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteDialect } from '../../src/dialects/sqlite/dialect.js';
import { canonical, tempDir } from './sqlite-test-db.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const admin = sqliteDialect.databases;

describe('sqlite database admin', () => {
  it('names sibling files in the same directory', () => {
    expect(admin.urlFor('file:/data/dev.db', 'feature-x')).toBe('/data/feature-x.db');
    expect(admin.urlFor('/data/app.sqlite', 'b.db')).toBe('/data/b.db');
    expect(admin.urlFor('/data/dev.db', '/elsewhere/x.db')).toBe('/elsewhere/x.db');
    expect(admin.databaseName('file:/data/dev.db')).toBe('dev');
    expect(() => admin.urlFor(':memory:', 'x')).toThrow(/in-memory/);
  });

  it('creates, detects and drops a database with its -wal/-shm files', async () => {
    const url = admin.urlFor(path.join(tmp.dir, 'main.db'), 'created');
    expect(await admin.exists(url)).toBe(false);
    await admin.create(url);
    expect(await admin.exists(url)).toBe(true);
    await expect(admin.create(url)).rejects.toMatchObject({ code: 'E_DB_EXISTS' });
    writeFileSync(`${url}-wal`, '');
    writeFileSync(`${url}-shm`, '');
    await admin.drop(url);
    expect([url, `${url}-wal`, `${url}-shm`].some((f) => existsSync(f))).toBe(false);
    await admin.drop(url); // dropping what is not there is fine
  });

  it('copies a consistent snapshot while another connection is writing', async () => {
    const source = path.join(tmp.dir, 'source.db');
    const writer = await sqliteDialect.connect(source);
    await writer.exec(
      `CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t (v); INSERT INTO t (v) VALUES ('committed');`,
    );
    await writer.exec('BEGIN IMMEDIATE');
    await writer.query(`INSERT INTO t (v) VALUES ('uncommitted')`);
    const target = admin.urlFor(source, 'copy');
    await admin.copy(source, target);
    await writer.exec('COMMIT');
    const copy = await sqliteDialect.connect(target);
    expect(await copy.query('SELECT v FROM t')).toEqual([{ v: 'committed' }]);
    expect(canonical(await sqliteDialect.introspect(copy))).toBe(canonical(await sqliteDialect.introspect(writer)));
    await expect(admin.copy(source, target)).rejects.toMatchObject({ code: 'E_DB_EXISTS' });
    await expect(admin.copy(path.join(tmp.dir, 'nope.db'), path.join(tmp.dir, 'x.db'))).rejects.toMatchObject({ code: 'E_DB_CONNECT' });
    await copy.close();
    await writer.close();
  });

  it('copies a WAL-mode database with rows still in its -wal file (no file copy then: VACUUM INTO)', async () => {
    const source = path.join(tmp.dir, 'wal.db');
    const writer = await sqliteDialect.connect(source);
    await writer.exec(`PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);`);
    await writer.exec(`INSERT INTO t (v) VALUES ('in the wal')`);
    expect(statSync(`${source}-wal`).size).toBeGreaterThan(0);
    const target = admin.urlFor(source, 'wal-copy');
    await admin.copy(source, target);
    await writer.close();
    const copy = await sqliteDialect.connect(target);
    expect(await copy.query('SELECT v FROM t')).toEqual([{ v: 'in the wal' }]);
    await copy.close();
  });

  it('copies a large database byte for byte (file copy, a reflink where the filesystem has them)', async () => {
    const source = path.join(tmp.dir, 'big.db');
    const writer = await sqliteDialect.connect(source);
    await writer
      .exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) SELECT hex(randomblob(100)) FROM generate_series(1, 2000);`)
      .catch(async () => {
        // generate_series is an extension in some builds: a recursive CTE instead
        await writer.exec(
          `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO t (v) SELECT hex(randomblob(100)) FROM n`,
        );
      });
    await writer.close();
    const target = admin.urlFor(source, 'big-copy');
    await admin.copy(source, target);
    expect(readFileSync(target).equals(readFileSync(source))).toBe(true);
  });

  it('shadow is an in-memory database', async () => {
    const shadow = await sqliteDialect.createShadow({});
    await shadow.connection.exec('CREATE TABLE t (a INTEGER)');
    expect((await sqliteDialect.introspect(shadow.connection)).tables).toHaveLength(1);
    expect(shadow.connection.description).toBe('sqlite::memory:');
    await shadow.dispose();
  });

  it('tracking table DDL is idempotent and invisible to introspection', async () => {
    const conn = await sqliteDialect.connect(':memory:');
    await conn.exec(sqliteDialect.trackingTableDdl());
    await conn.exec(sqliteDialect.trackingTableDdl());
    await conn.query(`INSERT INTO _flash_migrations (migration_name, checksum) VALUES ('m', 'c')`);
    expect((await sqliteDialect.introspect(conn)).tables).toEqual([]);
    await conn.close();
  });
});
