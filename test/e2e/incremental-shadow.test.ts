import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { desiredSchema } from '../../src/api/project/desired-schema.js';
import { keptShadowId } from '../../src/api/project/incremental-shadow.js';
import { openProject } from '../../src/api/project/project-context.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { isFlashError } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';
import { PG_URL } from '../helpers/db-urls.js';

// The incremental shadow (src/api/project/incremental-shadow.ts) must never change an answer: after
// any sequence of edits, the desired schema it produces equals a full rebuild on a fresh shadow (or
// both fail with the same error). Random sequences of edits over four files: tables, enums, domains,
// sequences, indexes, views (`SELECT *`, re-expanded on a rebuild), FKs, ALTER TABLE and COMMENT ON
// across files, in any file order.

const dirs: string[] = [];
const keptDbs: string[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  for (const name of keptDbs) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  await admin.end();
});

function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FILES = ['a.sql', 'b.sql', 'c.sql', 'd.sql'];

interface Obj {
  file: string;
  sql: string;
  /** tables/types it needs (so a dropped one takes these along, keeping most states valid) */
  needs: string[];
  name: string;
}

/** A random schema model and edits on it. Some edits break the schema on purpose (a missing table). */
class Model {
  objs: Obj[] = [];
  n = 0;
  constructor(private r: () => number) {}
  pick<T>(xs: T[]): T | undefined {
    return xs.length ? xs[Math.floor(this.r() * xs.length)] : undefined;
  }
  file(): string {
    return this.pick(FILES)!;
  }
  names(prefix: string): string[] {
    return this.objs.filter((o) => o.name.startsWith(prefix)).map((o) => o.name);
  }
  broken = false;
  edit(): string {
    const k = ++this.n;
    if (this.broken) {
      // repair: drop what needs a missing object
      this.broken = false;
      const have = new Set(this.objs.map((o) => o.name));
      for (let grew = true; grew;) {
        grew = false;
        const keep = this.objs.filter((o) => o.needs.every((x) => have.has(x)));
        if (keep.length < this.objs.length) {
          grew = true;
          this.objs = keep;
          have.clear();
          for (const o of keep) have.add(o.name);
        }
      }
      return 'repair';
    }
    const roll = this.r();
    const tables = this.names('t');
    const table = this.pick(tables);
    if (roll < 0.25 || !table) {
      const cols = ['id integer PRIMARY KEY', `c${k} text`];
      const needs: string[] = [];
      const en = this.pick(this.names('e'));
      if (en && this.r() < 0.5) {
        cols.push(`st ${en}`);
        needs.push(en);
      }
      const dom = this.pick(this.names('d'));
      if (dom && this.r() < 0.3) {
        cols.push(`amount ${dom}`);
        needs.push(dom);
      }
      if (table && this.r() < 0.5) {
        cols.push(`ref integer REFERENCES ${table} (id)`);
        needs.push(table);
      }
      const seq = this.pick(this.names('s'));
      if (seq && this.r() < 0.3) {
        cols.push(`n bigint DEFAULT nextval('${seq}')`);
        needs.push(seq);
      }
      this.objs.push({ file: this.file(), name: `t${k}`, needs, sql: `CREATE TABLE t${k} (\n  ${cols.join(',\n  ')}\n);` });
      return `add table t${k}`;
    }
    if (roll < 0.32) {
      this.objs.push({ file: this.file(), name: `e${k}`, needs: [], sql: `CREATE TYPE e${k} AS ENUM ('a', 'b');` });
      return `add enum e${k}`;
    }
    if (roll < 0.36) {
      this.objs.push({ file: this.file(), name: `d${k}`, needs: [], sql: `CREATE DOMAIN d${k} AS numeric(10,2) CHECK (VALUE >= 0);` });
      return `add domain d${k}`;
    }
    if (roll < 0.4) {
      this.objs.push({ file: this.file(), name: `s${k}`, needs: [], sql: `CREATE SEQUENCE s${k} START 100;` });
      return `add sequence s${k}`;
    }
    if (roll < 0.5) {
      this.objs.push({ file: this.file(), name: `i${k}`, needs: [table], sql: `CREATE INDEX i${k} ON ${table} (id DESC);` });
      return `add index i${k} on ${table}`;
    }
    if (roll < 0.6) {
      const other = this.pick(this.names('v')) ?? table;
      const sql =
        this.r() < 0.5
          ? `CREATE VIEW v${k} AS SELECT * FROM ${table};`
          : `CREATE VIEW v${k} AS SELECT x.id FROM ${table} x JOIN ${other} y ON y.id = x.id;`;
      this.objs.push({ file: this.file(), name: `v${k}`, needs: [table, other], sql });
      return `add view v${k}`;
    }
    if (roll < 0.68) {
      this.objs.push({
        file: this.file(),
        name: `x${k}`,
        needs: [table],
        sql: `ALTER TABLE ${table} ADD COLUMN x${k} integer DEFAULT ${k};`,
      });
      return `alter ${table} add x${k}`;
    }
    if (roll < 0.72) {
      const other = this.pick(tables)!;
      this.objs.push({
        file: this.file(),
        name: `f${k}`,
        needs: [table, other],
        sql: `ALTER TABLE ${table} ADD COLUMN fk${k} integer;\nALTER TABLE ${table} ADD CONSTRAINT f${k} FOREIGN KEY (fk${k}) REFERENCES ${other} (id);`,
      });
      return `fk ${table} -> ${other}`;
    }
    if (roll < 0.76) {
      this.objs.push({ file: this.file(), name: `m${k}`, needs: [table], sql: `COMMENT ON TABLE ${table} IS 'note ${k}';` });
      return `comment on ${table}`;
    }
    if (roll < 0.84) {
      // change a table in place: a new column in its CREATE TABLE
      const o = this.objs.find((x) => x.name === table)!;
      o.sql = o.sql.replace(/\n\);$/, `,\n  y${k} text\n);`);
      return `edit table ${table}`;
    }
    if (roll < 0.9) {
      const o = this.pick(this.objs)!;
      o.file = this.file();
      return `move ${o.name} to ${o.file}`;
    }
    if (roll < 0.97) {
      // drop an object and what needs it (transitively), keeping the schema valid
      const gone = new Set([this.pick(this.objs)!.name]);
      for (let grew = true; grew;) {
        grew = false;
        for (const o of this.objs)
          if (!gone.has(o.name) && o.needs.some((x) => gone.has(x))) {
            gone.add(o.name);
            grew = true;
          }
      }
      this.objs = this.objs.filter((o) => !gone.has(o.name));
      return `drop ${[...gone].join(', ')}`;
    }
    // drop a table but leave what needs it: an invalid schema (both paths must fail alike)
    this.objs = this.objs.filter((o) => o.name !== table);
    this.broken = true;
    return `drop ${table} alone`;
  }
  write(dir: string): void {
    for (const f of FILES)
      writeFileSync(
        path.join(dir, 'db/schema', f),
        this.objs
          .filter((o) => o.file === f)
          .map((o) => o.sql)
          .join('\n\n') + '\n',
      );
  }
}

function project(shadowUrl?: string): string {
  const dir = tempDir('incsh-');
  dirs.push(dir);
  mkdirSync(path.join(dir, 'db/schema'), { recursive: true });
  const database: Record<string, string> = { provider: 'postgresql', url_env: 'DATABASE_URL' };
  if (shadowUrl) database.shadow_url = shadowUrl;
  writeFileSync(
    path.join(dir, 'flash.config.json'),
    JSON.stringify({ version: '2', schema_dir: 'db/schema', migrations_path: 'db/migrations', database }, null, 2),
  );
  writeFileSync(path.join(dir, '.env'), 'DATABASE_URL=postgres://nobody@127.0.0.1:1/none\n');
  return dir;
}

type Outcome = { id: string } | { error: string };

async function desired(dir: string, env: NodeJS.ProcessEnv): Promise<Outcome> {
  try {
    const pc = await openProject(dir, env);
    keptDbs.push(`flash_shadow_keep_${keptShadowId(pc)}`);
    return { id: snapshotOf(await desiredSchema(pc)).id };
  } catch (err) {
    if (!isFlashError(err)) throw err;
    return { error: `${err.code} ${err.message}` };
  }
}

async function sequence(seed: number, steps: number, shadowUrl?: string): Promise<string[]> {
  const dir = project(shadowUrl);
  const report = path.join(dir, 'report.txt');
  const model = new Model(rng(seed));
  const outcomes: string[] = [];
  for (let step = 0; step < steps; step++) {
    const what = model.edit();
    model.write(dir);
    // The desired-schema cache is per content: turn it off for the reference only.
    const full = await desired(dir, { ...process.env, FLASH_NO_CACHE: '1' });
    const inc = await desired(dir, { ...process.env, FLASH_SHADOW_REPORT: report, FLASH_SHADOW_KEEP: '1' });
    expect(inc, `seed ${seed}, step ${step} (${what})`).toEqual(full);
    outcomes.push(readFileSync(report, 'utf8').trim().split('\n').pop() ?? '');
    if (process.env.INCSH_DEBUG)
      console.log(
        step,
        what,
        'error' in full ? full.error.slice(0, 80) : 'ok',
        readFileSync(report, 'utf8').trim().split('\n').slice(-2).join(' | '),
      );
  }
  return outcomes;
}

describe('incremental shadow', () => {
  it('equals a full rebuild over random edits (shadow_url)', async () => {
    const outcomes: string[] = [];
    for (const seed of (process.env.INCSH_SEEDS ?? '1,2,3,4').split(',').map(Number)) outcomes.push(...(await sequence(seed, 25, PG_URL)));
    // Most edits are applied incrementally; a broken schema or a first run rebuilds in full.
    expect(outcomes.filter((o) => o === 'incremental').length).toBeGreaterThan(outcomes.length / 2);
  }, 600_000);
});

describe('incremental shadow: errors, locks, PGlite', () => {
  const USERS = 'CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email text NOT NULL\n);\n';
  const POSTS =
    'CREATE TABLE posts (\n  id integer PRIMARY KEY,\n  author integer REFERENCES users (id)\n);\nCREATE VIEW post_authors AS SELECT p.id, u.email FROM posts p JOIN users u ON u.id = p.author;\n';

  async function outcomeOf(dir: string, report: string, env: NodeJS.ProcessEnv = {}): Promise<{ r: Outcome; how: string }> {
    const r = await desired(dir, { ...process.env, FLASH_SHADOW_REPORT: report, FLASH_SHADOW_KEEP: '1', ...env });
    return {
      r,
      how:
        readFileSync(report, 'utf8')
          .trim()
          .split('\n')
          .filter((l) => !l.startsWith('#'))
          .pop() ?? '',
    };
  }

  it('a failing statement in the edited file is the same E_SQL as a full build, and the kept state stays usable', async () => {
    const dir = project(PG_URL);
    const report = path.join(dir, 'report.txt');
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS);
    writeFileSync(path.join(dir, 'db/schema/posts.sql'), POSTS);
    expect((await outcomeOf(dir, report)).how).toBe('full');
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS.replace('email text NOT NULL', 'email text NOT NULL,\n  age intt'));
    const broken = await outcomeOf(dir, report);
    const reference = await desired(dir, { ...process.env, FLASH_NO_CACHE: '1' });
    expect(broken.r).toEqual(reference);
    // posts.sql sorts first and needs users: the full build's own first failure, reported alike.
    expect('error' in broken.r && broken.r.error).toMatch(/^E_SQL db\/schema\/posts\.sql:1: relation "users" does not exist/);
    // Fixed: incremental again (the failed attempt was rolled back), and equal to a full rebuild.
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS.replace('email text NOT NULL', 'email text NOT NULL,\n  age integer'));
    const fixed = await outcomeOf(dir, report);
    expect(fixed.how).toBe('incremental');
    expect(fixed.r).toEqual(await desired(dir, { ...process.env, FLASH_NO_CACHE: '1' }));
  }, 120_000);

  it('another process holding the kept shadow means a throwaway shadow with the same answer', async () => {
    const dir = project(PG_URL);
    const report = path.join(dir, 'report.txt');
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS);
    expect((await outcomeOf(dir, report)).how).toBe('full');
    const { lock } = await import('proper-lockfile');
    const release = await lock(path.join(dir, '.flash/local/shadow/state.json'), { realpath: false });
    try {
      writeFileSync(path.join(dir, 'db/schema/posts.sql'), POSTS);
      const locked = await outcomeOf(dir, report);
      expect(locked.how).toBe('locked');
      expect(locked.r).toEqual(await desired(dir, { ...process.env, FLASH_NO_CACHE: '1' }));
    } finally {
      await release();
    }
  }, 120_000);

  it('a statement Flash cannot attribute to one object (a function) keeps the throwaway shadow', async () => {
    const dir = project(PG_URL);
    const report = path.join(dir, 'report.txt');
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS + "\nCREATE FUNCTION one() RETURNS integer LANGUAGE sql AS 'SELECT 1';\n");
    const r = await outcomeOf(dir, report);
    expect(r.how).toBe('ineligible');
    expect(r.r).toEqual(await desired(dir, { ...process.env, FLASH_NO_CACHE: '1' }));
  }, 120_000);

  it('PGlite on disk under .flash/local/shadow: incremental after an edit, equal to a full rebuild', async () => {
    const dir = project();
    const report = path.join(dir, 'report.txt');
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS);
    writeFileSync(path.join(dir, 'db/schema/posts.sql'), POSTS);
    // From FLASH_PGLITE_DISK_TABLES tables (300; 0 here) the PGlite shadow is kept.
    const big = { FLASH_PGLITE_DISK_TABLES: '0' };
    expect((await outcomeOf(dir, report, big)).how).toBe('full');
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS.replace('email text NOT NULL', 'email text NOT NULL,\n  age integer'));
    const inc = await outcomeOf(dir, report, big);
    expect(inc.how).toBe('incremental');
    expect(inc.r).toEqual(await desired(dir, { ...process.env, FLASH_NO_CACHE: '1' }));
    expect(readdirSync(path.join(dir, '.flash/local/shadow')).some((n) => n.startsWith('pglite-'))).toBe(true);
    // A small schema keeps the fresh in-memory PGlite: booting a kept one from disk would not be faster.
    writeFileSync(path.join(dir, 'db/schema/users.sql'), USERS.replace('email text NOT NULL', 'email text NOT NULL,\n  name text'));
    expect((await outcomeOf(dir, report)).how).toBe('small');
  }, 180_000);
});
