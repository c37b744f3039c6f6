import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsckStore } from '../../src/api/fsck.js';
import { SnapshotStore } from '../../src/store/store.js';
import { snapshotOf, snapshotId } from '../../src/core/snapshot/hash.js';
import { parseLock, verifyChain } from '../../src/core/plan/lock-file.js';
import { emptySchema } from '../../src/core/model/schema.js';
import { REPO_ROOT, runFlash, tempDir } from '../helpers/cli.js';

// examples/blog is committed with its store: a format-stability fixture. Objects written by earlier
// versions must keep verifying, loading, and canonicalizing to the same bytes.
const EXAMPLE = path.join(REPO_ROOT, 'examples/blog');

describe('examples/blog committed store', () => {
  it('fsck finds no problem and every object re-canonicalizes to its exact bytes', async () => {
    const report = await fsckStore(path.join(EXAMPLE, '.flash'));
    expect(report.problems).toEqual([]);
    expect(report.objects).toBeGreaterThanOrEqual(2);
    const store = new SnapshotStore(path.join(EXAMPLE, '.flash'));
    for (const id of await store.listObjects()) {
      const snap = await store.getSnapshot(id);
      expect(snapshotOf(snap.schema).content, id).toBe(snap.content);
    }
  });

  it('the committed chain is intact and ends at a stored snapshot', async () => {
    const lock = parseLock(readFileSync(path.join(EXAMPLE, 'db/migrations/flash.lock'), 'utf8'));
    expect(lock.length).toBeGreaterThanOrEqual(2);
    expect(verifyChain(lock, snapshotId(emptySchema('sqlite')))).toEqual([]);
    expect(await new SnapshotStore(path.join(EXAMPLE, '.flash')).has(lock.at(-1)!.to)).toBe(true);
  });

  it("today's introspection of its db/schema gives the committed snapshot (flash migrate: no changes)", async () => {
    const dir = path.join(tempDir('flash-example-'), 'blog');
    cpSync(EXAMPLE, dir, { recursive: true });
    const res = await runFlash(['migrate', 'nothing'], { cwd: dir, env: { DATABASE_URL: 'file:./dev.db' } });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/No changes/);
  });
});
