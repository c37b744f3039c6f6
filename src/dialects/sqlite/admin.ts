import fs from 'node:fs';
import type Database from 'better-sqlite3';
import path from 'node:path';
import { FlashError } from '../../errors.js';
import type { DatabaseAdmin } from '../dialect.js';
import { openSqlite, sqlitePath } from './driver.js';

/**
 * SQLite databases are files. A "sibling database" is a file in the same directory; URLs in are any
 * form the driver accepts, paths out are plain file paths (absolute when the input was).
 */
export const sqliteAdmin: DatabaseAdmin = {
  urlFor(url: string, name: string): string {
    if (path.isAbsolute(name)) return name;
    const file = filePath(url);
    const ext = path.extname(name) ? '' : path.extname(file) || '.db';
    return path.join(path.dirname(file), name + ext);
  },

  databaseName(url: string): string {
    const file = filePath(url);
    return path.basename(file, path.extname(file));
  },

  async exists(url: string): Promise<boolean> {
    return fs.existsSync(filePath(url));
  },

  async create(url: string): Promise<void> {
    const file = filePath(url);
    if (fs.existsSync(file))
      throw new FlashError(
        'E_DB_EXISTS',
        `Database file ${file} already exists.`,
        'Pick another name or drop the existing database first.',
      );
    openSqlite(file).db.close();
  },

  /** Opening a SQLite file creates it; concurrent opens of a missing file are safe. */
  async createIfMissing(url: string): Promise<boolean> {
    const file = filePath(url);
    if (fs.existsSync(file)) return false;
    openSqlite(file).db.close();
    return true;
  },

  async drop(url: string): Promise<void> {
    const file = filePath(url);
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
  },

  /**
   * A file copy with `COPYFILE_FICLONE`: on a filesystem with reflinks (btrfs, XFS, APFS, ZFS) the
   * copy shares the blocks and costs the same at any size; elsewhere it is a plain kernel copy, still
   * cheaper than rebuilding the database. The copy is made inside a read transaction: its shared lock
   * keeps any writer from changing the file until the copy is done (a writer's uncommitted rows stay
   * out, and its commit waits), so the copy is one committed state. A database in WAL mode whose `-wal` file still
   * holds frames (committed rows not yet in the main file) is copied with `VACUUM INTO` instead,
   * which reads one consistent snapshot through SQLite.
   */
  async copy(source: string, target: string): Promise<void> {
    const from = filePath(source);
    const to = filePath(target);
    if (fs.existsSync(to))
      throw new FlashError(
        'E_DB_EXISTS',
        `Cannot copy to ${to}: the file already exists.`,
        'Drop the target database first or choose another name.',
      );
    if (!fs.existsSync(path.dirname(to)))
      throw new FlashError(
        'E_DB_CONNECT',
        `Cannot create ${to}: directory ${path.dirname(to)} does not exist.`,
        'Create the directory first.',
      );
    const conn = openSqlite(from, { readonly: true, mustExist: true });
    try {
      if (!copyFileHoldingWriters(conn.db, from, to)) conn.db.prepare('VACUUM INTO ?').run(to);
    } finally {
      conn.db.close();
    }
  },
};

/**
 * Copy the file inside a read transaction; false (nothing copied) when a WAL file holds frames: a
 * checkpoint may move those into the file while it is copied (with an empty WAL there is nothing to
 * move, and frames written later cannot be checkpointed past this reader).
 */
function copyFileHoldingWriters(db: Database.Database, from: string, to: string): boolean {
  db.exec('BEGIN');
  try {
    // The read takes the shared lock (and rolls back a hot journal left by a crashed writer first).
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    const wal = fs.statSync(`${from}-wal`, { throwIfNoEntry: false });
    if (db.pragma('journal_mode', { simple: true }) === 'wal' && wal && wal.size > 0) return false;
    fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL | fs.constants.COPYFILE_FICLONE);
    return true;
  } finally {
    db.exec('ROLLBACK');
  }
}

function filePath(url: string): string {
  const file = sqlitePath(url);
  if (file === ':memory:')
    throw new FlashError(
      'E_UNSUPPORTED',
      'An in-memory SQLite database cannot be created, copied or dropped.',
      'Point DATABASE_URL at a file, e.g. file:./dev.db.',
    );
  return file;
}
