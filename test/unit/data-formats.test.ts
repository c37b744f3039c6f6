import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvHeader, csvRecord } from '../../src/core/data/csv.js';
import { decodeCell, encodeCell } from '../../src/core/data/backup-format.js';
import { sqliteExportSchema } from '../../src/core/data/sqlite-export-schema.js';
import { toJsonValue, toSqliteValue } from '../../src/core/data/values.js';
import type { Column, Table } from '../../src/core/model/schema.js';
import { pgValue } from '../../src/dialects/postgres/data-values.js';
import { loadProject } from '../../src/config/load-config.js';
import { FlashError } from '../../src/errors.js';

const col = (name: string, family: Column['family'], type = family as string): Column => ({ name, family, type, nullable: true });
const table = (name: string, extra: Partial<Table> = {}): Table => ({
  name,
  columns: [col('id', 'integer')],
  primaryKey: { columns: ['id'] },
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
  ...extra,
});

describe('CSV (RFC 4180)', () => {
  it('quotes what needs quoting, doubles quotes, ends records with CRLF, tells NULL from an empty string', () => {
    expect(csvHeader(['id', 'a,b'])).toBe('id,"a,b"\r\n');
    expect(csvRecord([1, 'plain', 'a,b', 'say "hi"', 'two\nlines', null, '', true, Buffer.from([0xff])])).toBe(
      '1,plain,"a,b","say ""hi""","two\nlines",,"",true,/w==\r\n',
    );
  });
});

describe('values', () => {
  it('JSON export: JSON columns as JSON, binary as base64, arrays kept', () => {
    expect(toJsonValue('{"a": [1, 2]}', col('j', 'json'))).toEqual({ a: [1, 2] });
    expect(toJsonValue('not json', col('j', 'json'))).toBe('not json');
    expect(toJsonValue(Buffer.from('hi'), col('b', 'binary'))).toBe('aGk=');
    expect(toJsonValue([Buffer.from('hi'), null], col('a', 'array'))).toEqual(['aGk=', null]);
  });
  it('SQLite export: 64-bit integers stay exact, booleans 0/1, numbers in TEXT columns keep their spelling', () => {
    expect(toSqliteValue('9007199254740993', col('id', 'integer'))).toBe(9007199254740993n);
    expect(toSqliteValue(true, col('b', 'boolean'))).toBe(1);
    expect(toSqliteValue(9, col('n', 'decimal'))).toBe('9');
    expect(toSqliteValue(['a', 1], col('a', 'array'))).toBe('["a",1]');
  });
  it('backup cells: binary survives JSON, at any depth', () => {
    const cell = [Buffer.from([1, 2]), ['x', null, Buffer.from([3])]];
    const back = decodeCell(JSON.parse(JSON.stringify(encodeCell(cell))));
    expect(back).toEqual([Buffer.from([1, 2]), ['x', null, Buffer.from([3])]]);
  });
});

describe('PostgreSQL text → DataValue', () => {
  it('ISO timestamps in UTC, exact bigints and numerics, bytea, nested arrays; infinity untouched', () => {
    expect(pgValue('2024-01-02 03:04:05.5+00', 'timestamptz')).toBe('2024-01-02T03:04:05.5Z');
    expect(pgValue('2024-01-02 03:04:05', 'timestamp(3)')).toBe('2024-01-02T03:04:05');
    expect(pgValue('infinity', 'timestamptz')).toBe('infinity');
    expect(pgValue('9007199254740993', 'bigint')).toBe('9007199254740993');
    expect(pgValue('12.50', 'numeric(10,2)')).toBe('12.50');
    expect(pgValue('NaN', 'double precision')).toBe('NaN');
    expect(pgValue('\\xdead', 'bytea')).toEqual(Buffer.from([0xde, 0xad]));
    expect(pgValue('{{1,2},{3,NULL}}', 'integer[]')).toEqual([
      [1, 2],
      [3, null],
    ]);
    expect(pgValue('{"a,b","c\\"d"}', 'text[]')).toEqual(['a,b', 'c"d']);
    expect(pgValue('{t,f}', 'boolean[]')).toEqual([true, false]);
  });
});

describe('the SQLite export schema', () => {
  it('keeps keys and column indexes, lists what it cannot carry instead of dropping it silently', () => {
    const users = table('users', { indexes: [{ name: 'idx', elements: [{ column: 'id', descending: true }], unique: false }] });
    const posts = table('posts', {
      columns: [col('id', 'integer'), { ...col('user_id', 'integer'), nullable: false }, { ...col('n', 'decimal'), default: '0' }],
      foreignKeys: [
        {
          name: 'posts_user',
          columns: ['user_id'],
          referencedTable: 'users',
          referencedColumns: ['id'],
          onDelete: 'cascade',
          onUpdate: 'no action',
        },
        {
          name: 'posts_org',
          columns: ['user_id'],
          referencedTable: 'orgs',
          referencedColumns: ['id'],
          onDelete: 'no action',
          onUpdate: 'no action',
        },
      ],
      indexes: [
        { name: 'idx', elements: [{ column: 'user_id' }], unique: true },
        { name: 'lower_idx', elements: [{ expression: 'lower(n)' }], unique: false },
      ],
      checks: [{ name: 'n_positive', expression: 'n > 0' }],
    });
    const { statements, omitted } = sqliteExportSchema([users, posts]);
    expect(statements.join(';\n')).toContain('"user_id" INTEGER NOT NULL');
    expect(statements.join(';\n')).toContain('"n" TEXT');
    expect(statements.join(';\n')).toContain('CONSTRAINT "posts_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE');
    expect(statements).toContain('CREATE INDEX "idx" ON "users" ("id" DESC)');
    expect(statements).toContain('CREATE UNIQUE INDEX "posts_idx" ON "posts" ("user_id")');
    expect(omitted).toEqual([
      'posts.n: default 0',
      'posts: foreign key posts_org (references orgs, which is not exported)',
      'posts: check n_positive (n > 0)',
      'posts: index lower_idx (expression or partial index)',
    ]);
  });
});

describe('database.production', () => {
  const project = (file: string, text: string) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flash-prod-'));
    writeFileSync(path.join(dir, file), text);
    return loadProject(dir);
  };
  it('is read from flash.config.json and flash.toml', async () => {
    expect(
      (await project('flash.config.json', JSON.stringify({ database: { provider: 'sqlite', production: true } }))).config.database
        .production,
    ).toBe(true);
    expect((await project('flash.toml', '[database]\nprovider = "sqlite"\nproduction = true\n')).config.database.production).toBe(true);
    expect((await project('flash.toml', '[database]\nprovider = "sqlite"\n')).config.database.production).toBeUndefined();
  });
  it('must be a boolean', async () => {
    const err = await project('flash.toml', '[database]\nprovider = "sqlite"\nproduction = "yes"\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlashError);
    expect((err as FlashError).code).toBe('E_CONFIG_INVALID');
  });
});
