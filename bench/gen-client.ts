// `npx tsx bench/gen-client.ts`: the TypeScript client `flash gen` writes, against raw `pg` with and
// without named prepared statements, drizzle-orm (plain and `.prepare()`d), kysely and Prisma 7 (the
// TypeScript "prisma-client" generator with @prisma/adapter-pg, no query engine), on the PostgreSQL
// fixture of test/fixtures/gen. Same SQL semantics everywhere, one pooled connection (max: 1; Prisma's
// adapter gets its own max-1 pool), the variants interleaved within each repetition (their order
// rotated from one repetition to the next), each repetition in its own Node process; prints the median
// per workload and variant, and ratios to raw pg prepared. Every child checks that each variant's
// results equal raw pg prepared's (ids, created_at and the per-variant email tag masked; bigint,
// numeric and count values compared as strings, dates as ISO strings) and fails otherwise.
//   Workloads:
//     insert — 1,000 users inserted one by one (CreateUser: INSERT … RETURNING *, JSON and array params);
//     batch  — the same 1,000 CreateUser rows inserted in ONE transaction (BEGIN, 1,000 single-row
//              INSERT … RETURNING *, COMMIT) on one connection: `flash gen` has no multi-row/batch
//              query form, so every variant does exactly this (drizzle `db.transaction`, kysely
//              `db.transaction().execute`, Prisma interactive `$transaction`);
//     join   — CommentCounts (posts LEFT JOIN comments LEFT JOIN users, GROUP BY) ×500 over
//              200 posts / 2,000 comments / 50+ users (drizzle and kysely build it with their query
//              builders; Prisma's model API cannot express it, so Prisma runs it via `$queryRawUnsafe`);
//     mix    — 1,000 operations, by i % 10: 0–5 read a user by email (GetUserByEmail), 6–7 insert a
//              user (InsertUserReturningId), 8–9 update a bio (UpdateBio) — 600 reads, 200 inserts, 200 updates;
//              the seed users' bios are reset (untimed) before each variant so the reads compare equal.
//   BENCH_RUNS=5  FLASH_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/test  BENCH_GEN_PRISMA=0 (skip Prisma)
//   BENCH_DB_PREFIX=flash_bench_  FLASH_BENCH_CACHE=$TMPDIR/flash-bench-cache (where Prisma is installed)
//   MariaDB: bench/gen-client-mysql.ts. Parent, timing loop and Prisma install: bench/gen-client-run.ts.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { and, count, eq, max, sql, sum } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { bigint, boolean, integer, jsonb, numeric, pgEnum, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { Kysely, PostgresDialect, type Generated } from 'kysely';
import pg from 'pg';
import { maskedDigest } from './gen-client-check.js';
import { prismaClient, prismaGenerate, runRepetitions, timeRepetition, type Workload, type WorkloadFn } from './gen-client-run.js';

type Variant = 'generated' | 'pg prepared' | 'pg unprepared' | 'drizzle' | 'drizzle prepared' | 'kysely' | 'prisma';
const ALL_VARIANTS: Variant[] = ['generated', 'pg prepared', 'pg unprepared', 'drizzle', 'drizzle prepared', 'kysely', 'prisma'];
const VARIANTS = ALL_VARIANTS.filter((v) => v !== 'prisma' || process.env.BENCH_GEN_PRISMA !== '0');
const root = path.resolve(import.meta.dirname, '..');

// drizzle and kysely descriptions of the fixture's tables (test/fixtures/gen/postgresql/db/schema/schema.sql)
const userRole = pgEnum('user_role', ['admin', 'member', 'guest']);
const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  bio: text('bio'),
  role: userRole('role').notNull().default('member'),
  karma: bigint('karma', { mode: 'bigint' }).notNull().default(0n),
  balance: numeric('balance', { precision: 12, scale: 2 }),
  settings: jsonb('settings').notNull().default({}),
  tags: text('tags').array().notNull().default([]),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  author_id: integer('author_id').notNull(),
  title: text('title').notNull(),
  body: text('body'),
  published: boolean('published').notNull().default(false),
});
const comments = pgTable('comments', {
  id: serial('id').primaryKey(),
  post_id: integer('post_id').notNull(),
  user_id: integer('user_id').notNull(),
  body: text('body').notNull(),
});
interface KyselyDb {
  users: {
    id: Generated<number>;
    email: string;
    name: string;
    bio: string | null;
    role: Generated<'admin' | 'member' | 'guest'>;
    karma: Generated<string>;
    balance: string | null;
    settings: Generated<string>;
    tags: Generated<string[]>;
    created_at: Generated<Date>;
  };
  posts: { id: Generated<number>; author_id: number; title: string; body: string | null; published: Generated<boolean> };
  comments: { id: Generated<number>; post_id: number; user_id: number; body: string };
}

if (process.env.BENCH_CHILD) await child(process.env.BENCH_CHILD, Number(process.env.BENCH_REP));
else await parent();

async function parent(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const baseUrl = process.env.FLASH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flash-bench-gen-'));
  cpSync(path.join(root, 'test/fixtures/gen/postgresql'), dir, { recursive: true });
  execFileSync(process.execPath, [path.join(root, 'bin/flash.js'), 'gen'], { cwd: dir, stdio: 'inherit' });
  const prismaDir = VARIANTS.includes('prisma') ? prismaGenerate('gen-client.prisma') : undefined;

  const dbName = `${process.env.BENCH_DB_PREFIX ?? 'flash_bench_'}${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  try {
    const setup = new pg.Pool({ connectionString: url.toString(), max: 1 });
    await setup.query(readFileSync(path.join(dir, 'db/schema/schema.sql'), 'utf8'));
    // some users, posts and comments for the join to aggregate and the mix to read
    for (let i = 0; i < 50; i++) await setup.query('INSERT INTO users (email, name) VALUES ($1, $2)', [`seed${i}@x`, `Seed ${i}`]);
    for (let i = 0; i < 200; i++) await setup.query('INSERT INTO posts (author_id, title) VALUES ($1, $2)', [(i % 50) + 1, `post ${i}`]);
    for (let i = 0; i < 2000; i++)
      await setup.query('INSERT INTO comments (post_id, user_id, body) VALUES ($1, $2, $3)', [(i % 200) + 1, (i % 50) + 1, `c${i}`]);
    await setup.end();

    runRepetitions({
      script: 'gen-client.ts',
      runs,
      variants: VARIANTS,
      yardstick: 'pg prepared',
      spec: { dir, prismaDir, url: url.toString() },
      title: 'PostgreSQL',
    });
  } finally {
    await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
    if (prismaDir) rmSync(prismaDir, { recursive: true, force: true });
  }
}

/** One repetition: every workload, every variant (rotated order), one pooled connection; prints JSON times. */
async function child(spec: string, rep: number): Promise<void> {
  const { dir, prismaDir, url } = JSON.parse(spec) as { dir: string; prismaDir?: string; url: string };
  const q = await import(pathToFileURL(path.join(dir, 'flash_gen/index.js')).href);
  const js = readFileSync(path.join(dir, 'flash_gen/index.js'), 'utf8');
  const sqlOf = (name: string) => JSON.parse(new RegExp(`const ${name}Sql = (".*");`).exec(js)![1]) as string;
  const text = {
    insert: sqlOf('createUser'),
    join: sqlOf('commentCounts'),
    read: sqlOf('getUserByEmail'),
    add: sqlOf('insertUserReturningId'),
    update: sqlOf('updateBio'),
  };
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const dz = drizzle({ client: pool });
  const ky = new Kysely<KyselyDb>({ dialect: new PostgresDialect({ pool }) });
  // Prisma's adapter gets its own pool, also of one connection
  const prisma = prismaDir
    ? await prismaClient(prismaDir, '@prisma/adapter-pg', ({ PrismaPg }) => new PrismaPg({ connectionString: url, max: 1 }))
    : undefined;
  type Db = pg.Pool | pg.PoolClient;
  // the same statement names as the raw prepared variant would choose by hand
  const raw = async (db: Db, v: Variant, name: string, sqlText: string, values: unknown[]) =>
    v === 'pg prepared' ? db.query({ name: `bench_${name}`, text: sqlText, values }) : db.query(sqlText, values);
  const P = sql.placeholder;
  // drizzle: the same statements built once and `.prepare()`d (named server-side statements)
  const dzJoin = () =>
    dz
      .select({
        post_id: posts.id,
        comments: count(comments.id),
        last_body: max(comments.body),
        karma_sum: sum(users.karma),
      })
      .from(posts)
      .leftJoin(comments, eq(comments.post_id, posts.id))
      .leftJoin(users, eq(users.id, comments.user_id))
      .groupBy(posts.id)
      .orderBy(posts.id);
  const dzPrepared = {
    join: dzJoin().prepare('dz_join'),
    read: dz
      .select()
      .from(users)
      .where(eq(users.email, P('email')))
      .prepare('dz_read'),
    add: dz
      .insert(users)
      .values({ email: P('email'), name: P('name') })
      .returning({ id: users.id })
      .prepare('dz_add'),
    update: dz
      .update(users)
      .set({ bio: sql`${P('bio')}` })
      .where(and(eq(users.id, P('id'))))
      .prepare('dz_update'),
  };
  const dzInsert = (db: typeof dz, name?: string) => {
    const b = db
      .insert(users)
      .values({ email: P('email'), name: P('name'), bio: null, role: 'member', settings: P('settings'), tags: P('tags') })
      .returning();
    return name ? b.prepare(name) : b;
  };
  const dzInsertPrepared = dzInsert(dz, 'dz_insert');

  const userRow = (tag: string, i: number) => ({
    email: `${tag}_${i}@x`,
    name: `User ${i}`,
    bio: null,
    role: 'member' as const,
    settings: { i },
    tags: ['a'],
  });
  /** One CreateUser through variant v on db (a pool or, for the batch, the transaction's connection). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pool, transaction, drizzle/kysely/Prisma handle or prepared query
  const createUser = async (v: Variant, db: any, u: ReturnType<typeof userRow>): Promise<unknown> => {
    switch (v) {
      case 'generated':
        return q.createUser(db, u);
      case 'pg prepared':
      case 'pg unprepared':
        return (await raw(db, v, 'insert', text.insert, [u.email, u.name, u.bio, u.role, JSON.stringify(u.settings), u.tags])).rows[0];
      case 'drizzle':
        return (await db.insert(users).values(u).returning())[0];
      case 'drizzle prepared':
        return (await db.execute(u))[0]; // db is a prepared insert here
      case 'kysely':
        return db
          .insertInto('users')
          .values({ ...u, settings: JSON.stringify(u.settings) })
          .returningAll()
          .executeTakeFirst();
      case 'prisma':
        return db.users.create({ data: u });
    }
  };

  const workloads: Record<Workload, WorkloadFn<Variant>> = {
    insert: async (v, tag, out, n) => {
      const db = v === 'drizzle' ? dz : v === 'drizzle prepared' ? dzInsertPrepared : v === 'kysely' ? ky : v === 'prisma' ? prisma : pool;
      for (let i = 0; i < n(1000); i++) out.push(await createUser(v, db, userRow(tag, i)));
    },
    batch: async (v, tag, out, n) => {
      const rows = Array.from({ length: n(1000) }, (_, i) => userRow(`${tag}b`, i));
      if (v === 'drizzle' || v === 'drizzle prepared')
        await dz.transaction(async (tx) => {
          const db = v === 'drizzle' ? tx : dzInsert(tx as unknown as typeof dz, 'dz_batch');
          for (const u of rows) out.push(await createUser(v, db, u));
        });
      else if (v === 'kysely')
        await ky.transaction().execute(async (trx) => {
          for (const u of rows) out.push(await createUser(v, trx, u));
        });
      else if (v === 'prisma')
        await prisma.$transaction(
          async (tx: unknown) => {
            for (const u of rows) out.push(await createUser(v, tx, u));
          },
          { timeout: 600_000, maxWait: 60_000 },
        );
      else {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          for (const u of rows) out.push(await createUser(v, client, u));
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      }
    },
    join: async (v, _tag, out, n) => {
      for (let i = 0; i < n(500); i++) {
        let r: unknown;
        if (v === 'generated') r = await q.commentCounts(pool);
        else if (v === 'drizzle') r = await dzJoin();
        else if (v === 'drizzle prepared') r = await dzPrepared.join.execute();
        else if (v === 'kysely')
          r = await ky
            .selectFrom('posts as p')
            .leftJoin('comments as c', 'c.post_id', 'p.id')
            .leftJoin('users as u', 'u.id', 'c.user_id')
            .select((eb) => [
              'p.id as post_id',
              eb.fn.count('c.id').as('comments'),
              eb.fn.max('c.body').as('last_body'),
              eb.fn.sum('u.karma').as('karma_sum'),
            ])
            .groupBy('p.id')
            .orderBy('p.id')
            .execute();
        else if (v === 'prisma') r = await prisma.$queryRawUnsafe(text.join);
        else r = (await raw(pool, v, 'join', text.join, [])).rows;
        if (i === 0) out.push(r); // one result is enough to compare; the query is the same 500 times
      }
    },
    mix: async (v, tag, out, n) => {
      for (let i = 0; i < n(1000); i++) {
        const k = i % 10;
        const email = `seed${i % 50}@x`;
        const id = (i % 50) + 1;
        const bio = `bio ${i}`;
        const added = { email: `${tag}_m${i}@x`, name: 'M' };
        if (k <= 5) {
          if (v === 'generated') out.push(await q.getUserByEmail(pool, { email }));
          else if (v === 'drizzle') out.push((await dz.select().from(users).where(eq(users.email, email)))[0]);
          else if (v === 'drizzle prepared') out.push((await dzPrepared.read.execute({ email }))[0]);
          else if (v === 'kysely') out.push(await ky.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst());
          else if (v === 'prisma') out.push(await prisma.users.findUnique({ where: { email } }));
          else out.push((await raw(pool, v, 'read', text.read, [email])).rows[0]);
        } else if (k <= 7) {
          let newId: unknown;
          if (v === 'generated') newId = await q.insertUserReturningId(pool, added);
          else if (v === 'drizzle') newId = (await dz.insert(users).values(added).returning({ id: users.id }))[0].id;
          else if (v === 'drizzle prepared') newId = (await dzPrepared.add.execute(added))[0].id;
          else if (v === 'kysely') newId = (await ky.insertInto('users').values(added).returning('id').executeTakeFirstOrThrow()).id;
          else if (v === 'prisma') newId = (await prisma.users.create({ data: added, select: { id: true } })).id;
          else newId = (await raw(pool, v, 'add', text.add, [added.email, added.name])).rows[0].id;
          out.push(typeof newId === 'number' ? 'id' : newId);
        } else {
          let changed: unknown;
          if (v === 'generated') changed = await q.updateBio(pool, { bio, id });
          else if (v === 'drizzle') changed = (await dz.update(users).set({ bio }).where(eq(users.id, id))).rowCount;
          else if (v === 'drizzle prepared') changed = (await dzPrepared.update.execute({ bio, id })).rowCount;
          else if (v === 'kysely')
            changed = (await ky.updateTable('users').set({ bio }).where('id', '=', id).executeTakeFirst()).numUpdatedRows;
          else if (v === 'prisma') changed = (await prisma.users.updateMany({ where: { id }, data: { bio } })).count;
          else changed = (await raw(pool, v, 'update', text.update, [bio, id])).rowCount;
          out.push(changed);
        }
      }
    },
  };
  const times = await timeRepetition({
    rep,
    variants: VARIANTS,
    yardstick: 'pg prepared',
    workloads,
    // untimed: the seed users' bios reset, so every variant's reads see the same rows
    before: async (w) => w === 'mix' && pool.query("UPDATE users SET bio = NULL WHERE email LIKE 'seed%'"),
    digest: (_v, out, tag) => maskedDigest(out, tag),
  });
  await prisma?.$disconnect();
  await pool.end();
  console.log(JSON.stringify(times));
}
