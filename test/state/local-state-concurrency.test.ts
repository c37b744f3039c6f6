import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocalState, recordDatabaseSnapshot } from '../../src/api/project/local-state.js';
import { readBranches, updateBranches, newBranchesFile, writeBranches } from '../../src/api/project/branch-state.js';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';

const HASH = (i: number) => i.toString(16).padStart(64, '0');

/** One node process that records `count` database hashes through the real module (dist/). */
function recordInChild(dir: string, prefix: string, count: number): Promise<number> {
  const script = `
    const { recordDatabaseSnapshot } = await import(${JSON.stringify(path.join(REPO_ROOT, 'dist/src/api/project/local-state.js'))});
    for (let i = 0; i < ${count}; i++) await recordDatabaseSnapshot(${JSON.stringify(dir)}, '${prefix}' + i, String(i).padStart(64, '0'));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
}

describe('local state written by several writers at once (issue 12 item 18)', () => {
  it('keeps every update when one process records many databases concurrently', async () => {
    const dir = tempDir();
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordDatabaseSnapshot(dir, `postgres://h/db${i}`, HASH(i))));
    const state = await readLocalState(dir);
    expect(Object.keys(state.databases).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `postgres://h/db${i}`).sort());
  });

  it('keeps every update from two processes writing at the same time (two hooks)', async () => {
    const dir = tempDir();
    const codes = await Promise.all([recordInChild(dir, 'a', 15), recordInChild(dir, 'b', 15)]);
    expect(codes).toEqual([0, 0]);
    const state = JSON.parse(readFileSync(path.join(dir, '.flash/local/state.json'), 'utf8')) as { databases: Record<string, unknown> };
    expect(Object.keys(state.databases)).toHaveLength(30);
  });

  it('branches.json updates are atomic too: concurrent branch entries are all kept', async () => {
    const dir = tempDir();
    await writeBranches({ dir }, newBranchesFile('file:./dev.db', 'main'));
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        updateBranches({ dir }, (file) => {
          file!.branches[`b${i}`] = { url: `file:./b${i}.db`, createdAt: new Date().toISOString() };
        }),
      ),
    );
    expect(Object.keys((await readBranches({ dir }))!.branches).sort()).toEqual([
      'b0',
      'b1',
      'b2',
      'b3',
      'b4',
      'b5',
      'b6',
      'b7',
      'b8',
      'b9',
      'main',
    ]);
  });
});
