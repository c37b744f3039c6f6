import { promises as fs, readdirSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SnapshotStore } from '../../src/store/store.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { fsckStore } from '../../src/api/fsck.js';
import { FlashError } from '../../src/errors.js';
import { randomSchema, rng } from '../helpers/random-schema.js';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';

async function newStore(): Promise<SnapshotStore> {
  const store = new SnapshotStore(path.join(tempDir(), '.flash'));
  await store.init();
  return store;
}

describe('snapshot store', () => {
  it('round-trips a schema under objects/ab/cdef… named by its sha256', async () => {
    const store = await newStore();
    const schema = randomSchema(rng(1));
    const id = await store.put(schema);
    expect(id).toBe(snapshotOf(schema).id);
    const file = store.objectPath(id);
    expect(path.basename(path.dirname(file))).toBe(id.slice(0, 2));
    expect(path.basename(file)).toBe(id.slice(2));
    expect(await store.get(id)).toEqual(snapshotOf(schema).schema);
    expect(await store.listObjects()).toEqual([id]);
  });

  it('never rewrites an existing object', async () => {
    const store = await newStore();
    const id = await store.put(randomSchema(rng(2)));
    const before = await fs.stat(store.objectPath(id));
    await store.put(randomSchema(rng(2)));
    const after = await fs.stat(store.objectPath(id));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it('detects a flipped byte with E_STORE_CORRUPT naming the object, and fsck reports it', async () => {
    const store = await newStore();
    const id = await store.put(randomSchema(rng(3)));
    const file = store.objectPath(id);
    const bytes = await fs.readFile(file);
    bytes[10] = bytes[10] ^ 0x01;
    await fs.chmod(file, 0o644);
    await fs.writeFile(file, bytes);
    const err = await store.get(id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlashError);
    expect((err as FlashError).code).toBe('E_STORE_CORRUPT');
    expect((err as FlashError).message).toContain(id);
    const report = await fsckStore(store.root);
    expect(report.problems.map((p) => p.kind)).toEqual(['corrupt-object']);
  });

  it('fsck reports dangling and malformed refs', async () => {
    const store = await newStore();
    const id = await store.put(randomSchema(rng(4)));
    await store.setRef('good', id);
    await store.setRef('dangling', 'f'.repeat(64));
    await fs.writeFile(store.refPath('junk'), 'not a hash\n');
    const report = await fsckStore(store.root);
    expect(report.refs).toBe(3);
    expect(report.problems.map((p) => p.kind).sort()).toEqual(['bad-ref', 'dangling-ref']);
  });

  it('20 concurrent writer processes of the same object leave exactly one valid object', async () => {
    const store = await newStore();
    const schema = randomSchema(rng(5));
    const schemaFile = path.join(path.dirname(store.root), 'schema.json');
    await fs.writeFile(schemaFile, JSON.stringify(schema));
    const script = `
      import { SnapshotStore } from ${JSON.stringify(path.join(REPO_ROOT, 'dist/src/store/store.js'))};
      import { readFileSync } from 'node:fs';
      const store = new SnapshotStore(process.argv[1]);
      const id = await store.put(JSON.parse(readFileSync(process.argv[2], 'utf8')));
      process.stdout.write(id);`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script, store.root, schemaFile]);
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`writer exited ${code}`))));
      });
    const ids = await Promise.all(Array.from({ length: 20 }, run));
    expect(new Set(ids).size).toBe(1);
    const dir = path.dirname(store.objectPath(ids[0]));
    expect(readdirSync(dir)).toEqual([path.basename(store.objectPath(ids[0]))]);
    expect((await store.getSnapshot(ids[0])).id).toBe(snapshotOf(schema).id);
  });

  it('a crash between temp write and rename leaves no visible half object', async () => {
    const store = await newStore();
    const snap = snapshotOf(randomSchema(rng(6)));
    const dir = path.dirname(store.objectPath(snap.id));
    await fs.mkdir(dir, { recursive: true });
    // What an interrupted writer leaves behind: a partial temp file, never the object name.
    await fs.writeFile(path.join(dir, `.tmp-${path.basename(store.objectPath(snap.id))}-999-abc`), snap.content.slice(0, 20));
    expect(await store.has(snap.id)).toBe(false);
    expect(await store.listObjects()).toEqual([]);
    const report = await fsckStore(store.root);
    expect(report.problems.map((p) => p.kind)).toEqual(['stale-temp']);
    // and the next writer still publishes the full object
    expect(await store.put(snap.schema)).toBe(snap.id);
    expect((await store.getSnapshot(snap.id)).content).toBe(snap.content);
  });
});
