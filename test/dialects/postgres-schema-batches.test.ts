import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { applySchemaScripts } from '../../src/api/project/desired-schema.js';
import type { ProjectContext } from '../../src/api/project/project-context.js';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';
import type { Connection } from '../../src/dialects/dialect.js';
import { isFlashError } from '../../src/errors.js';
import { PG_URL, uniqueDbName, withDatabase } from '../helpers/db-urls.js';

// db/schema goes to a PostgreSQL shadow in multi-statement batches. One batch for a whole large schema
// overflows the server's lock table (max_locks_per_transaction), so batches are bounded; a failing
// batch hands over to the statement-by-statement path at that batch.

const dbs: string[] = [];
const pc = { provider: 'postgresql', dialect: postgresDialect, project: { dir: '/project' } } as unknown as ProjectContext;

async function freshDatabase(): Promise<Connection> {
  const name = uniqueDbName('flash_batches');
  dbs.push(name);
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return postgresDialect.connect(withDatabase(PG_URL, name));
}

async function tableCount(conn: Connection): Promise<number> {
  const rows = await conn.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
  );
  return rows[0].n;
}

const tables = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `CREATE TABLE t${from + i} (id integer PRIMARY KEY, v text NOT NULL);`).join('\n');

afterAll(async () => {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  for (const name of dbs) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe('PostgreSQL shadow: db/schema in batches', () => {
  it('applies a schema whose locks would not fit in one transaction (4,000 tables with primary keys)', async () => {
    const conn = await freshDatabase();
    try {
      let roundTrips = 0;
      const counting: Connection = {
        ...conn,
        description: conn.description,
        query: conn.query.bind(conn),
        close: conn.close.bind(conn),
        exec: (sql: string) => (roundTrips++, conn.exec(sql)),
      };
      await applySchemaScripts(pc, counting, [{ file: '/project/db/schema/big.sql', sql: tables(0, 4000) }]);
      expect(await tableCount(conn)).toBe(4000);
      // a batch that failed on the lock table would leave 4,000 single-statement round trips
      expect(roundTrips).toBe(4);
    } finally {
      await conn.close();
    }
  });

  it('a forward reference in a later batch falls back to statement order tolerance, and still applies everything', async () => {
    const conn = await freshDatabase();
    try {
      const sql = [
        tables(0, 1500),
        'CREATE INDEX late_v_idx ON late (v);',
        tables(1500, 2100),
        'CREATE TABLE late (id integer PRIMARY KEY, v text);',
      ].join('\n');
      await applySchemaScripts(pc, conn, [{ file: '/project/db/schema/a.sql', sql }]);
      expect(await tableCount(conn)).toBe(2101);
      expect(await conn.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'late_v_idx'`)).toHaveLength(1);
    } finally {
      await conn.close();
    }
  });

  it('an error in a later batch is reported with its own file and line', async () => {
    const conn = await freshDatabase();
    try {
      const sql = [tables(0, 2500), 'CREATE TABLE broken (id integer PRIMARY KEY,);'].join('\n');
      const err = await applySchemaScripts(pc, conn, [{ file: '/project/db/schema/a.sql', sql }]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isFlashError(err) && err.code).toBe('E_SQL');
      expect((err as Error).message).toMatch(/^db\/schema\/a\.sql:2501: /);
    } finally {
      await conn.close();
    }
  });
});
