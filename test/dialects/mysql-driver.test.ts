import { describe, expect, it } from 'vitest';
import { mysqlDialect } from '../../src/dialects/mysql/dialect.js';
import { FlashError } from '../../src/errors.js';
import { withTempMysqlDb } from './mysql-test-db.js';

describe('mysql driver', () => {
  it('an unreachable server is E_DB_CONNECT naming host:port/db, never the password', async () => {
    const err = await mysqlDialect.connect('mysql://alice:s3cret-pw@127.0.0.1:1/app').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlashError);
    const fe = err as FlashError;
    expect(fe.code).toBe('E_DB_CONNECT');
    expect(fe.message).toContain('127.0.0.1:1/app');
    expect(fe.message).not.toContain('s3cret-pw');
    expect(fe.hint).toMatch(/running/);
    expect(JSON.stringify(fe.toJSON())).not.toContain('s3cret-pw');
  });

  it('wrong credentials and a missing database are E_DB_CONNECT without the password', async () => {
    const denied = (await mysqlDialect
      .connect('mysql://flash_nobody:hunter2-pw@127.0.0.1:3306/test')
      .catch((e: unknown) => e)) as FlashError;
    expect(denied.code).toBe('E_DB_CONNECT');
    expect(denied.message).toContain('127.0.0.1:3306/test');
    expect(denied.message).not.toContain('hunter2-pw');
    const missing = (await mysqlDialect.connect('mysql://root@127.0.0.1:3306/flash_no_such_db_x').catch((e: unknown) => e)) as FlashError;
    expect(missing.code).toBe('E_DB_CONNECT');
    expect(missing.hint).toContain('flash_no_such_db_x');
  });

  it('binds ? parameters, reports SQL errors as E_SQL, and never runs two statements in one query', async () => {
    await withTempMysqlDb(async ({ conn, name }) => {
      expect(conn.description).toBe(`mysql://root@127.0.0.1:3306/${name}`);
      const rows = await conn.query<{ a: number; b: string }>('SELECT ? + 1 AS a, ? AS b', [41, "x'?"]);
      expect(rows).toEqual([{ a: 42, b: "x'?" }]);
      const err = (await conn.query('SELECT * FROM no_such_table').catch((e: unknown) => e)) as FlashError;
      expect(err.code).toBe('E_SQL');
      expect(err.data?.errno).toBe(1146);
      const smuggled = (await conn.query('SELECT 1; DROP DATABASE `' + name + '`').catch((e: unknown) => e)) as FlashError;
      expect(smuggled.code).toBe('E_SQL');
      expect(await conn.query('SELECT DATABASE() AS db')).toEqual([{ db: name }]);
    });
  });

  it('exec() runs a multi-statement script one statement at a time, trigger bodies included', async () => {
    await withTempMysqlDb(async ({ conn }) => {
      await conn.exec(`
        CREATE TABLE t (id int PRIMARY KEY, n int); -- a comment; with a semicolon
        CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW
        BEGIN
          IF NEW.n IS NULL THEN SET NEW.n = 7; END IF;
          SET NEW.n = NEW.n * 2;
        END;
        INSERT INTO t (id) VALUES (1);
      `);
      expect(await conn.query('SELECT id, n FROM t')).toEqual([{ id: 1, n: 14 }]);
    });
  });
});

describe('mysql driver, literal text', () => {
  it('leaves ? inside user SQL alone when no parameters are given', async () => {
    await withTempMysqlDb(async ({ conn }) => {
      await conn.exec("CREATE TABLE q (s varchar(10) DEFAULT 'why?'); INSERT INTO q VALUES ('a?b');");
      expect(await conn.query("SELECT s, 'c?' AS t FROM q")).toEqual([{ s: 'a?b', t: 'c?' }]);
    });
  });
});
