import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import { createPglite, imagePath } from '../../src/dialects/postgres/pglite-image.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function cacheEnv(): NodeJS.ProcessEnv {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flash-pglite-image-'));
  dirs.push(dir);
  return { FLASH_CACHE_DIR: dir };
}

/** PGlite with its create() calls recorded, so a test can tell initdb from an image boot. */
function recording(): { cls: typeof PGlite; calls: Array<{ fromImage: boolean }> } {
  const calls: Array<{ fromImage: boolean }> = [];
  const cls = {
    create: (opts?: { loadDataDir?: Blob }) => {
      calls.push({ fromImage: Boolean(opts?.loadDataDir) });
      return opts ? PGlite.create(opts) : PGlite.create();
    },
  } as unknown as typeof PGlite;
  return { cls, calls };
}

async function works(db: PGlite): Promise<void> {
  await db.exec('CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL)');
  await db.query("INSERT INTO t VALUES (1, 'a')");
  expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(1);
  await db.close();
}

describe('PGlite initdb image', () => {
  it('the first shadow runs initdb and saves the image; the next boots from it into an empty, working database', async () => {
    const env = cacheEnv();
    const file = imagePath(env)!;
    expect(file).toMatch(/pglite-\d+\.\d+\.\d+-initdb\.tar$/);
    const { cls, calls } = recording();
    await works(await createPglite(cls, env));
    expect(existsSync(file)).toBe(true);
    await works(await createPglite(cls, env)); // the table from the first run must not be there
    expect(calls).toEqual([{ fromImage: false }, { fromImage: true }]);
  });

  it("an image of another PGlite version is removed when this version's image is written", async () => {
    const env = cacheEnv();
    const old = path.join(env.FLASH_CACHE_DIR!, 'pglite-0.0.1-initdb.tar');
    writeFileSync(old, 'old image');
    const other = path.join(env.FLASH_CACHE_DIR!, 'notes.txt');
    writeFileSync(other, 'not ours');
    await (await createPglite(recording().cls, env)).close();
    expect(existsSync(imagePath(env)!)).toBe(true);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(other)).toBe(true);
  });

  it('a corrupt image is deleted and replaced; the shadow still works', async () => {
    const env = cacheEnv();
    const file = imagePath(env)!;
    const { cls, calls } = recording();
    await (await createPglite(cls, env)).close();
    const good = statSync(file).size;
    writeFileSync(file, 'not a tarball');
    await works(await createPglite(cls, env));
    expect(calls.map((c) => c.fromImage)).toEqual([false, true, false]);
    expect(statSync(file).size).toBe(good);
  });

  it('an image path that exists but cannot be read is E_UNREADABLE, not a cache miss', async () => {
    const env = cacheEnv();
    mkdirSync(imagePath(env)!, { recursive: true });
    const { cls, calls } = recording();
    await expect(createPglite(cls, env)).rejects.toMatchObject({ code: 'E_UNREADABLE' });
    expect(calls).toEqual([]);
  });

  it('FLASH_NO_CACHE=1 writes nothing', async () => {
    const env = { ...cacheEnv(), FLASH_NO_CACHE: '1' };
    expect(imagePath(env)).toBeUndefined();
    const { cls, calls } = recording();
    await works(await createPglite(cls, env));
    expect(calls).toEqual([{ fromImage: false }]);
  });
});
