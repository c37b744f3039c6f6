import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/core/model/schema.js';
import { mysqlDialect } from '../../src/dialects/mysql/dialect.js';
import { RICH } from './mysql-rich-schema.js';
import { withTempMysqlDb } from './mysql-test-db.js';

function table(tables: Table[], name: string): Table {
  const t = tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
}

describe('mysql introspection', () => {
  it('reads every IR element, with CHECK constraints and json columns', async () => {
    await withTempMysqlDb(async ({ conn }) => {
      await conn.exec(RICH);
      const schema = await mysqlDialect.introspect(conn);
      expect(schema.provider).toBe('mysql');
      expect(schema.tables.map((t) => t.name)).toEqual(['comments', 'posts', 'users']);
      const users = table(schema.tables, 'users');
      const col = (n: string) => users.columns.find((c) => c.name === n)!;
      expect(users.columns.map((c) => c.name)).toEqual([
        'id',
        'email',
        'name',
        'data',
        'settings',
        'active',
        'flag',
        'kind',
        'created_at',
        'touched',
        'amount',
        'full_name',
        'twice',
        'note',
        'big',
        'token',
      ]);
      expect(col('id')).toEqual({ name: 'id', type: 'int unsigned', family: 'integer', nullable: false, identity: 'auto-increment' });
      expect(col('email')).toEqual({ name: 'email', type: 'varchar(255)', family: 'text', nullable: false });
      expect(col('name')).toEqual({
        name: 'name',
        type: 'varchar(100)',
        family: 'text',
        nullable: true,
        default: "'it''s'",
        collation: 'utf8mb4_bin',
      });
      expect(col('data')).toEqual({ name: 'data', type: 'json', family: 'json', nullable: true });
      expect(col('settings')).toEqual({ name: 'settings', type: 'json', family: 'json', nullable: false });
      expect(col('active')).toEqual({ name: 'active', type: 'tinyint(1)', family: 'boolean', nullable: false, default: '1' });
      expect(col('flag')).toMatchObject({ type: 'tinyint(1)', default: '1' });
      expect(col('kind')).toEqual({ name: 'kind', type: "enum('a','B','c''d')", family: 'enum', nullable: false, default: "'a'" });
      expect(col('created_at')).toEqual({
        name: 'created_at',
        type: 'timestamp',
        family: 'timestamp',
        nullable: false,
        default: 'CURRENT_TIMESTAMP',
        onUpdate: 'CURRENT_TIMESTAMP',
      });
      expect(col('touched')).toMatchObject({ type: 'datetime(3)', default: 'CURRENT_TIMESTAMP(3)', onUpdate: 'CURRENT_TIMESTAMP(3)' });
      expect(col('amount')).toMatchObject({ type: 'decimal(10,2)', family: 'decimal', default: '0.00' });
      expect(col('full_name').generated).toEqual({ expression: "concat(`email`,' ',`name`)", stored: false });
      expect(col('twice').generated).toEqual({ expression: '`active` * 2', stored: true });
      expect(col('note')).toMatchObject({ type: 'text', comment: 'a note' });
      expect(col('big')).toEqual({ name: 'big', type: 'bigint', family: 'integer', nullable: true });
      expect(col('token').default).toBe('uuid()');

      expect(users.primaryKey).toEqual({ columns: ['id'] });
      expect(users.uniques).toEqual([{ name: 'uq_email', columns: ['email'] }]);
      expect(users.indexes).toEqual([
        { name: 'ft_note', elements: [{ column: 'note' }], unique: false, method: 'fulltext' },
        {
          name: 'ix_name',
          elements: [
            { column: 'name', length: 10 },
            { column: 'email', descending: true },
          ],
          unique: false,
        },
      ]);
      // the json_valid pseudo-checks are folded into the json type
      expect(users.checks).toEqual([{ name: 'chk_amount', expression: '`amount` >= 0' }]);
      expect(users.comment).toBe('the users');
      expect(users.options).toEqual({ engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_general_ci' });

      const posts = table(schema.tables, 'posts');
      expect(posts.checks).toEqual([{ name: 'score', expression: '`score` > 0' }]);
      expect(posts.foreignKeys).toEqual([
        {
          name: 'fk_posts_user',
          columns: ['user_id'],
          referencedTable: 'users',
          referencedColumns: ['id'],
          onDelete: 'cascade',
          onUpdate: 'restrict',
        },
      ]);
      // InnoDB's implicit FK indexes (named after the FK, or the first column when unnamed) are not schema
      expect(posts.indexes).toEqual([]);
      const comments = table(schema.tables, 'comments');
      expect(comments.foreignKeys).toHaveLength(1);
      expect(comments.foreignKeys[0].name).toBe('comments_ibfk_1');
      expect(comments.indexes).toEqual([]);

      expect(schema.views).toEqual([
        {
          name: 'active_users',
          definition: 'select `users`.`id` AS `id`,`users`.`email` AS `email` from `users` where `users`.`active` = 1',
        },
      ]);
    });
  });

  it('keeps an explicit index on FK columns when another key also serves the FK', async () => {
    await withTempMysqlDb(async ({ conn }) => {
      await conn.exec(`
        CREATE TABLE p (id int PRIMARY KEY);
        CREATE TABLE c (id int PRIMARY KEY, pid int, x int, KEY ix_pid_x (pid, x), CONSTRAINT fk_c FOREIGN KEY (pid) REFERENCES p (id));
      `);
      const c = (await mysqlDialect.introspect(conn)).tables.find((t) => t.name === 'c')!;
      expect(c.indexes.map((i) => i.name)).toEqual(['ix_pid_x']);
    });
  });

  it('spells the same type the same way however it was written', async () => {
    await withTempMysqlDb(async ({ conn }) => {
      await conn.exec(`CREATE TABLE t (
        a INT, b integer, c int(11), d INT(5) UNSIGNED, e bigint(20) unsigned, f BOOL, g tinyint(1), h tinyint, i tinyint(4),
        j DOUBLE PRECISION, k REAL, l NUMERIC, m year(4), n int(5) zerofill, o SMALLINT(6), p VARCHAR(10), q datetime DEFAULT NOW(),
        r timestamp NULL DEFAULT CURRENT_TIMESTAMP(), s longtext, u serial
      )`);
      const t = (await mysqlDialect.introspect(conn)).tables[0];
      const types = Object.fromEntries(t.columns.map((c) => [c.name, c.type]));
      expect(types).toEqual({
        a: 'int',
        b: 'int',
        c: 'int',
        d: 'int unsigned',
        e: 'bigint unsigned',
        f: 'tinyint(1)',
        g: 'tinyint(1)',
        h: 'tinyint',
        i: 'tinyint',
        j: 'double',
        k: 'double',
        l: 'decimal(10,0)',
        m: 'year',
        n: 'int(5) unsigned zerofill',
        o: 'smallint',
        p: 'varchar(10)',
        q: 'datetime',
        r: 'timestamp',
        s: 'longtext',
        u: 'bigint unsigned',
      });
      const col = (n: string) => t.columns.find((c) => c.name === n)!;
      expect(col('f').family).toBe('boolean');
      expect(col('h').family).toBe('integer');
      expect(col('q').default).toBe('CURRENT_TIMESTAMP');
      expect(col('r').default).toBe('CURRENT_TIMESTAMP');
      expect(col('s').family).toBe('text');
      expect(col('u').identity).toBe('auto-increment');
    });
  });

  it('uses a fixed number of queries whatever the number of tables', async () => {
    await withTempMysqlDb(async ({ conn }) => {
      const counted = (n: { count: number }) => ({
        ...conn,
        description: conn.description,
        query: (sql: string, params?: unknown[]) => {
          n.count++;
          return conn.query(sql, params);
        },
      });
      const few = { count: 0 };
      await conn.exec('CREATE TABLE a1 (id int PRIMARY KEY, v int CHECK (v > 0))');
      await mysqlDialect.introspect(counted(few) as typeof conn);
      for (let i = 2; i <= 30; i++)
        await conn.query(
          `CREATE TABLE a${i} (id int PRIMARY KEY, p int, v json, KEY (v(5)), FOREIGN KEY (p) REFERENCES a1 (id))`.replace(
            ', KEY (v(5))',
            '',
          ),
        );
      const many = { count: 0 };
      const schema = await mysqlDialect.introspect(counted(many) as typeof conn);
      expect(schema.tables).toHaveLength(30);
      expect(many.count).toBe(few.count);
      expect(many.count).toBeLessThanOrEqual(8);
    });
  });
});
