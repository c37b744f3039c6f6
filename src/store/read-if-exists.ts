import { promises as fs, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import { decodeUtf8 } from '../core/utf8.js';

/**
 * The one place that decides a file or directory "is not there". Only ENOENT means absent: a lock
 * file that is a directory, a schema folder that is a file, a permission error, an I/O error are
 * E_UNREADABLE. Treating them as "missing" once turned an unreadable db/schema into an empty
 * desired schema, that is a migration dropping every table.
 */
export async function readTextIfExists(file: string, options: { display?: string } = {}): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw unreadable(file, err, options.display);
  }
  return decodeUtf8(bytes, options.display ?? displayOf(file));
}

/** The file's bytes, or undefined when it does not exist (EISDIR, EACCES… are E_UNREADABLE). */
export async function readBytesIfExists(file: string): Promise<Buffer<ArrayBuffer> | undefined> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw unreadable(file, err);
  }
}

/** Like readTextIfExists, but the file must exist. */
export async function readText(file: string, options: { display?: string } = {}): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    throw unreadable(file, err, options.display);
  }
  return decodeUtf8(bytes, options.display ?? displayOf(file));
}

/** Entry names of `dir`, or undefined when it does not exist (ENOTDIR, EACCES… are E_UNREADABLE). */
export async function readDirIfExists(dir: string, options: { display?: string } = {}): Promise<string[] | undefined> {
  try {
    return await fs.readdir(dir);
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw unreadable(dir, err, options.display);
  }
}

/** Directory entries with their types, or undefined when `dir` does not exist. */
export async function readDirEntriesIfExists(dir: string): Promise<Dirent[] | undefined> {
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw unreadable(dir, err);
  }
}

/** The path's stat, or undefined when it does not exist (EACCES, ENOTDIR… are E_UNREADABLE). */
export async function statIfExists(file: string): Promise<Stats | undefined> {
  try {
    return await fs.stat(file);
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw unreadable(file, err);
  }
}

/** Whether `file` exists; a path that cannot be checked (EACCES on a parent, ENOTDIR…) is E_UNREADABLE. */
export async function pathExists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch (err) {
    if (isMissing(err)) return false;
    throw unreadable(file, err);
  }
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

function displayOf(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** The coded error for a path that exists but cannot be read (or `err` itself when it is no errno error). */
export function unreadable(file: string, err: unknown, display?: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (!code) return err instanceof Error ? err : new Error(String(err));
  const shown = display ?? displayOf(file);
  const why: Record<string, string> = {
    EISDIR: 'it is a directory, not a file',
    ENOTDIR: 'it (or a folder above it) is a file, not a directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ELOOP: 'too many symbolic links',
    EIO: 'I/O error',
  };
  return new FlashError(
    'E_UNREADABLE',
    `Cannot read ${shown}: ${why[code] ?? code}.`,
    `Fix ${shown} (type, permissions) and run the command again; Flash never treats an unreadable path as empty.`,
    {
      data: { path: shown, errno: code },
      cause: err,
    },
  );
}
