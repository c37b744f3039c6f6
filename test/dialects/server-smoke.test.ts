import { describe, expect, it } from 'vitest';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { MYSQL_URL, PG_URL, uniqueDbName, withDatabase } from '../helpers/db-urls.js';

// Proves in CI that both servers answer; never skipped.
describe('database servers are reachable', () => {
  it('PostgreSQL: connect, create and drop a private database', async () => {
    const name = uniqueDbName('flash_smoke');
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
      const client = new pg.Client({ connectionString: withDatabase(PG_URL, name) });
      await client.connect();
      const { rows } = await client.query('select current_database() as db');
      expect(rows[0].db).toBe(name);
      await client.end();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    }
  });

  it('MariaDB: connect, create and drop a private database', async () => {
    const name = uniqueDbName('flash_smoke');
    const conn = await mysql.createConnection(MYSQL_URL);
    try {
      await conn.query(`CREATE DATABASE \`${name}\``);
      await conn.query(`CREATE TABLE \`${name}\`.t (id int primary key)`);
      const [rows] = await conn.query(`SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ?`, [name]);
      expect((rows as Array<{ n: number }>)[0].n).toBe(1);
    } finally {
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    }
  });
});
