import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/dialects/dialect.js';
import { runFlash, tempDir } from '../helpers/cli.js';
import { connectTo, mysqlEngine, postgresEngine, sqliteEngine, type LifecycleEngine } from './lifecycle-engines.js';
import { seedSchema, sqliteSeedSchema, writeSeedProject } from './seed-project.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function project(engine: LifecycleEngine): Promise<{ dir: string; url: string; conn: Connection; drop(): Promise<void> }> {
  const dir = tempDir('flash-seed-');
  dirs.push(dir);
  writeSeedProject(dir, engine.provider);
  const db = await engine.createDatabase(dir);
  const conn = await connectTo(engine.provider, db.url);
  for (const sql of engine.provider === 'sqlite' ? sqliteSeedSchema() : seedSchema(engine.provider)) await conn.exec(sql);
  return {
    dir,
    url: db.url,
    conn,
    drop: async () => {
      await conn.close().catch(() => {});
      await db.drop();
    },
  };
}

async function count(conn: Connection, sql: string): Promise<number> {
  const rows = await conn.query(sql);
  return Number(Object.values(rows[0])[0]);
}

async function dump(conn: Connection): Promise<string> {
  const out: unknown[] = [];
  for (const t of ['teams', 'users', 'posts']) out.push(await conn.query(`SELECT * FROM ${t} ORDER BY id`));
  return JSON.stringify(out, (_k, v) => (v instanceof Date ? v.toISOString() : typeof v === 'number' ? String(v) : v));
}

describe.each([sqliteEngine, postgresEngine, mysqlEngine])('flash seed on $provider', (engine) => {
  it('inserts exactly --count rows per table that satisfy FKs, UNIQUE, CHECKs and the enum, cycle and self-reference included', async () => {
    const p = await project(engine);
    try {
      const r = await runFlash(['seed', '--count', '60', '--seed', '42'], { cwd: p.dir, env: { DATABASE_URL: p.url } });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('teams: 60 row(s)');
      expect(r.stdout).toMatch(/Seeded 180 row\(s\) into 3 table\(s\)/);
      for (const t of ['teams', 'users', 'posts']) expect(await count(p.conn, `SELECT COUNT(*) FROM ${t}`)).toBe(60);
      expect(await count(p.conn, 'SELECT COUNT(*) FROM users WHERE age < 21 OR age >= 30')).toBe(0);
      expect(
        await count(p.conn, "SELECT COUNT(*) FROM users WHERE role NOT IN ('admin','member','guest') OR mood NOT IN ('happy','sad','ok')"),
      ).toBe(0);
      expect(await count(p.conn, 'SELECT COUNT(*) FROM posts WHERE price <= 0 OR price > 50')).toBe(0);
      expect(await count(p.conn, 'SELECT COUNT(DISTINCT email) FROM users')).toBe(60);
      expect(await count(p.conn, 'SELECT COUNT(*) FROM users u LEFT JOIN teams t ON t.id = u.team_id WHERE t.id IS NULL')).toBe(0);
      expect(await count(p.conn, 'SELECT COUNT(*) FROM posts p LEFT JOIN users u ON u.id = p.user_id WHERE u.id IS NULL')).toBe(0);
      // the second pass filled most of the self-reference and the cycle's nullable side, never a row to itself
      expect(await count(p.conn, 'SELECT COUNT(mentor_id) FROM users')).toBeGreaterThan(30);
      expect(await count(p.conn, 'SELECT COUNT(*) FROM users WHERE mentor_id = id')).toBe(0);
      expect(await count(p.conn, 'SELECT COUNT(lead_id) FROM teams')).toBeGreaterThan(30);
      expect(
        await count(
          p.conn,
          'SELECT COUNT(*) FROM teams t LEFT JOIN users u ON u.id = t.lead_id WHERE t.lead_id IS NOT NULL AND u.id IS NULL',
        ),
      ).toBe(0);
      // a second run adds rows next to the first run's: same seed, yet no unique clash
      const again = await runFlash(['seed', '--count', '60', '--seed', '42'], { cwd: p.dir, env: { DATABASE_URL: p.url } });
      expect(again.code, again.stderr).toBe(0);
      expect(await count(p.conn, 'SELECT COUNT(DISTINCT email) FROM users')).toBe(120);
    } finally {
      await p.drop();
    }
  });

  it('is deterministic with --seed: two fresh databases get identical rows; another seed differs', async () => {
    const a = await project(engine);
    const b = await project(engine);
    const c = await project(engine);
    try {
      for (const [p, s] of [
        [a, '7'],
        [b, '7'],
        [c, '8'],
      ] as const) {
        const r = await runFlash(['seed', '-n', '25', '--seed', s], { cwd: p.dir, env: { DATABASE_URL: p.url } });
        expect(r.code, r.stderr).toBe(0);
      }
      const dumpA = await dump(a.conn);
      expect(await dump(b.conn)).toBe(dumpA);
      expect(await dump(c.conn)).not.toBe(dumpA);
    } finally {
      await Promise.all([a.drop(), b.drop(), c.drop()]);
    }
  });

  it('runs db/seeds/*.sql then *.json in name order before generating, and children may reference their rows', async () => {
    const p = await project(engine);
    try {
      const seeds = path.join(p.dir, 'db', 'seeds');
      mkdirSync(seeds, { recursive: true });
      writeFileSync(
        path.join(seeds, '01_teams.sql'),
        "-- reference data\nINSERT INTO teams (id, name) VALUES (100, 'Core');\nINSERT INTO teams (id, name) VALUES (101, 'Ops');\n",
      );
      writeFileSync(
        path.join(seeds, '02_users.json'),
        JSON.stringify({
          users: [
            { id: 500, email: 'ada@example.com', age: 25, role: 'admin', mood: 'ok', team_id: 100, created_at: '2025-01-01 10:00:00' },
          ],
        }),
      );
      const r = await runFlash(['seed', '--count', '0'], { cwd: p.dir, env: { DATABASE_URL: p.url } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('db/seeds/01_teams.sql: 2 statement(s)');
      expect(r.stdout).toContain('db/seeds/02_users.json: 1 row(s)');
      expect(await count(p.conn, 'SELECT COUNT(*) FROM teams')).toBe(2);
      expect(await count(p.conn, "SELECT COUNT(*) FROM users WHERE email = 'ada@example.com' AND team_id = 100")).toBe(1);
      const more = await runFlash(['seed', '--count', '5', '--table', 'posts', '--no-files'], { cwd: p.dir, env: { DATABASE_URL: p.url } });
      expect(more.code, more.stderr).toBe(0);
      expect(await count(p.conn, 'SELECT COUNT(*) FROM posts WHERE user_id = 500')).toBe(5);
      expect(await count(p.conn, 'SELECT COUNT(*) FROM users')).toBe(1);
    } finally {
      await p.drop();
    }
  });
});

describe('flash seed refusals (SQLite)', () => {
  it('refuses a NOT NULL foreign-key cycle by name, and inserts nothing', async () => {
    const dir = tempDir('flash-seed-');
    dirs.push(dir);
    writeSeedProject(dir, 'sqlite');
    const url = path.join(dir, 'dev.db');
    const conn = await connectTo('sqlite', url);
    await conn.exec(
      'CREATE TABLE a (id integer PRIMARY KEY, b_id integer NOT NULL REFERENCES b(id)); CREATE TABLE b (id integer PRIMARY KEY, a_id integer NOT NULL REFERENCES a(id))',
    );
    const r = await runFlash(['seed'], { cwd: dir, env: { DATABASE_URL: url } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[E_SEED_CYCLE\]: .*a\.a_b_id_fkey|error\[E_SEED_CYCLE\]: .*a\.\S+ → b.*b\.\S+ → a/);
    expect(await count(conn, 'SELECT (SELECT COUNT(*) FROM a) + (SELECT COUNT(*) FROM b)')).toBe(0);
    await conn.close();
  });

  it('requires --yes on a database marked production, and says so with a code', async () => {
    const dir = tempDir('flash-seed-');
    dirs.push(dir);
    writeSeedProject(dir, 'sqlite', { production: true });
    const url = path.join(dir, 'dev.db');
    const conn = await connectTo('sqlite', url);
    await conn.exec('CREATE TABLE tags (id integer PRIMARY KEY, name text NOT NULL)');
    const refused = await runFlash(['seed', '-n', '3'], { cwd: dir, env: { DATABASE_URL: url } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error[E_NEEDS_YES]');
    expect(await count(conn, 'SELECT COUNT(*) FROM tags')).toBe(0);
    const ok = await runFlash(['seed', '-n', '3', '--yes'], { cwd: dir, env: { DATABASE_URL: url } });
    expect(ok.code, ok.stderr).toBe(0);
    expect(await count(conn, 'SELECT COUNT(*) FROM tags')).toBe(3);
    await conn.close();
  });

  it('names a CHECK it cannot decide in a warning and the rejected insert with E_SQL', async () => {
    const dir = tempDir('flash-seed-');
    dirs.push(dir);
    writeSeedProject(dir, 'sqlite');
    const url = path.join(dir, 'dev.db');
    const conn = await connectTo('sqlite', url);
    await conn.exec(
      'CREATE TABLE spans (id integer PRIMARY KEY, starts integer NOT NULL, ends integer NOT NULL, CONSTRAINT ordered CHECK (ends > starts + 5000))',
    );
    const r = await runFlash(['seed', '-n', '20', '--seed', '1'], { cwd: dir, env: { DATABASE_URL: url } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('warning: spans: CHECK ordered (ends > starts + 5000) is not understood by flash seed');
    expect(r.stderr).toContain('error[E_SQL]: Inserting generated rows into spans failed');
    await conn.close();
  });
});
