import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepo } from '../../src/git/repo.js';
import { currentBranch } from '../../src/git/current-branch.js';
import { readFileAtRef } from '../../src/git/read-at-ref.js';
import { hooksDir } from '../../src/git/hooks-dir.js';
import { listBranches, mergeBase, previousBranch } from '../../src/git/branches.js';
import { tempDir } from '../helpers/cli.js';
import { gitOk } from './git-fixture.js';

async function repoWithHistory(): Promise<string> {
  const dir = tempDir('flash-gitlayer-');
  await gitOk(dir, ['init', '-q', '-b', 'main']);
  mkdirSync(path.join(dir, 'db'));
  writeFileSync(path.join(dir, 'db', 'flash.lock'), 'v1\n');
  await gitOk(dir, ['add', '-A']);
  await gitOk(dir, ['commit', '-q', '-m', 'one']);
  await gitOk(dir, ['checkout', '-q', '-b', 'feature']);
  writeFileSync(path.join(dir, 'db', 'flash.lock'), 'v2\n');
  await gitOk(dir, ['commit', '-q', '-am', 'two']);
  return dir;
}

describe('git layer', () => {
  it('finds the repo from a subdirectory and refuses outside one (E_NOT_GIT)', async () => {
    const dir = await repoWithHistory();
    const repo = await findRepo(path.join(dir, 'db'));
    expect(repo.root).toBe(dir);
    expect(await currentBranch(repo)).toBe('feature');
    expect(await previousBranch(repo)).toBe('main');
    expect((await listBranches(repo)).sort()).toEqual(['feature', 'main']);
    const outside = tempDir('flash-nogit-');
    await expect(findRepo(outside)).rejects.toMatchObject({ code: 'E_NOT_GIT' });
  });

  it('reads a file at any branch from loose and packed objects, and knows the merge base', async () => {
    const dir = await repoWithHistory();
    const repo = await findRepo(dir);
    expect(await readFileAtRef(repo, 'refs/heads/main', 'db/flash.lock')).toBe('v1\n');
    expect(await readFileAtRef(repo, 'refs/heads/feature', 'db/flash.lock')).toBe('v2\n');
    expect(await readFileAtRef(repo, 'refs/heads/main', 'db/missing')).toBeUndefined();
    await gitOk(dir, ['gc', '-q', '--aggressive']);
    await gitOk(dir, ['pack-refs', '--all']);
    expect(await readFileAtRef(repo, 'refs/heads/main', 'db/flash.lock')).toBe('v1\n');
    const mainSha = (await gitOk(dir, ['rev-parse', 'main'])).trim();
    expect(await mergeBase(repo, 'main', 'feature')).toBe(mainSha);
  });

  it('handles linked worktrees and detached HEAD', async () => {
    const dir = await repoWithHistory();
    const wt = path.join(path.dirname(dir), path.basename(dir) + '-wt');
    await gitOk(dir, ['worktree', 'add', '-q', '-b', 'side', wt, 'main']);
    const repo = await findRepo(wt);
    expect(repo.root).toBe(wt);
    expect(repo.gitDir).not.toBe(repo.commonDir);
    expect(await currentBranch(repo)).toBe('side');
    expect(await readFileAtRef(repo, 'refs/heads/feature', 'db/flash.lock')).toBe('v2\n');
    await gitOk(wt, ['checkout', '-q', '--detach']);
    expect(await currentBranch(repo)).toBeUndefined();
  });

  it('resolves the hooks directory: default, or core.hooksPath relative to the root', async () => {
    const dir = await repoWithHistory();
    const repo = await findRepo(dir);
    expect(await hooksDir(repo)).toBe(path.join(dir, '.git', 'hooks'));
    await gitOk(dir, ['config', 'core.hooksPath', '.husky/_']);
    expect(await hooksDir(repo)).toBe(path.join(dir, '.husky', '_'));
  });
});
