import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/core/model/schema.js';
import type { Connection } from '../../src/dialects/dialect.js';
import { sqliteDialect } from '../../src/dialects/sqlite/dialect.js';
import { canonical, irOf, runScript } from './sqlite-test-db.js';

const rich = `
CREATE TABLE parents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT COLLATE NOCASE NOT NULL UNIQUE,
  CONSTRAINT parents_code_len CHECK (length(code) > 1)
);
CREATE TABLE children (
  id INT,
  parent_id integer REFERENCES parents (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  x REAL DEFAULT (1.5),
  y TEXT DEFAULT 'a''b',
  z AS (x * 2) STORED,
  w GENERATED ALWAYS AS (x + 1) VIRTUAL,
  PRIMARY KEY (id, parent_id),
  CHECK (x > 0),
  UNIQUE (y, x),
  CONSTRAINT fk_named FOREIGN KEY (parent_id) REFERENCES parents ON UPDATE SET NULL
) WITHOUT ROWID;
CREATE UNIQUE INDEX children_x ON children (x DESC, lower(y)) WHERE y IS NOT NULL;
CREATE INDEX "children y nocase" ON children (y COLLATE NOCASE);
CREATE VIEW parent_codes AS SELECT id, code FROM parents WHERE id > 1;
CREATE TRIGGER parents_upper AFTER INSERT ON parents BEGIN
  UPDATE parents SET code = upper(new.code) WHERE id = new.id;
END;
CREATE TRIGGER parent_codes_insert INSTEAD OF INSERT ON parent_codes BEGIN INSERT INTO parents (code) VALUES (new.code); END;
CREATE TABLE typed (a integer, b text) STRICT;
CREATE TABLE _flash_migrations (id INTEGER PRIMARY KEY);
CREATE VIRTUAL TABLE docs USING fts5(body);
`;

function table(tables: Table[], name: string): Table {
  const t = tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
}

describe('sqlite introspection', () => {
  it('reads every element SQLite has', async () => {
    const ir = await irOf(rich);
    expect(ir.tables.map((t) => t.name)).toEqual(['children', 'parents', 'typed']);
    expect(ir.views).toEqual([
      {
        name: 'parent_codes',
        definition: 'SELECT id, code FROM parents WHERE id > 1',
        triggers: [
          {
            name: 'parent_codes_insert',
            definition:
              'CREATE TRIGGER parent_codes_insert INSTEAD OF INSERT ON parent_codes BEGIN INSERT INTO parents (code) VALUES (new.code); END',
          },
        ],
      },
    ]);

    const parents = table(ir.tables, 'parents');
    expect(parents.columns).toEqual([
      { name: 'id', type: 'integer', family: 'integer', nullable: false, identity: 'auto-increment' },
      { name: 'code', type: 'text', family: 'text', nullable: false, collation: 'nocase' },
    ]);
    expect(parents.primaryKey).toEqual({ columns: ['id'] });
    expect(parents.uniques).toEqual([{ name: 'parents_code_key', columns: ['code'] }]);
    expect(parents.checks).toEqual([{ name: 'parents_code_len', expression: 'length(code) > 1' }]);
    expect(parents.triggers).toEqual([
      {
        name: 'parents_upper',
        definition:
          'CREATE TRIGGER parents_upper AFTER INSERT ON parents BEGIN UPDATE parents SET code = upper(new.code) WHERE id = new.id; END',
      },
    ]);
    expect(parents.options).toBeUndefined();

    const children = table(ir.tables, 'children');
    expect(children.columns).toEqual([
      { name: 'id', type: 'int', family: 'integer', nullable: false },
      { name: 'parent_id', type: 'integer', family: 'integer', nullable: false },
      { name: 'x', type: 'real', family: 'float', nullable: true, default: '1.5' },
      { name: 'y', type: 'text', family: 'text', nullable: true, default: "'a''b'" },
      { name: 'z', type: '', family: 'other', nullable: true, generated: { expression: 'x * 2', stored: true } },
      { name: 'w', type: '', family: 'other', nullable: true, generated: { expression: 'x + 1', stored: false } },
    ]);
    expect(children.primaryKey).toEqual({ columns: ['id', 'parent_id'] });
    expect(children.options).toEqual({ withoutRowid: true });
    expect(children.uniques).toEqual([{ name: 'children_y_x_key', columns: ['y', 'x'] }]);
    expect(children.checks).toEqual([{ name: 'children_check', expression: 'x > 0' }]);
    expect([...children.foreignKeys].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      {
        name: 'children_parent_id_fkey',
        columns: ['parent_id'],
        referencedTable: 'parents',
        referencedColumns: ['id'],
        onDelete: 'cascade',
        onUpdate: 'no action',
        deferrable: 'deferred',
      },
      {
        name: 'fk_named',
        columns: ['parent_id'],
        referencedTable: 'parents',
        referencedColumns: ['id'],
        onDelete: 'no action',
        onUpdate: 'set null',
      },
    ]);
    expect([...children.indexes].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'children y nocase', elements: [{ expression: 'y COLLATE NOCASE' }], unique: false },
      {
        name: 'children_x',
        elements: [{ column: 'x', descending: true }, { expression: 'lower(y)' }],
        unique: true,
        where: 'y IS NOT NULL',
      },
    ]);

    expect(table(ir.tables, 'typed').options).toEqual({ strict: true });
  });

  it('renderSchema reproduces the schema exactly', async () => {
    const ir = await irOf(rich);
    const ddl = sqliteDialect.renderSchema(ir);
    expect(canonical(await irOf(ddl))).toBe(canonical(ir));
    // and is itself a fixed point
    expect(sqliteDialect.renderSchema(await irOf(ddl))).toBe(ddl);
  });

  it('normalizes type spelling and defaults so round trips are stable', async () => {
    const ir = await irOf(`CREATE TABLE t (
      a VARCHAR( 255 ) NOT NULL DEFAULT ( 'x' ),
      b DOUBLE   PRECISION DEFAULT -1.5,
      c Decimal(10 , 2) DEFAULT (1 +  2),
      d DATETIME DEFAULT CURRENT_TIMESTAMP,
      e BOOLEAN DEFAULT TRUE,
      f BLOB DEFAULT x'00ff',
      g TEXT DEFAULT (lower( 'A' )),
      h INT, i INTEGER, j
    )`);
    const cols = ir.tables[0].columns;
    expect(cols.map((c) => [c.name, c.type, c.family, c.default ?? null])).toEqual([
      ['a', 'varchar(255)', 'text', "'x'"],
      ['b', 'double precision', 'float', '-1.5'],
      ['c', 'decimal(10,2)', 'decimal', '1 + 2'],
      ['d', 'datetime', 'timestamp', 'CURRENT_TIMESTAMP'],
      ['e', 'boolean', 'boolean', 'TRUE'],
      ['f', 'blob', 'binary', "x'00ff'"],
      ['g', 'text', 'text', "lower( 'A' )"],
      ['h', 'int', 'integer', null],
      ['i', 'integer', 'integer', null],
      ['j', '', 'other', null],
    ]);
    const again = await irOf(sqliteDialect.renderSchema(ir));
    expect(canonical(again)).toBe(canonical(ir));
  });

  it('tells a rowid alias (never NULL) from other primary keys (NULL allowed in rowid tables)', async () => {
    const ir = await irOf(
      `CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (id INT PRIMARY KEY); CREATE TABLE c (id TEXT PRIMARY KEY) WITHOUT ROWID;`,
    );
    expect(ir.tables.map((t) => t.columns[0].nullable)).toEqual([false, true, false]);
    expect(canonical(await irOf(sqliteDialect.renderSchema(ir)))).toBe(canonical(ir));
  });

  it('uses a fixed number of catalog queries whatever the number of tables', async () => {
    const conn = await sqliteDialect.connect(':memory:');
    const ddl: string[] = [];
    for (let i = 0; i < 300; i++) {
      ddl.push(
        `CREATE TABLE t${i} (id INTEGER PRIMARY KEY, ref INTEGER REFERENCES t${Math.max(0, i - 1)} (id), name TEXT UNIQUE, CHECK (length(name) < 100));`,
      );
      ddl.push(`CREATE INDEX t${i}_ref ON t${i} (ref);`);
    }
    await runScript(conn, ddl.join('\n'));
    let queries = 0;
    const counting: Connection = {
      ...conn,
      description: conn.description,
      query: (sql, params) => (queries++, conn.query(sql, params)),
      exec: (sql) => conn.exec(sql),
      close: () => conn.close(),
    };
    const started = performance.now();
    const ir = await sqliteDialect.introspect(counting);
    const ms = performance.now() - started;
    expect(queries).toBe(5);
    expect(ir.tables).toHaveLength(300);
    expect(ir.tables.find((t) => t.name === 't42')!.foreignKeys[0].referencedTable).toBe('t41');
    expect(ms).toBeLessThan(2000);
    await conn.close();
  });
});
