import { describe, expect, it } from 'vitest';
import { applyOperations } from '../../src/core/diff/apply-operations.js';
import type { Operation } from '../../src/core/diff/operations.js';
import type { Column, Schema, Table } from '../../src/core/model/schema.js';
import { mysqlDialect } from '../../src/dialects/mysql/dialect.js';
import { normalizeColumnType, normalizeDefault } from '../../src/dialects/mysql/normalize.js';
import { RICH } from './mysql-rich-schema.js';
import { canonical, withTempMysqlDb } from './mysql-test-db.js';

function tableOf(schema: Schema, name: string): Table {
  return schema.tables.find((t) => t.name === name)!;
}

function col(c: Partial<Column> & { name: string; type: string }): Column {
  return { family: 'integer', nullable: true, ...c };
}

describe('mysql render', () => {
  it('renderSchema reproduces a rich schema exactly (FK order, views over views)', async () => {
    await withTempMysqlDb(async ({ conn }) => {
      await conn.exec(RICH + '\nCREATE VIEW admins AS SELECT email FROM active_users WHERE id < 10;');
      const schema = await mysqlDialect.introspect(conn);
      const ddl = mysqlDialect.renderSchema(schema);
      expect(ddl).toContain('CREATE TABLE `users`');
      expect(ddl.indexOf('CREATE TABLE `users`')).toBeLessThan(ddl.indexOf('CREATE TABLE `posts`'));
      expect(ddl.indexOf('CREATE VIEW `active_users`')).toBeLessThan(ddl.indexOf('CREATE VIEW `admins`'));
      await withTempMysqlDb(async ({ conn: fresh }) => {
        await fresh.exec(ddl);
        expect(canonical(await mysqlDialect.introspect(fresh))).toBe(canonical(schema));
        // and the rendered DDL is itself stable
        expect(mysqlDialect.renderSchema(await mysqlDialect.introspect(fresh))).toBe(ddl);
      });
    });
  });

  it('renders every operation kind so that the database ends up as applyOperations predicts', async () => {
    await withTempMysqlDb(async ({ conn }) => {
      await conn.exec(`
        CREATE TABLE parent (id int NOT NULL PRIMARY KEY, code varchar(10) NOT NULL, UNIQUE KEY uq_code (code));
        CREATE TABLE child (id int NOT NULL, parent_id int, label varchar(20), obsolete int, state enum('a','b'), CONSTRAINT chk_old CHECK (id > 0));
        CREATE TABLE doomed (id int);
        CREATE VIEW old_view AS SELECT id FROM child;
      `);
      const from = await mysqlDialect.introspect(conn);
      const child = tableOf(from, 'child');
      const ops: Operation[] = [
        { kind: 'dropView', view: from.views[0] },
        { kind: 'renameTable', from: 'child', to: 'kid' },
        { kind: 'renameColumn', table: 'kid', from: 'label', to: 'title' },
        { kind: 'dropCheck', table: 'kid', check: child.checks[0] },
        { kind: 'dropUnique', table: 'parent', unique: tableOf(from, 'parent').uniques[0] },
        { kind: 'dropColumn', table: 'kid', column: child.columns.find((c) => c.name === 'obsolete')! },
        { kind: 'dropTable', table: tableOf(from, 'doomed') },
        { kind: 'createEnum', enum: { name: 'ignored', values: ['x'] } },
        { kind: 'addEnumValue', enum: 'ignored', value: 'y' },
        { kind: 'recreateEnum', from: { name: 'ignored', values: ['x'] }, to: { name: 'ignored', values: ['y'] }, usages: [] },
        {
          kind: 'alterColumn',
          table: 'kid',
          from: child.columns.find((c) => c.name === 'state')!,
          to: { name: 'state', type: "enum('a','b','c')", family: 'enum', nullable: false, default: "'c'", comment: 'lifecycle' },
          changes: ['type', 'nullable', 'default', 'comment'],
        },
        {
          kind: 'addColumn',
          table: 'kid',
          column: col({
            name: 'created',
            type: 'timestamp',
            family: 'timestamp',
            nullable: false,
            default: 'CURRENT_TIMESTAMP',
            onUpdate: 'CURRENT_TIMESTAMP',
          }),
        },
        {
          kind: 'addColumn',
          table: 'kid',
          column: col({ name: 'tenant', type: 'int unsigned', nullable: false, default: '1' }),
          position: 'first',
        },
        { kind: 'setTableComment', table: 'kid', to: "kids' table" },
        {
          kind: 'alterTableOptions',
          table: 'kid',
          from: child.options,
          to: { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' },
        },
        { kind: 'addPrimaryKey', table: 'kid', primaryKey: { columns: ['id'] } },
        { kind: 'addUnique', table: 'kid', unique: { name: 'uq_title', columns: ['tenant', 'title'] } },
        {
          kind: 'createIndex',
          table: 'kid',
          index: { name: 'ix_title', elements: [{ column: 'title', length: 5, descending: true }], unique: false },
        },
        { kind: 'addCheck', table: 'kid', check: { name: 'chk_new', expression: '`id` < 1000' } },
        {
          kind: 'createTable',
          table: {
            name: 'extra',
            columns: [
              col({ name: 'id', type: 'bigint unsigned', nullable: false, identity: 'auto-increment' }),
              col({ name: 'doc', type: 'json', family: 'json' }),
            ],
            primaryKey: { columns: ['id'] },
            uniques: [],
            indexes: [],
            foreignKeys: [],
            checks: [],
            options: { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_general_ci' },
          },
        },
        {
          kind: 'addForeignKey',
          table: 'kid',
          foreignKey: {
            name: 'fk_kid_parent',
            columns: ['parent_id'],
            referencedTable: 'parent',
            referencedColumns: ['id'],
            onDelete: 'cascade',
            onUpdate: 'restrict',
          },
        },
        { kind: 'createView', view: { name: 'kid_titles', definition: 'select `kid`.`title` AS `title` from `kid`' } },
        { kind: 'dropEnum', enum: { name: 'ignored', values: ['y'] } },
      ];
      const statements = mysqlDialect.render(ops, { from, to: applyOperations(from, ops) });
      const enumOps = new Set(ops.flatMap((o, i) => (/Enum$/.test(o.kind) || o.kind === 'addEnumValue' ? [i] : [])));
      expect(statements.filter((s) => enumOps.has(s.op))).toEqual([]);
      for (const s of statements) await conn.query(s.sql);
      const expected = applyOperations(from, ops);
      // the implicit FK index is not part of the IR; the table comment/options are
      expect(canonical(await mysqlDialect.introspect(conn))).toBe(canonical(expected));

      // second step: drop the FK, PK, index, unique, comment — back to bare columns
      const mid = await mysqlDialect.introspect(conn);
      const kid = tableOf(mid, 'kid');
      const ops2: Operation[] = [
        { kind: 'dropView', view: mid.views[0] },
        { kind: 'dropForeignKey', table: 'kid', foreignKey: kid.foreignKeys[0] },
        { kind: 'dropPrimaryKey', table: 'kid', primaryKey: kid.primaryKey! },
        { kind: 'dropIndex', table: 'kid', index: kid.indexes[0] },
        { kind: 'setTableComment', table: 'kid', from: kid.comment },
        { kind: 'dropTable', table: tableOf(mid, 'extra') },
      ];
      const after = applyOperations(mid, ops2);
      const sql2 = mysqlDialect.render(ops2, { from: mid, to: after });
      expect(sql2.map((s) => s.sql)).toContain('ALTER TABLE `kid` DROP INDEX IF EXISTS `fk_kid_parent`');
      for (const s of sql2) await conn.query(s.sql);
      expect(canonical(await mysqlDialect.introspect(conn))).toBe(canonical(after));
    });
  });

  it('dropping the last index that serves a FK keeps the FK served', () => {
    const table: Table = {
      name: 'c',
      columns: [col({ name: 'id', type: 'int' }), col({ name: 'p', type: 'int' }), col({ name: 'x', type: 'int' })],
      uniques: [],
      indexes: [{ name: 'ix_px', elements: [{ column: 'p' }, { column: 'x' }], unique: false }],
      foreignKeys: [
        { name: 'fk_p', columns: ['p'], referencedTable: 'c', referencedColumns: ['id'], onDelete: 'restrict', onUpdate: 'restrict' },
      ],
      checks: [],
    };
    const from: Schema = { formatVersion: 1, provider: 'mysql', tables: [table], enums: [], views: [], collections: [] };
    const to: Schema = { ...from, tables: [{ ...table, indexes: [] }] };
    const [stmt] = mysqlDialect.render([{ kind: 'dropIndex', table: 'c', index: table.indexes[0] }], { from, to });
    expect(stmt.sql).toBe('ALTER TABLE `c` DROP INDEX `ix_px`, ADD INDEX `fk_p` (`p`)');
  });

  it('the tracking table is created idempotently and never introspected', async () => {
    await withTempMysqlDb(async ({ conn }) => {
      await conn.exec(mysqlDialect.trackingTableDdl());
      await conn.exec(mysqlDialect.trackingTableDdl());
      await conn.query('INSERT INTO _flash_migrations (migration_name, checksum) VALUES (?, ?)', ['20260101000000_init', 'abc']);
      const [row] = await conn.query<{ id: number; applied_steps_count: number }>('SELECT * FROM _flash_migrations');
      expect(row).toMatchObject({ id: 1, applied_steps_count: 0 });
      expect((await mysqlDialect.introspect(conn)).tables).toEqual([]);
    });
  });
});

describe('mysql normalization', () => {
  it('type spellings', () => {
    expect(normalizeColumnType('INT(11)')).toBe('int');
    expect(normalizeColumnType('integer')).toBe('int');
    expect(normalizeColumnType('int(10) unsigned')).toBe('int unsigned');
    expect(normalizeColumnType('tinyint(1)')).toBe('tinyint(1)');
    expect(normalizeColumnType('tinyint(4)')).toBe('tinyint');
    expect(normalizeColumnType('BIGINT(20) UNSIGNED ZEROFILL')).toBe('bigint(20) unsigned zerofill');
    expect(normalizeColumnType("enum('A','b''c')")).toBe("enum('A','b''c')");
    expect(normalizeColumnType('VARCHAR(255)')).toBe('varchar(255)');
    expect(normalizeColumnType('DECIMAL(10, 2)')).toBe('decimal(10,2)');
  });

  it('defaults from MariaDB and MySQL 8 mean the same text', () => {
    expect(normalizeDefault('current_timestamp()', 'mariadb', 'timestamp', '')).toBe('CURRENT_TIMESTAMP');
    expect(normalizeDefault('CURRENT_TIMESTAMP', 'mysql', 'timestamp', 'DEFAULT_GENERATED')).toBe('CURRENT_TIMESTAMP');
    expect(normalizeDefault('current_timestamp(3)', 'mariadb', 'timestamp', '')).toBe('CURRENT_TIMESTAMP(3)');
    expect(normalizeDefault('NULL', 'mariadb', 'text', '')).toBeUndefined();
    expect(normalizeDefault(null, 'mariadb', 'text', '')).toBeUndefined();
    expect(normalizeDefault("'x'", 'mariadb', 'text', '')).toBe("'x'");
    expect(normalizeDefault("it's", 'mysql', 'text', '')).toBe("'it''s'");
    expect(normalizeDefault('0', 'mysql', 'integer', '')).toBe('0');
    expect(normalizeDefault('uuid()', 'mysql', 'text', 'DEFAULT_GENERATED')).toBe('uuid()');
  });
});
