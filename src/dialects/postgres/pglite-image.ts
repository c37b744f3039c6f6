import { promises as fs, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { atomicWrite } from '../../store/atomic-write.js';
import { readBytesIfExists, unreadable } from '../../store/read-if-exists.js';
import { CorruptImageError, unpackImage } from './pglite-unpack.js';

type PGliteClass = typeof import('@electric-sql/pglite').PGlite;
type PGliteInstance = import('@electric-sql/pglite').PGlite;
type PGliteExtensions = NonNullable<import('@electric-sql/pglite').PGliteOptions['extensions']>;

/**
 * A fresh PGlite runs initdb in memory, which is most of a shadow's cost (1–2 s idle, far more under
 * load). The data directory right after initdb is the same every time for a given PGlite version, so
 * it is saved once as a tarball in the user's cache and later shadows boot from it (~0.4 s).
 * Location: $FLASH_CACHE_DIR, else $XDG_CACHE_HOME/flash, else ~/.cache/flash; FLASH_NO_CACHE=1 skips it.
 * A tarball that fails to boot is deleted and the shadow falls back to initdb; one that exists but
 * cannot be read (a directory, permissions) is E_UNREADABLE: only a missing image means "no cache".
 *
 * `onDisk`: the data directory lives in that (empty) directory instead of Emscripten's in-memory FS,
 * with `startParams` (see pglite-on-disk.ts); the image is unpacked straight into it.
 */
export async function createPglite(
  PGlite: PGliteClass,
  env: NodeJS.ProcessEnv = process.env,
  extensions: PGliteExtensions = {},
  onDisk?: { dataDir: string; startParams: string[] },
): Promise<PGliteInstance> {
  const file = imagePath(env);
  const fresh = () => PGlite.create(onDisk ? { dataDir: onDisk.dataDir, startParams: onDisk.startParams, extensions } : { extensions });
  if (!file) return fresh();
  const booted = await (onDisk ? bootOnDisk(PGlite, file, extensions, onDisk) : bootInMemory(PGlite, file, extensions));
  if (booted) return booted;
  const db = await fresh();
  try {
    const dump = await db.dumpDataDir('none');
    await atomicWrite(file, new Uint8Array(await dump.arrayBuffer()));
    await removeOtherVersions(file);
  } catch {
    /* no cache (read-only home, full disk): the next shadow runs initdb again */
  }
  return db;
}

/** Boot from the image in memory; undefined when there is none or it failed to boot (then deleted). */
async function bootInMemory(PGlite: PGliteClass, file: string, extensions: PGliteExtensions): Promise<PGliteInstance | undefined> {
  const image = await readBytesIfExists(file);
  if (!image) return undefined;
  try {
    return await PGlite.create({ loadDataDir: new Blob([image]), extensions });
  } catch {
    await fs.rm(file, { force: true });
    return undefined;
  }
}

/**
 * Unpack the image into the data directory and boot from it there; undefined when there is none, or it
 * is corrupt or failed to boot (then deleted, and the directory emptied for initdb).
 */
async function bootOnDisk(
  PGlite: PGliteClass,
  file: string,
  extensions: PGliteExtensions,
  onDisk: { dataDir: string; startParams: string[] },
): Promise<PGliteInstance | undefined> {
  try {
    await unpackImage(file, onDisk.dataDir);
  } catch (err) {
    // No image yet: initdb, as in memory. One that exists but cannot be opened is E_UNREADABLE, as in
    // memory; a full disk under dataDir is passed on.
    if ((err as NodeJS.ErrnoException).path === file) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw unreadable(file, err);
    }
    if (!(err instanceof CorruptImageError)) throw err;
    await discard(file, onDisk.dataDir);
    return undefined;
  }
  try {
    return await PGlite.create({ dataDir: onDisk.dataDir, startParams: onDisk.startParams, extensions });
  } catch {
    await discard(file, onDisk.dataDir);
    return undefined;
  }
}

async function discard(file: string, dataDir: string): Promise<void> {
  await fs.rm(file, { force: true });
  for (const name of await fs.readdir(dataDir)) await fs.rm(path.join(dataDir, name), { recursive: true, force: true });
}

/** An image is ~40 MB: once a new PGlite version has its own, the older ones are dead weight. */
async function removeOtherVersions(keep: string): Promise<void> {
  const dir = path.dirname(keep);
  for (const name of await fs.readdir(dir)) {
    if (/^pglite-.+-initdb\.tar$/.test(name) && name !== path.basename(keep)) await fs.rm(path.join(dir, name), { force: true });
  }
}

export function imagePath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.FLASH_NO_CACHE === '1' || env.FLASH_NO_CACHE === 'true') return undefined;
  const base =
    env.FLASH_CACHE_DIR || (env.XDG_CACHE_HOME ? path.join(env.XDG_CACHE_HOME, 'flash') : path.join(os.homedir(), '.cache', 'flash'));
  const v = pgliteVersion();
  // An image from another PGlite version must never be booted: without a version, no cache.
  return v ? path.join(base, `pglite-${v}-initdb.tar`) : undefined;
}

let version: string | undefined;

/** The installed @electric-sql/pglite version, or undefined when it cannot be read. */
export function pgliteVersion(): string | undefined {
  if (version) return version;
  try {
    // The package's exports hide package.json; walk up from its entry point instead.
    let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    for (let i = 0; i < 5 && !version; i++, dir = path.dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === '@electric-sql/pglite') version = pkg.version;
      } catch {
        /* not here */
      }
    }
  } catch {
    /* unresolvable: fall through */
  }
  return version;
}
