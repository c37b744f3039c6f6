import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import { isHash } from '../core/snapshot/hash.js';
import { SnapshotStore } from '../store/store.js';

export interface FsckProblem {
  kind: 'corrupt-object' | 'misplaced-object' | 'dangling-ref' | 'bad-ref' | 'stale-temp';
  path: string;
  message: string;
}

export interface FsckReport {
  objects: number;
  refs: number;
  problems: FsckProblem[];
}

/** Verify every object (content hashes to its name, parses) and every ref (points at an existing object). */
export async function fsckStore(storeDir: string): Promise<FsckReport> {
  const store = new SnapshotStore(storeDir);
  const problems: FsckProblem[] = [];
  const objectsDir = path.join(storeDir, 'objects');
  let objects = 0;
  const rel = (p: string) => path.relative(path.dirname(storeDir), p);
  const dirs = await fs.readdir(objectsDir).catch(() => [] as string[]);
  for (const dir of dirs.sort()) {
    const full = path.join(objectsDir, dir);
    if (dir === '.gitkeep') continue;
    if (!(await fs.stat(full)).isDirectory() || !/^[0-9a-f]{2}$/.test(dir)) {
      problems.push({ kind: 'misplaced-object', path: rel(full), message: 'not an object fan-out directory' });
      continue;
    }
    for (const file of (await fs.readdir(full)).sort()) {
      const filePath = path.join(full, file);
      if (file.startsWith('.tmp-')) {
        problems.push({ kind: 'stale-temp', path: rel(filePath), message: 'leftover temp file from an interrupted write (safe to delete)' });
        continue;
      }
      const id = dir + file;
      if (!isHash(id)) {
        problems.push({ kind: 'misplaced-object', path: rel(filePath), message: 'file name is not a sha256 object id' });
        continue;
      }
      objects++;
      try {
        await store.getSnapshot(id);
      } catch (err) {
        if (!(err instanceof FlashError)) throw err;
        problems.push({ kind: 'corrupt-object', path: rel(filePath), message: err.message });
      }
    }
  }
  const refs = await store.listRefs();
  for (const ref of refs) {
    const refFile = rel(store.refPath(ref.name));
    if (!isHash(ref.value)) problems.push({ kind: 'bad-ref', path: refFile, message: `ref "${ref.name}" does not hold a snapshot id` });
    else if (!(await store.has(ref.value))) problems.push({ kind: 'dangling-ref', path: refFile, message: `ref "${ref.name}" points at missing object ${ref.value.slice(0, 12)}` });
  }
  return { objects, refs: refs.length, problems };
}
