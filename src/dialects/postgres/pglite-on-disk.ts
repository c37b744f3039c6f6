import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FlashError } from '../../errors.js';

/**
 * PGlite keeps its data directory in Emscripten's in-memory FS, so a shadow's memory grows with the
 * schema: relation files of every table and index, the grown catalogs and the WAL (max_wal_size 1 GB
 * is never reached, so nothing is recycled), on top of ~400 MB for the boot (128 MB shared_buffers,
 * the image unpacked through a Blob). `flash migrate` on 3,000 tables peaked at 840–880 MB.
 * A large shadow therefore keeps its data directory in a temp dir on disk, unpacked straight from
 * the initdb image, with small shared_buffers and WAL. A small one stays in memory: that is the fast
 * path for the common case (bench/PROFILE.md, Goal 7, has the measurements behind the threshold).
 */
export const defaultOnDiskTables = 300;

/** Settings for an on-disk shadow, on top of PGlite's own start parameters. */
export const onDiskSettings = [
  // PGlite's 128 MB sit in the wasm heap and are touched as the catalogs grow; the pages are on disk.
  'shared_buffers=16MB',
  // WAL is recycled after a checkpoint at 32 MB instead of piling up to 1 GB in the temp dir.
  'max_wal_size=32MB',
  'min_wal_size=32MB',
];

/** How many `CREATE TABLE`s a shadow's SQL holds (each distinct script counted once). */
export function tablesCreatedBy(sql: readonly string[]): number {
  let n = 0;
  for (const text of new Set(sql))
    n += text.match(/\bcreate\s+(?:(?:global\s+|local\s+)?(?:temp|temporary|unlogged)\s+)?table\b/gi)?.length ?? 0;
  return n;
}

/**
 * Whether a shadow that will run `sql` goes on disk: from `FLASH_PGLITE_DISK_TABLES` tables
 * (default 300; 0 = always).
 */
export function onDisk(sql: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const set = env.FLASH_PGLITE_DISK_TABLES?.trim();
  if (set && !/^\d+$/.test(set))
    throw new FlashError(
      'E_USAGE',
      `FLASH_PGLITE_DISK_TABLES must be a number of tables, not "${set}".`,
      `Set it to a whole number (0 keeps every PGlite shadow on disk), or unset it for the default (${defaultOnDiskTables}).`,
    );
  return tablesCreatedBy(sql) >= (set ? Number(set) : defaultOnDiskTables);
}

/** A fresh, private temp dir for one shadow's data directory; removed even when the process is interrupted. */
export function makeDataDir(): Promise<string> {
  watchForInterrupts();
  // Synchronous, so no signal can be handled between the directory's creation and its registration.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flash-shadow-'));
  live.add(dir);
  return Promise.resolve(dir);
}

export async function removeDataDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  live.delete(dir);
}

/**
 * Data directories not removed yet. A Ctrl-C (or a kill) during `flash migrate` would otherwise leave
 * hundreds of MB in the temp dir: on SIGINT/SIGTERM/SIGHUP they are removed (synchronously: the
 * process is going away), then the signal is raised again so the process ends as it would have.
 */
const live = new Set<string>();
let watching = false;

function watchForInterrupts(): void {
  if (watching) return;
  watching = true;
  process.once('exit', removeLive);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      removeLive();
      process.off(signal, onSignal);
      // Another listener (e.g. a lock's cleanup) handles the signal; otherwise end as the signal would.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function removeLive(): void {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort while exiting: a directory that cannot be removed now stays, as it would have anyway
    }
    live.delete(dir);
  }
}
