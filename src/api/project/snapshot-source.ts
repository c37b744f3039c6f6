import path from 'node:path';
import { FlashError } from '../../errors.js';
import { emptySchema, type Provider, type Schema } from '../../core/model/schema.js';
import { sha256, snapshotId } from '../../core/snapshot/hash.js';
import { parseLock, type LockEntry } from '../../core/plan/lock-file.js';
import type { SnapshotStore } from '../../store/store.js';
import type { GitRepo } from '../../git/repo.js';
import { readFileAtRef } from '../../git/read-at-ref.js';

/**
 * Snapshots by id from the work tree's store, falling back to the objects committed at the given git
 * refs (another branch's snapshots are not in this work tree until it is merged). Objects read from
 * git are verified like store reads and kept in memory only (writing them into the work tree would
 * make a later `git merge` refuse to overwrite untracked files).
 */
export class SnapshotSource {
  private readonly cache = new Map<string, Schema>();

  constructor(
    private readonly store: SnapshotStore,
    private readonly provider: Provider,
    private readonly repo?: GitRepo,
    private readonly refs: string[] = [],
  ) {
    this.cache.set(snapshotId(emptySchema(provider)), emptySchema(provider));
  }

  async load(id: string): Promise<Schema> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    let schema: Schema | undefined;
    if (await this.store.has(id)) schema = await this.store.get(id);
    else if (this.repo) {
      const rel = path.relative(this.repo.root, this.store.objectPath(id)).split(path.sep).join('/');
      for (const ref of this.refs) {
        const text = await readFileAtRef(this.repo, ref, rel);
        if (text === undefined) continue;
        if (sha256(text) !== id)
          throw new FlashError('E_STORE_CORRUPT', `Store object ${id} at ${ref} is corrupt.`, `Run \`flash fsck\` on ${ref}.`, {
            data: { object: id, ref },
          });
        schema = JSON.parse(text) as Schema;
        break;
      }
    }
    if (!schema) {
      throw new FlashError(
        'E_STORE_MISSING',
        `Snapshot ${id.slice(0, 12)} is neither in .flash/objects nor committed on ${this.refs.join(', ') || 'any ref'}.`,
        'Commit the .flash/objects directory on every branch (it is part of the history).',
        { data: { object: id } },
      );
    }
    this.cache.set(id, schema);
    return schema;
  }

  /** Sync lookup for pure code; every id must have been loaded first. */
  get(id: string): Schema {
    const s = this.cache.get(id);
    if (!s) throw new FlashError('E_INTERNAL', `snapshot ${id.slice(0, 12)} was not preloaded`);
    return s;
  }

  async loadAll(ids: Iterable<string>): Promise<void> {
    for (const id of ids) await this.load(id);
  }
}

/** The migration lock committed at `ref` (empty chain when the file does not exist there). */
export async function lockAtRef(repo: GitRepo, ref: string, lockRelPath: string): Promise<LockEntry[]> {
  const text = await readFileAtRef(repo, ref, lockRelPath);
  return text === undefined ? [] : parseLock(text, `${lockRelPath} at ${ref}`);
}
