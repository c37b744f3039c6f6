import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import type { Schema } from '../core/model/schema.js';
import { sha256, snapshotOf, isHash, type Snapshot } from '../core/snapshot/hash.js';
import { atomicWrite, writeIfAbsent } from './atomic-write.js';
import { pathExists, readDirEntriesIfExists, readDirIfExists, readText, readTextIfExists } from './read-if-exists.js';

export const STORE_DIR = '.flash';

/** Whether `name` can name a ref under .flash/refs (no "..", no characters a path could misuse). */
export function isRefName(name: string): boolean {
  return /^[A-Za-z0-9._/-]+$/.test(name) && !name.split('/').includes('..');
}

/**
 * The content-addressed snapshot store: `.flash/objects/ab/cdef…` holds canonical schema JSON named by
 * its sha256; `.flash/refs/<name>` holds one hash. The store takes its directory (no globals), so
 * tests and tools can point it anywhere.
 */
export class SnapshotStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  static forProject(projectDir: string): SnapshotStore {
    return new SnapshotStore(path.join(projectDir, STORE_DIR));
  }

  objectPath(id: string): string {
    return path.join(this.root, 'objects', id.slice(0, 2), id.slice(2));
  }

  async init(): Promise<void> {
    await fs.mkdir(path.join(this.root, 'objects'), { recursive: true });
    await fs.mkdir(path.join(this.root, 'refs'), { recursive: true });
  }

  /** Store a schema; returns its snapshot id. Never rewrites an existing object. */
  async put(schema: Schema): Promise<string> {
    const snap = snapshotOf(schema);
    await writeIfAbsent(this.objectPath(snap.id), snap.content);
    return snap.id;
  }

  async has(id: string): Promise<boolean> {
    return pathExists(this.objectPath(id));
  }

  /** Read and verify an object: its content must hash to its name. */
  async getSnapshot(id: string): Promise<Snapshot> {
    if (!isHash(id)) throw new FlashError('E_STORE_MISSING', `"${id}" is not a snapshot id.`, 'Snapshot ids are 64 hex characters.');
    const content = await readTextIfExists(this.objectPath(id)).catch((err: unknown) => {
      // Objects are canonical JSON written by Flash: bytes that are not UTF-8 mean a damaged file.
      if (err instanceof FlashError && err.code === 'E_ENCODING')
        throw new FlashError(
          'E_STORE_CORRUPT',
          `Store object ${id} is corrupt: ${err.message}`,
          `Restore ${this.objectPath(id)} from git and run \`flash fsck\`.`,
          { data: { object: id } },
        );
      throw err;
    });
    if (content === undefined) {
      throw new FlashError(
        'E_STORE_MISSING',
        `Snapshot ${id.slice(0, 12)} is not in the store (${path.relative(process.cwd(), this.objectPath(id)) || this.objectPath(id)}).`,
        'Pull the branch that created it (objects under .flash/objects are committed), or run `flash fsck`.',
        { data: { object: id } },
      );
    }
    return parseObject(id, content, this.objectPath(id));
  }

  async get(id: string): Promise<Schema> {
    return (await this.getSnapshot(id)).schema;
  }

  async listObjects(): Promise<string[]> {
    const ids: string[] = [];
    const objects = path.join(this.root, 'objects');
    const dirs = (await readDirIfExists(objects)) ?? [];
    for (const dir of dirs.sort()) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const file of (await fs.readdir(path.join(objects, dir))).sort()) {
        if (!file.startsWith('.')) ids.push(dir + file);
      }
    }
    return ids;
  }

  refPath(name: string): string {
    if (!isRefName(name)) {
      throw new FlashError('E_USAGE', `Invalid ref name "${name}".`, 'Use letters, digits, ".", "_", "-" and "/".');
    }
    return path.join(this.root, 'refs', name);
  }

  async setRef(name: string, id: string): Promise<void> {
    await atomicWrite(this.refPath(name), id + '\n');
  }

  async getRef(name: string): Promise<string | undefined> {
    return (await readTextIfExists(this.refPath(name)))?.trim();
  }

  async deleteRef(name: string): Promise<void> {
    await fs.rm(this.refPath(name), { force: true });
  }

  async listRefs(): Promise<Array<{ name: string; value: string }>> {
    const base = path.join(this.root, 'refs');
    const out: Array<{ name: string; value: string }> = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = (await readDirEntriesIfExists(dir)) ?? [];
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else if (!e.name.startsWith('.'))
          out.push({ name: path.relative(base, full).split(path.sep).join('/'), value: (await readText(full)).trim() });
      }
    };
    await walk(base);
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }
}

function parseObject(id: string, content: string, file: string): Snapshot {
  const actual = sha256(content);
  if (actual !== id) {
    throw new FlashError(
      'E_STORE_CORRUPT',
      `Store object ${id} is corrupt: its content hashes to ${actual.slice(0, 12)}.`,
      `Restore ${file} from git (git checkout -- ${file}) and run \`flash fsck\`.`,
      { data: { object: id, actual } },
    );
  }
  let schema: Schema;
  try {
    schema = JSON.parse(content) as Schema;
  } catch {
    throw new FlashError('E_STORE_CORRUPT', `Store object ${id} is not valid JSON.`, `Restore ${file} from git and run \`flash fsck\`.`, {
      data: { object: id },
    });
  }
  return { id, content, schema };
}
