import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pull } from '../../src/api/pull.js';
import { openProject } from '../../src/api/project/project-context.js';
import { isFlashError } from '../../src/errors.js';
import { postgresEngine, sqliteEngine } from './lifecycle-engines.js';
import { expectOk, newEngineProject } from '../helpers/engine-project.js';

const USERS = 'CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(200) NOT NULL, nickname VARCHAR(40))';

// Issue 11 item 6: `flash pull` verifies by default — the files it would write are applied to a shadow
// and compared with the live database before anything is written; `--no-verify` skips it.
describe.each([sqliteEngine, postgresEngine])('flash pull verifies by default on $provider', (engine) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups) await c().catch(() => {});
  });

  it('says the written files were verified, and --no-verify says they were not', async () => {
    const p = await newEngineProject(engine, cleanups);
    await p.sql(USERS);
    const pulled = await p.flash('pull');
    expectOk(pulled);
    expect(pulled.stdout).toContain('verified: db/schema reproduces the database exactly');
    await p.sql('CREATE TABLE tags (id INTEGER NOT NULL PRIMARY KEY)');
    const fast = await p.flash('pull', '--no-verify');
    expectOk(fast);
    expect(fast.stdout).toContain('not verified (--no-verify)');
    expect(p.read('db/schema/schema.sql')).toMatch(/tags/);
    const migrate = await p.flash('migrate', 'after');
    expectOk(migrate);
    expect(migrate.stdout).toContain('No changes');
  });

  it('refuses files that would not rebuild the database, naming the object, and writes nothing', async () => {
    const p = await newEngineProject(engine, cleanups);
    await p.sql(USERS);
    const pc = await openProject(p.dir, { ...process.env, DATABASE_URL: p.url });
    // A renderer that loses a column stands for any gap in what Flash renders: the check must catch it.
    const dialect = pc.dialect;
    const lossy = Object.create(dialect) as typeof dialect;
    lossy.renderSchema = (schema) => dropColumnLine(dialect.renderSchema(schema), 'nickname');
    const lossyPc = { ...pc, dialect: lossy };
    const before = tree(p.dir);

    const failure = await pull(lossyPc, { now: new Date('2026-12-02T00:00:00Z') }).catch((err: unknown) => err);
    expect(isFlashError(failure) && failure.code).toBe('E_PULL_VERIFY');
    expect((failure as Error).message).toContain('users.nickname');
    expect(tree(p.dir)).toEqual(before);

    // --no-verify writes what the renderer gave (the next migrate would show the difference)
    const unverified = await pull(lossyPc, { verify: false, now: new Date('2026-12-02T00:00:00Z') });
    expect(unverified.verified).toBeUndefined();
    expect(p.read('db/schema/schema.sql')).not.toMatch(/nickname/);
  });
});

/** The rendered DDL without the line declaring `column` (and without the comma it leaves dangling). */
function dropColumnLine(sql: string, column: string): string {
  const lines = sql.split('\n');
  const at = lines.findIndex((l) => new RegExp(`^\\s*["\`]?${column}["\`]?\\s`, 'i').test(l));
  if (at < 0) throw new Error(`no line declares ${column} in:\n${sql}`);
  if (!lines[at].trimEnd().endsWith(',')) lines[at - 1] = lines[at - 1].replace(/,\s*$/, '');
  lines.splice(at, 1);
  return lines.join('\n');
}

/** db/ and .flash/objects as file → content: what a refused pull must leave exactly as it was. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const top of ['db', '.flash/objects']) {
    for (const entry of readdirSync(path.join(dir, top), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      out[path.relative(dir, file)] = readFileSync(file, 'utf8');
    }
  }
  return out;
}
