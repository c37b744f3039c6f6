import { describe, expect, it } from 'vitest';
import { mysqlDialect } from '../../src/dialects/mysql/dialect.js';
import { FlashError } from '../../src/errors.js';
import { databasesLike, withTempMysqlDb } from './mysql-test-db.js';

describe('mysql shadow database', () => {
  it('is a flash_shadow_<random> database, introspectable, and gone after dispose', async () => {
    await withTempMysqlDb(async ({ url, conn }) => {
      const shadow = await mysqlDialect.createShadow({ url });
      const [row] = await shadow.connection.query<{ db: string }>('SELECT DATABASE() AS db');
      expect(row.db).toMatch(/^flash_shadow_[0-9a-f]{12}$/);
      expect(await databasesLike(conn, row.db)).toEqual([row.db]);
      await shadow.connection.exec('CREATE TABLE t (id int PRIMARY KEY, doc json); CREATE VIEW v AS SELECT id FROM t;');
      const schema = await mysqlDialect.introspect(shadow.connection);
      expect(schema.tables.map((t) => t.name)).toEqual(['t']);
      expect(schema.tables[0].columns[1].type).toBe('json');
      expect(schema.views[0].definition).toBe('select `t`.`id` AS `id` from `t`');
      await shadow.dispose();
      expect(await databasesLike(conn, row.db)).toEqual([]);
    });
  });

  it('is dropped after an SQL error in the user schema, and dispose() is idempotent', async () => {
    await withTempMysqlDb(async ({ url, conn }) => {
      const shadow = await mysqlDialect.createShadow({ url });
      const [row] = await shadow.connection.query<{ db: string }>('SELECT DATABASE() AS db');
      let failure: unknown;
      try {
        await shadow.connection.exec('CREATE TABLE ok (id int);\nCREATE TABLE broken (id int,);');
      } catch (err) {
        failure = err;
      } finally {
        await shadow.dispose();
      }
      expect((failure as FlashError).code).toBe('E_SQL');
      expect(await databasesLike(conn, row.db)).toEqual([]);
      await shadow.dispose();
    });
  });

  it('takes shadowUrl over url, and inherits the default collation of the named database', async () => {
    await withTempMysqlDb(async ({ url, name, conn }) => {
      await conn.query(`ALTER DATABASE \`${name}\` CHARACTER SET latin1 COLLATE latin1_general_ci`);
      const shadow = await mysqlDialect.createShadow({ url: 'mysql://root@127.0.0.1:1/unreachable', shadowUrl: url });
      try {
        await shadow.connection.exec('CREATE TABLE t (id int, s varchar(10))');
        const schema = await mysqlDialect.introspect(shadow.connection);
        expect(schema.tables[0].options).toEqual({ engine: 'InnoDB', charset: 'latin1', collation: 'latin1_general_ci' });
      } finally {
        await shadow.dispose();
      }
    });
  });

  it('without any URL is a coded error, and an unreachable server is E_DB_CONNECT', async () => {
    await expect(mysqlDialect.createShadow({})).rejects.toMatchObject({ code: 'E_NO_URL' });
    await expect(mysqlDialect.createShadow({ url: 'mysql://root:pw@127.0.0.1:1/x' })).rejects.toMatchObject({ code: 'E_DB_CONNECT' });
  });

  it('leaves none of its shadow databases behind across many uses', async () => {
    await withTempMysqlDb(async ({ url, conn }) => {
      const names: string[] = [];
      for (let i = 0; i < 3; i++) {
        const shadow = await mysqlDialect.createShadow({ url });
        const [row] = await shadow.connection.query<{ db: string }>('SELECT DATABASE() AS db');
        names.push(row.db);
        await shadow.connection.exec('CREATE TABLE nope (').catch(() => {});
        await shadow.dispose();
      }
      expect(new Set(names).size).toBe(3);
      for (const n of names) expect(await databasesLike(conn, n)).toEqual([]);
    });
  });
});
