import { describe, expect, it } from 'vitest';
import { mysqlDialect } from '../../src/dialects/mysql/dialect.js';
import { connectMysql } from '../../src/dialects/mysql/driver.js';
import { MYSQL_URL, uniqueDbName } from '../helpers/db-urls.js';
import { canonical, withTempMysqlDb } from './mysql-test-db.js';

const admin = mysqlDialect.databases;

describe('mysql database admin', () => {
  it('create / exists / drop, URLs in and out', async () => {
    const name = uniqueDbName('flash_t');
    const url = admin.urlFor(MYSQL_URL, name);
    expect(url).toBe(`mysql://root@127.0.0.1:3306/${name}`);
    expect(admin.databaseName(url)).toBe(name);
    expect(await admin.exists(url)).toBe(false);
    await admin.create(url);
    try {
      expect(await admin.exists(url)).toBe(true);
    } finally {
      await admin.drop(url);
    }
    expect(await admin.exists(url)).toBe(false);
    await admin.drop(url); // dropping a missing database is fine
  });

  it('copy: tables, rows, generated columns, views, triggers, routines, events, FKs and counters', async () => {
    await withTempMysqlDb(async ({ url, conn }) => {
      await conn.exec(`
        CREATE TABLE parents (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(50) NOT NULL, doc json, CHECK (name <> ''));
        CREATE TABLE children (
          id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
          parent_id int NOT NULL,
          qty int NOT NULL DEFAULT 1,
          doubled int AS (qty * 2) STORED,
          note varchar(20) AS (concat('n', qty)) VIRTUAL,
          CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parents (id) ON DELETE CASCADE
        );
        CREATE TABLE audit (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, what varchar(100));
        CREATE VIEW parent_names AS SELECT id, name FROM parents;
        CREATE VIEW first_parent AS SELECT name FROM parent_names WHERE id = 1;
        CREATE TRIGGER children_ai AFTER INSERT ON children FOR EACH ROW
        BEGIN
          INSERT INTO audit (what) VALUES (concat('child ', NEW.id));
        END;
        CREATE FUNCTION plus1(a int) RETURNS int DETERMINISTIC RETURN a + 1;
        CREATE PROCEDURE note_it(IN w varchar(100)) BEGIN INSERT INTO audit (what) VALUES (w); END;
        CREATE EVENT purge_audit ON SCHEDULE EVERY 1 DAY DO DELETE FROM audit WHERE id < 0;
        INSERT INTO parents (name, doc) VALUES ('Ada', '{"a":1}'), ('Bob', NULL);
        INSERT INTO children (parent_id, qty) VALUES (1, 3), (2, 4);
      `);
      const source = await mysqlDialect.introspect(conn);
      const targetName = uniqueDbName('flash_t');
      const target = admin.urlFor(url, targetName);
      await admin.copy(url, target);
      const copy = await connectMysql(target);
      try {
        expect(canonical(await mysqlDialect.introspect(copy))).toBe(canonical(source));
        expect(await copy.query('SELECT id, parent_id, qty, doubled, note FROM children ORDER BY id')).toEqual([
          { id: 1, parent_id: 1, qty: 3, doubled: 6, note: 'n3' },
          { id: 2, parent_id: 2, qty: 4, doubled: 8, note: 'n4' },
        ]);
        // triggers did not fire during the copy, but fire afterwards
        expect(await copy.query('SELECT what FROM audit ORDER BY id')).toEqual([{ what: 'child 1' }, { what: 'child 2' }]);
        await copy.query('INSERT INTO children (parent_id) VALUES (1)');
        expect((await copy.query<{ id: number }>('SELECT max(id) AS id FROM children'))[0].id).toBe(3);
        expect(await copy.query('SELECT what FROM audit ORDER BY id')).toHaveLength(3);
        expect(await copy.query('SELECT name FROM first_parent')).toEqual([{ name: 'Ada' }]);
        // FKs are enforced again, and cascade
        await expect(copy.query('INSERT INTO children (parent_id) VALUES (99)')).rejects.toMatchObject({ code: 'E_SQL' });
        await copy.query('DELETE FROM parents WHERE id = 2');
        expect(await copy.query('SELECT id FROM children ORDER BY id')).toEqual([{ id: 1 }, { id: 3 }]);
        // the source is untouched
        expect(await conn.query('SELECT count(*) AS n FROM children')).toEqual([{ n: 2 }]);
      } finally {
        await copy.close();
        await admin.drop(target);
      }
    });
  });

  it('copy refuses an existing target and leaves it alone', async () => {
    await withTempMysqlDb(async ({ url }) => {
      await withTempMysqlDb(async ({ url: other, conn }) => {
        await conn.exec('CREATE TABLE keep (id int)');
        await expect(admin.copy(url, other)).rejects.toMatchObject({ code: 'E_DB_EXISTS' });
        expect(await conn.query('SHOW TABLES')).toHaveLength(1);
      });
    });
  });
});
