import fs from 'node:fs';
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
      throw new FlashError('E_USAGE', `Database file ${file} already exists.`, 'Pick another name or drop the existing database first.');
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

  /** `VACUUM INTO` reads one consistent snapshot of the source, even while another connection writes. */
  async copy(source: string, target: string): Promise<void> {
    const from = filePath(source);
    const to = filePath(target);
    if (fs.existsSync(to))
      throw new FlashError(
        'E_USAGE',
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
      conn.db.prepare('VACUUM INTO ?').run(to);
    } finally {
      conn.db.close();
    }
  },
};

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
