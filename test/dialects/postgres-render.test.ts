import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Operation } from '../../src/core/diff/operations.js';
import { emptySchema, type Schema } from '../../src/core/model/schema.js';
import type { Connection } from '../../src/dialects/dialect.js';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';
import { canonical, withTempDb } from './postgres-test-db.js';

async function run(conn: Connection, sql: string): Promise<void> {
  for (const s of postgresDialect.splitStatements(sql)) await conn.exec(s.sql);
}

const root = path.resolve(import.meta.dirname, '../fixtures/roundtrip/postgres');

describe('postgres renderSchema', () => {
  it('introspect → renderSchema → apply to a fresh database → introspect is the same IR, for every corpus schema', async () => {
    const dirs = readdirSync(root)
      .filter((d) => existsSync(path.join(root, d, 'b.sql')))
      .sort();
    await withTempDb(async (source) => {
      await withTempDb(async (target) => {
        for (const dir of dirs) {
          for (const f of ['a.sql', 'b.sql']) {
            await source.conn.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
            await target.conn.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
            await run(source.conn, readFileSync(path.join(root, dir, f), 'utf8'));
            const ir = await postgresDialect.introspect(source.conn);
            const ddl = postgresDialect.renderSchema(ir);
            await run(target.conn, ddl);
            const again = await postgresDialect.introspect(target.conn);
            expect(canonical(again), `${dir}/${f}\n${ddl}`).toBe(canonical(ir));
          }
        }
      });
    });
  });

  it('quotes identifiers only when needed and adds foreign keys after all tables (cycles work)', () => {
    const schema: Schema = {
      ...emptySchema('postgresql'),
      enums: [{ name: 'Kind', values: ["it's", 'b'] }],
      tables: [
        {
          name: 'a',
          columns: [
            { name: 'id', type: 'integer', family: 'integer', nullable: false },
            { name: 'b_id', type: 'integer', family: 'integer', nullable: true },
            { name: 'order', type: '"Kind"', family: 'enum', nullable: true, default: "'b'" },
          ],
          primaryKey: { columns: ['id'] },
          uniques: [],
          indexes: [],
          foreignKeys: [
            {
              name: 'a_b_fk',
              columns: ['b_id'],
              referencedTable: 'b',
              referencedColumns: ['id'],
              onDelete: 'no action',
              onUpdate: 'no action',
            },
          ],
          checks: [],
        },
        {
          name: 'b',
          columns: [
            { name: 'id', type: 'integer', family: 'integer', nullable: false },
            { name: 'a_id', type: 'integer', family: 'integer', nullable: true },
          ],
          primaryKey: { columns: ['id'] },
          uniques: [],
          indexes: [],
          foreignKeys: [
            {
              name: 'b_a_fk',
              columns: ['a_id'],
              referencedTable: 'a',
              referencedColumns: ['id'],
              onDelete: 'cascade',
              onUpdate: 'no action',
            },
          ],
          checks: [],
        },
      ],
    };
    const ddl = postgresDialect.renderSchema(schema);
    expect(ddl).toContain(`CREATE TYPE "Kind" AS ENUM ('it''s', 'b');`);
    expect(ddl).toContain(`"order" "Kind" DEFAULT 'b'`);
    expect(ddl).toContain('CREATE TABLE a (');
    expect(ddl.indexOf('ALTER TABLE a ADD CONSTRAINT a_b_fk')).toBeGreaterThan(ddl.indexOf('CREATE TABLE b ('));
    expect(ddl).toContain('ALTER TABLE b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES a (id) ON DELETE CASCADE;');
  });

  it('renders every relational operation kind', () => {
    const col = { name: 'c', type: 'integer', family: 'integer' as const, nullable: true };
    const t = { name: 't', columns: [col], uniques: [], indexes: [], foreignKeys: [], checks: [] };
    const ops: Operation[] = [
      { kind: 'createTable', table: t },
      { kind: 'dropTable', table: t },
      { kind: 'renameTable', from: 't', to: 'u' },
      { kind: 'addColumn', table: 't', column: col },
      { kind: 'dropColumn', table: 't', column: col },
      { kind: 'renameColumn', table: 't', from: 'c', to: 'd' },
      {
        kind: 'alterColumn',
        table: 't',
        from: col,
        to: { ...col, type: 'bigint', nullable: false, default: '0' },
        changes: ['type', 'nullable', 'default'],
      },
      { kind: 'addPrimaryKey', table: 't', primaryKey: { columns: ['c'] } },
      { kind: 'dropPrimaryKey', table: 't', primaryKey: { columns: ['c'] } },
      { kind: 'addUnique', table: 't', unique: { name: 't_c_key', columns: ['c'] } },
      { kind: 'dropUnique', table: 't', unique: { name: 't_c_key', columns: ['c'] } },
      {
        kind: 'createIndex',
        table: 't',
        index: { name: 'i', elements: [{ expression: 'lower(x)' }], unique: false, where: 'c > 0', method: 'hash' },
      },
      { kind: 'dropIndex', table: 't', index: { name: 'i', elements: [{ column: 'c' }], unique: false } },
      {
        kind: 'addForeignKey',
        table: 't',
        foreignKey: {
          name: 'f',
          columns: ['c'],
          referencedTable: 'p',
          referencedColumns: ['id'],
          onDelete: 'set null',
          onUpdate: 'cascade',
          deferrable: 'immediate',
        },
      },
      {
        kind: 'dropForeignKey',
        table: 't',
        foreignKey: {
          name: 'f',
          columns: ['c'],
          referencedTable: 'p',
          referencedColumns: ['id'],
          onDelete: 'set null',
          onUpdate: 'cascade',
        },
      },
      { kind: 'addCheck', table: 't', check: { name: 'k', expression: 'c > 0' } },
      { kind: 'dropCheck', table: 't', check: { name: 'k', expression: 'c > 0' } },
      { kind: 'setTableComment', table: 't', to: 'hi' },
      { kind: 'alterTableOptions', table: 't', from: undefined, to: undefined },
      { kind: 'createEnum', enum: { name: 'e', values: ['a'] } },
      { kind: 'addEnumValue', enum: 'e', value: 'b', after: 'a' },
      { kind: 'dropEnum', enum: { name: 'e', values: ['a'] } },
      { kind: 'createView', view: { name: 'v', definition: 'SELECT 1' } },
      { kind: 'dropView', view: { name: 'v', definition: 'SELECT 1', materialized: true } },
    ];
    const empty = emptySchema('postgresql');
    const sql = postgresDialect.render(ops, { from: empty, to: empty });
    const text = (op: number) => sql.filter((s) => s.op === op).map((s) => s.sql);
    expect(text(2)).toEqual(['ALTER TABLE t RENAME TO u']);
    expect(text(6)).toEqual([
      'ALTER TABLE t ALTER COLUMN c TYPE bigint USING c::bigint',
      'ALTER TABLE t ALTER COLUMN c SET NOT NULL',
      'ALTER TABLE t ALTER COLUMN c SET DEFAULT 0',
    ]);
    expect(text(8)).toEqual(['ALTER TABLE t DROP CONSTRAINT t_pkey']);
    expect(text(11)).toEqual(['CREATE INDEX i ON t USING hash ((lower(x))) WHERE c > 0']);
    expect(text(13)).toEqual([
      'ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (c) REFERENCES p (id) ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY IMMEDIATE',
    ]);
    expect(text(18)).toEqual([]);
    expect(text(20)).toEqual(["ALTER TYPE e ADD VALUE IF NOT EXISTS 'b' AFTER 'a'"]);
    expect(sql.find((s) => s.op === 20)?.transactional).toBeUndefined();
    expect(text(23)).toEqual(['DROP MATERIALIZED VIEW v']);
    for (let i = 0; i < ops.length; i++) if (i !== 18) expect(text(i).length, ops[i].kind).toBeGreaterThan(0);
  });

  it('marks ADD VALUE non-transactional only when the same migration uses the new label', () => {
    const empty = emptySchema('postgresql');
    const col = { name: 's', type: 'state', family: 'enum' as const, nullable: false, default: "'new'" };
    const used = postgresDialect.render(
      [
        { kind: 'addEnumValue', enum: 'state', value: 'queued' },
        { kind: 'alterColumn', table: 'jobs', from: col, to: { ...col, default: "'queued'" }, changes: ['default'] },
      ],
      { from: empty, to: empty },
    );
    expect(used[0]).toMatchObject({ sql: "ALTER TYPE state ADD VALUE IF NOT EXISTS 'queued'", transactional: false });
    expect(used[1].transactional).toBeUndefined();
  });
});
