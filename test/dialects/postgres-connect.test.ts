import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';
import { rewritePlaceholders } from '../../src/dialects/postgres/driver.js';
import { FlashError } from '../../src/errors.js';
import { withTempDb } from './postgres-test-db.js';

describe('postgres driver', () => {
  it('a bad port is E_DB_CONNECT naming host and port, never the password', async () => {
    const err = await postgresDialect.connect('postgres://alice:s3cret-pw@127.0.0.1:1/app').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlashError);
    const fe = err as FlashError;
    expect(fe.code).toBe('E_DB_CONNECT');
    expect(fe.message).toContain('127.0.0.1:1/app');
    expect(fe.message).not.toContain('s3cret-pw');
    expect(fe.hint ?? '').not.toContain('s3cret-pw');
    expect(JSON.stringify(fe.toJSON())).not.toContain('s3cret-pw');
    expect(fe.hint).toMatch(/running/);
  });

  it('a missing database is E_DB_CONNECT saying so', async () => {
    const err = (await postgresDialect
      .connect('postgres://postgres:pw@127.0.0.1:5432/flash_no_such_db_x')
      .catch((e: unknown) => e)) as FlashError;
    expect(err.code).toBe('E_DB_CONNECT');
    expect(err.message).toContain('database does not exist');
    expect(err.message).not.toContain(':pw@');
  });

  it('rewrites ? placeholders to $n outside strings, comments and dollar quotes', () => {
    expect(rewritePlaceholders(`select ?, '?', "a?", $$?$$, $x$ ? $x$ -- ?\n, /* ? */ ?`)).toBe(
      `select $1, '?', "a?", $$?$$, $x$ ? $x$ -- ?\n, /* ? */ $2`,
    );
  });

  it('query() binds ? parameters and SQL errors are E_SQL with the SQLSTATE', async () => {
    await withTempDb(async ({ conn }) => {
      const rows = await conn.query<{ a: number; b: string }>('select ?::int + 1 as a, ? as b', [41, 'x?']);
      expect(rows).toEqual([{ a: 42, b: 'x?' }]);
      const err = (await conn.query('select * from no_such_table').catch((e: unknown) => e)) as FlashError;
      expect(err.code).toBe('E_SQL');
      expect(err.data?.code).toBe('42P01');
      expect(conn.description).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:5432\/flash_t_/);
    });
  });
});
