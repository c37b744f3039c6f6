import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import { isHash, snapshotId } from '../core/snapshot/hash.js';
import { emptySchema } from '../core/model/schema.js';
import { LOCK_FILE, parseLock } from '../core/plan/lock-file.js';
import { loadProjects, type Project } from '../config/load-config.js';
import { SnapshotStore, STORE_DIR } from '../store/store.js';
import { readDirIfExists, readTextIfExists } from '../store/read-if-exists.js';

export interface FsckProblem {
  kind: 'corrupt-object' | 'misplaced-object' | 'dangling-ref' | 'bad-ref' | 'stale-temp' | 'missing-object' | 'bad-lock';
  path: string;
  message: string;
}

export interface FsckReport {
  objects: number;
  refs: number;
  /** flash.lock lines whose snapshots were checked (0 when the project has no lock) */
  lockLines: number;
  problems: FsckProblem[];
}

/**
 * fsck of a project: every object present is verified (content hashes to its name, parses), and
 * every snapshot something points at is there: each ref, and each flash.lock line's `from` and `to`.
 * A store whose objects are all fine but lacks the one the lock ends at is not "ok".
 * Takes the directory, not a project: a store whose project config is missing is still checked.
 */
export async function fsckProject(dir: string): Promise<FsckReport> {
  const report = await fsckStore(path.join(dir, STORE_DIR));
  let projects: Project[];
  try {
    projects = await loadProjects(dir, { all: true });
  } catch (err) {
    // A bare store (no project config) is still checked; a broken config is the user's to see.
    if (err instanceof FlashError && err.code === 'E_NO_CONFIG') return report;
    throw err;
  }
  // A [[databases]] project: each database's own store (`.flash/databases/<name>`) and lock as well.
  for (const project of projects) {
    if (path.resolve(project.storeDir) !== path.resolve(dir, STORE_DIR)) {
      const own = await fsckStore(project.storeDir);
      report.objects += own.objects;
      report.refs += own.refs;
      report.problems.push(...own.problems);
    }
    await checkLock(dir, project, report);
  }
  return report;
}

/** Every snapshot the project's flash.lock names (each line's `from` and `to`) is in its store. */
async function checkLock(dir: string, project: Project, report: FsckReport): Promise<void> {
  const lockFile = path.join(project.migrationsDir, LOCK_FILE);
  const lockRel = path.relative(dir, lockFile);
  const text = await readTextIfExists(lockFile, { display: lockRel });
  if (text === undefined) return;
  let entries;
  try {
    entries = parseLock(text, lockRel);
  } catch (err) {
    if (!(err instanceof FlashError)) throw err;
    report.problems.push({ kind: 'bad-lock', path: lockRel, message: err.message });
    return;
  }
  report.lockLines += entries.length;
  const store = new SnapshotStore(project.storeDir);
  const emptyHash = snapshotId(emptySchema(project.config.database.provider));
  const reported = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    for (const [side, id] of [
      ['from', entry.from],
      ['to', entry.to],
    ] as const) {
      if (id === emptyHash || reported.has(id) || (await store.has(id))) continue;
      reported.add(id);
      report.problems.push({
        kind: 'missing-object',
        path: `${lockRel}:${i + 2}`,
        message: `${entry.name} needs snapshot ${id.slice(0, 12)} (its ${side}), which is not in the store (${path.relative(dir, store.objectPath(id))})`,
      });
    }
  }
}

/** Verify every object (content hashes to its name, parses) and every ref (points at an existing object). */
export async function fsckStore(storeDir: string): Promise<FsckReport> {
  const store = new SnapshotStore(storeDir);
  const problems: FsckProblem[] = [];
  const objectsDir = path.join(storeDir, 'objects');
  let objects = 0;
  const rel = (p: string) => path.relative(path.dirname(storeDir), p);
  const dirs = (await readDirIfExists(objectsDir)) ?? [];
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
        problems.push({
          kind: 'stale-temp',
          path: rel(filePath),
          message: 'leftover temp file from an interrupted write (safe to delete)',
        });
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
    else if (!(await store.has(ref.value)))
      problems.push({
        kind: 'dangling-ref',
        path: refFile,
        message: `ref "${ref.name}" points at missing object ${ref.value.slice(0, 12)}`,
      });
  }
  return { objects, refs: refs.length, lockLines: 0, problems };
}
