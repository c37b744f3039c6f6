import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../../src/dialects/postgres/dialect.js';
import { connectPostgres } from '../../src/dialects/postgres/driver.js';
import { PG_URL, uniqueDbName } from '../helpers/db-urls.js';
import { canonical, withTempDb } from './postgres-test-db.js';

const admin = postgresDialect.databases;

describe('postgres advisory lock', () => {
  it('a second acquirer waits (onWait called once) until the first releases', async () => {
    await withTempDb(async (db) => {
      const other = await connectPostgres(db.url);
      try {
        let firstWaited = false;
        const release1 = await postgresDialect.acquireLock(db.conn, () => (firstWaited = true));
        expect(firstWaited).toBe(false);

        let waits = 0;
        let acquired = false;
        const second = postgresDialect
          .acquireLock(other, () => waits++)
          .then((release) => {
            acquired = true;
            return release;
          });
        await new Promise((r) => setTimeout(r, 300));
        expect(waits).toBe(1);
        expect(acquired).toBe(false);

        await release1();
        const release2 = await second;
        expect(acquired).toBe(true);
        await release2();
        // released for good: a third acquirer does not wait
        let thirdWaited = false;
        const release3 = await postgresDialect.acquireLock(db.conn, () => (thirdWaited = true));
        expect(thirdWaited).toBe(false);
        await release3();
      } finally {
        await other.close();
      }
    });
  });
});

describe('postgres database admin', () => {
  it('urlFor / databaseName / exists / create / drop', async () => {
    const name = uniqueDbName('flash_t');
    const url = admin.urlFor(PG_URL, name);
    expect(admin.databaseName(url)).toBe(name);
    expect(url).toMatch(new RegExp(`^postgres://postgres@127\\.0\\.0\\.1:5432/${name}$`));
    expect(await admin.exists(url)).toBe(false);
    await admin.create(url);
    try {
      expect(await admin.exists(url)).toBe(true);
    } finally {
      await admin.drop(url);
    }
    expect(await admin.exists(url)).toBe(false);
  });

  const seed = `
    CREATE TYPE mood AS ENUM ('sad', 'ok');
    CREATE TABLE users (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, mood mood DEFAULT 'ok', at timestamptz, data bytea, full_name text GENERATED ALWAYS AS (upper(name)) STORED);
    CREATE TABLE posts (id serial PRIMARY KEY, user_id int REFERENCES users (id), title text);
    CREATE INDEX posts_title ON posts (lower(title));
    INSERT INTO users (name, mood, at, data) VALUES ('ada', 'sad', '2026-01-02 03:04:05.123456+00', '\\xdeadbeef'), ('bob', 'ok', NULL, NULL);
    INSERT INTO posts (user_id, title) SELECT 1, 'post ' || g FROM generate_series(1, 2500) g;
  `;

  async function expectSameData(sourceUrl: string, targetUrl: string): Promise<void> {
    const s = await connectPostgres(sourceUrl);
    const t = await connectPostgres(targetUrl);
    try {
      expect(canonical(await postgresDialect.introspect(t))).toBe(canonical(await postgresDialect.introspect(s)));
      const q = `SELECT (SELECT json_agg(u ORDER BY id)::text FROM users u) AS users, (SELECT count(*)::int FROM posts) AS posts`;
      expect(await t.query(q)).toEqual(await s.query(q));
      expect((await t.query<{ at: string }>(`SELECT at::text FROM users WHERE id = 1`))[0].at).toBe('2026-01-02 03:04:05.123456+00');
      // sequences continue after the copied rows
      await t.exec(`INSERT INTO users (name) VALUES ('cy')`);
      expect((await t.query<{ id: number }>(`SELECT max(id) AS id FROM users`))[0].id).toBe(3);
      await t.exec(`INSERT INTO posts (title) VALUES ('new')`);
    } finally {
      await s.close();
      await t.close();
    }
  }

  it('copy by template copies schema and data', async () => {
    await withTempDb(async (db) => {
      await db.conn.exec(seed);
      await db.conn.close(); // a template must have no other sessions
      const target = admin.urlFor(PG_URL, uniqueDbName('flash_t'));
      try {
        await admin.copy(db.url, target);
        await expectSameData(db.url, target);
      } finally {
        await admin.drop(target);
      }
    });
  });

  it('copy while another client is connected to the source falls back to a SQL copy with the data', async () => {
    await withTempDb(async (db) => {
      await db.conn.exec(seed);
      const busy = await connectPostgres(db.url, { applicationName: 'someone-else' });
      const target = admin.urlFor(PG_URL, uniqueDbName('flash_t'));
      try {
        await admin.copy(db.url, target);
        await expectSameData(db.url, target);
      } finally {
        await busy.close();
        await admin.drop(target);
      }
    });
  });

  it("copy ends Flash's own idle sessions on the source and uses the template", async () => {
    await withTempDb(async (db) => {
      await db.conn.exec(seed);
      // db.conn is a Flash session (application_name flash-test) left idle on the source
      const target = admin.urlFor(PG_URL, uniqueDbName('flash_t'));
      try {
        await admin.copy(db.url, target);
        await expectSameData(db.url, target);
        expect(await db.conn.query('select 1').catch((e: unknown) => e)).toMatchObject({ code: 'E_DB_CONNECT' });
      } finally {
        await admin.drop(target);
      }
    });
  });
});
