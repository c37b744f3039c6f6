// `npx tsx bench/gen-client-mysql.ts`: bench/gen-client.ts on MariaDB/MySQL — the TypeScript client
// `flash gen` writes for test/fixtures/gen/mysql, against raw mysql2 `execute()` (server-side prepared
// statements, the yardstick) and `query()` (client-side escaping, text protocol). Same SQL and options
// (supportBigNumbers, bigNumberStrings) everywhere, one pooled connection (connectionLimit: 1), the
// variants interleaved within each repetition (order rotated per repetition), each repetition in its
// own Node process after an untimed warm-up at a tenth of the size; median per workload and variant,
// ratios to mysql2 execute(). Every child checks that each variant's results equal execute()'s: the raw
// rows are given the generated client's conversions (JSON column parsed, TINYINT(1) → boolean) after
// the clock stops, ids and created_at masked, the per-variant email tag masked.
//   Workloads:
//     insert — 1,000 users inserted one by one (CreateUser :execlastid, JSON param);
//     batch  — the same 1,000 CreateUser rows in ONE transaction (BEGIN, 1,000 single-row INSERTs,
//              COMMIT) on one connection: `flash gen` has no multi-row/batch query form;
//     join   — PostCounts (users LEFT JOIN posts, GROUP BY, COUNT, SUM) ×500 over 50 users / 200 posts (the
//              users the inserts added are deleted, untimed, before it);
//     mix    — 1,000 operations, by i % 10: 0–5 GetUser by id, 6–7 CreateUser, 8–9 SetActive (:execrows);
//              the seed users' `active` is reset (untimed) before each variant.
//   Also drizzle-orm (plain and `.prepare()`d) and kysely on the same pool (kysely through the promise
//   pool's underlying callback pool): their rows differ only in how the driver returns BIGINT/COUNT
//   (numbers instead of strings: they do not pass supportBigNumbers) and are brought to the raw shape
//   after the clock stops, like the raw rows. And Prisma 7 (the TypeScript "prisma-client" generator
//   with @prisma/adapter-mariadb, no query engine; generated from bench/gen-client-mysql.prisma, installed
//   on demand like in bench/gen-client.ts): its adapter drives the `mariadb` package, not mysql2, so it
//   gets its own pool of one connection (connectionLimit: 1), the adapter's defaults otherwise. Its
//   model API runs CreateUser (`create`, select id), the batch (interactive `$transaction`), GetUser
//   (`findUnique`) and SetActive (`updateMany`, count); it cannot express PostCounts (an aggregate
//   over a LEFT JOIN), which it runs through `$queryRawUnsafe` with the generated client's SQL.
//   What it sends (DEBUG='prisma:driver-adapter*'): each `create` outside a transaction is BEGIN,
//   INSERT, SELECT id, COMMIT (MySQL has no RETURNING), inside one INSERT + SELECT id; every statement
//   through `execute()` with the adapter's default prepareCacheLength 0 (prepared and closed each time).
//   Parent, timing loop and Prisma install are shared with bench/gen-client.ts (bench/gen-client-run.ts).
//   BENCH_RUNS=5  FLASH_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306  BENCH_GEN_PRISMA=0 (skip Prisma)
//   BENCH_DB_PREFIX=flash_bench_  FLASH_BENCH_CACHE=$TMPDIR/flash-bench-cache (where Prisma is installed)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import mysql from 'mysql2/promise';
import { count, eq, sql, sum } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/mysql2';
import { bigint, datetime, decimal, int, json, mysqlEnum, mysqlTable, text, tinyint, varchar } from 'drizzle-orm/mysql-core';
import { Kysely, MysqlDialect, type Generated } from 'kysely';
import { maskedDigest } from './gen-client-check.js';
import { prismaClient, prismaGenerate, runRepetitions, timeRepetition, type Workload, type WorkloadFn } from './gen-client-run.js';

type Variant = 'generated' | 'mysql2 execute' | 'mysql2 query' | 'drizzle' | 'drizzle prepared' | 'kysely' | 'prisma';
const ALL_VARIANTS: Variant[] = ['generated', 'mysql2 execute', 'mysql2 query', 'drizzle', 'drizzle prepared', 'kysely', 'prisma'];
const VARIANTS = ALL_VARIANTS.filter((v) => v !== 'prisma' || process.env.BENCH_GEN_PRISMA !== '0');
const root = path.resolve(import.meta.dirname, '..');
const opts = { supportBigNumbers: true, bigNumberStrings: true };
// drizzle and kysely descriptions of the fixture's tables (test/fixtures/gen/mysql/db/schema)
const users = mysqlTable('users', {
  id: int('id').autoincrement().primaryKey(),
  email: varchar('email', { length: 255 }).notNull(),
  name: varchar('name', { length: 100 }).notNull(),
  bio: text('bio'),
  role: mysqlEnum('role', ['admin', 'member', 'guest']).notNull().default('member'),
  karma: bigint('karma', { mode: 'number' }).notNull().default(0),
  balance: decimal('balance', { precision: 12, scale: 2 }),
  settings: json('settings').notNull(),
  active: tinyint('active').notNull().default(1),
  createdAt: datetime('created_at', { mode: 'string' })
    .notNull()
    .default(sql`CURRENT_TIMESTAMP`),
});
const posts = mysqlTable('posts', {
  id: int('id').autoincrement().primaryKey(),
  authorId: int('author_id').notNull(),
  title: varchar('title', { length: 200 }).notNull(),
  body: text('body'),
});
interface KyselyDb {
  users: {
    id: Generated<number>;
    email: string;
    name: string;
    bio: string | null;
    role: string;
    karma: Generated<string>;
    balance: string | null;
    settings: string;
    active: Generated<number>;
    created_at: Generated<Date>;
  };
  posts: { id: Generated<number>; author_id: number; title: string; body: string | null };
}

if (process.env.BENCH_CHILD) await child(process.env.BENCH_CHILD, Number(process.env.BENCH_REP));
else await parent();

async function parent(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const base = new URL(process.env.FLASH_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
  base.pathname = '';
  const baseUrl = base.toString().replace(/\/$/, '');
  const dbName = `${process.env.BENCH_DB_PREFIX ?? 'flash_bench_'}${Date.now().toString(36)}`;
  const url = `${baseUrl}/${dbName}`;
  const admin = await mysql.createConnection({ uri: baseUrl });
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flash-bench-genmy-'));
  let prismaDir: string | undefined;
  try {
    prismaDir = VARIANTS.includes('prisma') ? prismaGenerate('gen-client-mysql.prisma') : undefined;
    cpSync(path.join(root, 'test/fixtures/gen/mysql'), dir, { recursive: true });
    // flash gen on MySQL builds its shadow database on the server named by DATABASE_URL
    execFileSync(process.execPath, [path.join(root, 'bin/flash.js'), 'gen'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DATABASE_URL: url },
    });
    const setup = await mysql.createConnection({ uri: url, multipleStatements: true });
    await setup.query(readFileSync(path.join(dir, 'db/schema/schema.sql'), 'utf8'));
    for (let i = 0; i < 50; i++)
      await setup.execute("INSERT INTO users (email, name, settings) VALUES (?, ?, '{}')", [`seed${i}@x`, `Seed ${i}`]);
    for (let i = 0; i < 200; i++) await setup.execute('INSERT INTO posts (author_id, title) VALUES (?, ?)', [(i % 50) + 1, `post ${i}`]);
    await setup.end();

    const [[{ version }]] = (await admin.query('SELECT VERSION() AS version')) as unknown as [[{ version: string }]];
    runRepetitions({
      script: 'gen-client-mysql.ts',
      runs,
      variants: VARIANTS,
      yardstick: 'mysql2 execute',
      spec: { dir, prismaDir, url },
      title: version,
    });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
    if (prismaDir) rmSync(prismaDir, { recursive: true, force: true });
  }
}

async function child(spec: string, rep: number): Promise<void> {
  const { dir, prismaDir, url } = JSON.parse(spec) as { dir: string; prismaDir?: string; url: string };
  const q = await import(pathToFileURL(path.join(dir, 'flash_gen/index.js')).href);
  const js = readFileSync(path.join(dir, 'flash_gen/index.js'), 'utf8');
  const sqlOf = (name: string) => JSON.parse(new RegExp(`const ${name}Sql = (".*");`).exec(js)![1]) as string;
  const text = { insert: sqlOf('createUser'), join: sqlOf('postCounts'), read: sqlOf('getUser'), update: sqlOf('setActive') };
  const pool = mysql.createPool({ uri: url, connectionLimit: 1 });
  type Db = mysql.Pool | mysql.PoolConnection;
  const dz = drizzle(pool);
  const ky = new Kysely<KyselyDb>({ dialect: new MysqlDialect({ pool: pool.pool }) });
  // Prisma's adapter gets its own pool of the `mariadb` driver, also of one connection, with the
  // adapter's defaults otherwise (binary protocol; prepareCacheLength 0, so no statement cache)
  const prisma = prismaDir
    ? await prismaClient(prismaDir, '@prisma/adapter-mariadb', ({ PrismaMariaDb }) => {
        const u = new URL(url);
        return new PrismaMariaDb({
          host: u.hostname,
          port: Number(u.port || 3306),
          user: decodeURIComponent(u.username),
          password: decodeURIComponent(u.password),
          database: u.pathname.slice(1),
          connectionLimit: 1,
        });
      })
    : undefined;
  const userCols = {
    id: users.id,
    email: users.email,
    name: users.name,
    bio: users.bio,
    role: users.role,
    karma: users.karma,
    balance: users.balance,
    settings: users.settings,
    active: users.active,
    created_at: users.createdAt,
  };
  const ph = (name: string) => sql.placeholder(name);
  const dzInsert = dz
    .insert(users)
    .values({ email: ph('email'), name: ph('name'), bio: ph('bio'), role: ph('role'), settings: ph('settings') } as never)
    .prepare();
  const dzRead = dz
    .select(userCols)
    .from(users)
    .where(eq(users.id, ph('id')))
    .prepare();
  const dzUpdate = dz
    .update(users)
    .set({ active: ph('active') } as never)
    .where(eq(users.id, ph('id')))
    .prepare();
  const dzJoin = dz
    .select({ id: users.id, posts: count(posts.id), karma_sum: sum(users.karma) })
    .from(users)
    .leftJoin(posts, eq(posts.authorId, users.id))
    .groupBy(users.id)
    .orderBy(users.id)
    .prepare();
  const raw = async (db: Db, v: Variant, sql: string, values: unknown[]) =>
    (v === 'mysql2 execute' ? db.execute({ sql, values, ...opts }) : db.query({ sql, values, ...opts })) as Promise<[any, unknown]>; // eslint-disable-line @typescript-eslint/no-explicit-any -- rows or a ResultSetHeader
  const userRow = (tag: string, i: number) => ({
    email: `${tag}_${i}@x`,
    name: `User ${i}`,
    bio: null,
    role: 'member' as const,
    settings: { i },
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pool, connection or drizzle/kysely/Prisma transaction
  const createUser = async (v: Variant, db: any, u: ReturnType<typeof userRow>): Promise<unknown> => {
    if (v === 'prisma')
      return typeof (await (db ?? prisma).users.create({ data: u, select: { id: true } })).id === 'number' ? 'id' : 'no id';
    if (v === 'generated') return typeof (await q.createUser(db, u)) === 'number' ? 'id' : 'no id';
    if (v === 'drizzle') return typeof (await (db ?? dz).insert(users).values(u))[0].insertId === 'number' ? 'id' : 'no id';
    if (v === 'drizzle prepared') return typeof (await dzInsert.execute(u))[0].insertId === 'number' ? 'id' : 'no id';
    if (v === 'kysely') {
      const r = await (db ?? ky)
        .insertInto('users')
        .values({ ...u, settings: JSON.stringify(u.settings) })
        .executeTakeFirst();
      return r.insertId !== undefined ? 'id' : 'no id';
    }
    const [r] = await raw(db, v, text.insert, [u.email, u.name, u.bio, u.role, JSON.stringify(u.settings)]);
    return typeof r.insertId === 'number' ? 'id' : 'no id';
  };
  const workloads: Record<Workload, WorkloadFn<Variant>> = {
    insert: async (v, tag, out, n) => {
      const db = v === 'drizzle' || v === 'kysely' || v === 'prisma' ? undefined : pool;
      for (let i = 0; i < n(1000); i++) out.push(await createUser(v, db, userRow(tag, i)));
    },
    batch: async (v, tag, out, n) => {
      const rows = Array.from({ length: n(1000) }, (_, i) => userRow(`${tag}b`, i));
      if (v === 'drizzle' || v === 'drizzle prepared') {
        // drizzle's prepared statements belong to the db, not a transaction: both run the insert on tx
        await dz.transaction(async (tx) => {
          for (const u of rows) out.push(typeof (await tx.insert(users).values(u))[0].insertId === 'number' ? 'id' : 'no id');
        });
        return;
      }
      if (v === 'kysely') {
        await ky.transaction().execute(async (trx) => {
          for (const u of rows) out.push(await createUser(v, trx, u));
        });
        return;
      }
      if (v === 'prisma') {
        await prisma.$transaction(
          async (tx: unknown) => {
            for (const u of rows) out.push(await createUser(v, tx, u));
          },
          { timeout: 600_000, maxWait: 60_000 },
        );
        return;
      }
      const conn = await pool.getConnection();
      try {
        await conn.query('BEGIN');
        for (const u of rows) out.push(await createUser(v, conn, u));
        await conn.query('COMMIT');
      } finally {
        conn.release();
      }
    },
    join: async (v, _tag, out, n) => {
      for (let i = 0; i < n(500); i++) {
        const r =
          v === 'generated'
            ? await q.postCounts(pool)
            : v === 'drizzle'
              ? await dz
                  .select({ id: users.id, posts: count(posts.id), karma_sum: sum(users.karma) })
                  .from(users)
                  .leftJoin(posts, eq(posts.authorId, users.id))
                  .groupBy(users.id)
                  .orderBy(users.id)
              : v === 'drizzle prepared'
                ? await dzJoin.execute()
                : v === 'kysely'
                  ? await ky
                      .selectFrom('users as u')
                      .leftJoin('posts as p', 'p.author_id', 'u.id')
                      .select((eb) => ['u.id', eb.fn.count('p.id').as('posts'), eb.fn.sum('u.karma').as('karma_sum')])
                      .groupBy('u.id')
                      .orderBy('u.id')
                      .execute()
                  : v === 'prisma'
                    ? await prisma.$queryRawUnsafe(text.join) // Prisma's model API cannot express this aggregate over a join
                    : (await raw(pool, v, text.join, []))[0];
        if (i === 0) out.push(r);
      }
    },
    mix: async (v, tag, out, n) => {
      for (let i = 0; i < n(1000); i++) {
        const k = i % 10;
        const id = (i % 50) + 1;
        if (k <= 5) {
          if (v === 'generated') out.push(await q.getUser(pool, { id }));
          else if (v === 'drizzle') out.push((await dz.select(userCols).from(users).where(eq(users.id, id)))[0]);
          else if (v === 'drizzle prepared') out.push((await dzRead.execute({ id }))[0]);
          else if (v === 'kysely')
            out.push(
              await ky
                .selectFrom('users')
                .select(['id', 'email', 'name', 'bio', 'role', 'karma', 'balance', 'settings', 'active', 'created_at'])
                .where('id', '=', id)
                .executeTakeFirst(),
            );
          else if (v === 'prisma') out.push(await prisma.users.findUnique({ where: { id } }));
          else out.push((await raw(pool, v, text.read, [id]))[0][0]);
        } else if (k <= 7)
          out.push(await createUser(v, v === 'drizzle' || v === 'kysely' || v === 'prisma' ? undefined : pool, userRow(`${tag}m`, i)));
        else {
          const active = Math.floor(i / 10) % 2 === 0;
          if (v === 'generated') out.push(await q.setActive(pool, { active, id }));
          else if (v === 'drizzle')
            out.push(
              (
                await dz
                  .update(users)
                  .set({ active: active ? 1 : 0 })
                  .where(eq(users.id, id))
              )[0].affectedRows,
            );
          else if (v === 'drizzle prepared') out.push((await dzUpdate.execute({ active: active ? 1 : 0, id }))[0].affectedRows);
          else if (v === 'kysely')
            out.push(
              Number(
                (
                  await ky
                    .updateTable('users')
                    .set({ active: active ? 1 : 0 })
                    .where('id', '=', id)
                    .executeTakeFirst()
                ).numUpdatedRows,
              ),
            );
          else if (v === 'prisma') out.push((await prisma.users.updateMany({ where: { id }, data: { active } })).count);
          else out.push((await raw(pool, v, text.update, [active, id]))[0].affectedRows);
        }
      }
    },
  };
  // the generated client's row conversions, applied to the raw rows after the clock stops
  // and BIGINT/COUNT/SUM as strings, as supportBigNumbers + bigNumberStrings return them (drizzle, kysely do not pass them)
  const convert = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(convert);
    if (x && typeof x === 'object' && !(x instanceof Date)) {
      const r = { ...(x as Record<string, unknown>) };
      for (const k of ['karma', 'posts', 'karma_sum']) if (typeof r[k] === 'number' || typeof r[k] === 'bigint') r[k] = String(r[k]);
      x = r;
    }
    if (x && typeof x === 'object' && 'settings' in x && 'active' in x) {
      const r = x;
      return { ...r, settings: typeof r.settings === 'string' ? JSON.parse(r.settings) : r.settings, active: Boolean(r.active) };
    }
    return x;
  };

  const times = await timeRepetition({
    rep,
    variants: VARIANTS,
    yardstick: 'mysql2 execute',
    workloads,
    before: async (w) => {
      if (w === 'mix') await pool.query('UPDATE users SET active = 1 WHERE id <= 50');
      // PostCounts groups every user: drop the ones the inserts added (untimed), so every join runs on 50 users
      if (w === 'join') await pool.query('DELETE FROM users WHERE id > 50');
    },
    digest: (v, out, tag) => maskedDigest(v === 'generated' ? out : out.map(convert), tag),
  });
  await prisma?.$disconnect();
  await ky.destroy();
  console.log(JSON.stringify(times));
}
