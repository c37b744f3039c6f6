import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import { mergeHistories, snapshotsForHistoryMerge } from '../core/merge/merge-history.js';
import { describeConflict } from '../core/merge/merge-conflict.js';
import { parseLock, serializeLock } from '../core/plan/lock-file.js';
import { CONFIG_FILE, TOML_CONFIG_FILE } from '../config/config.js';
import { findRepo } from '../git/repo.js';
import { pathExists } from '../store/read-if-exists.js';
import { openProjects, type ProjectContext } from './project/project-context.js';
import { emptyHashOf } from './project/chain.js';
import { SnapshotSource } from './project/snapshot-source.js';

export interface LockMergeOutcome {
  ok: boolean;
  messages: string[];
}

/**
 * git merge driver for `flash.lock` (`merge.flash.driver = flash merge-lock %O %A %B %P`): merges the
 * three locks semantically (ours' migrations, then theirs' re-chained) and writes the result to
 * %A. A real schema conflict leaves %A as ours and fails, so git reports the file as conflicted.
 * Opens the project itself: its entry is git's invocation, which names files, not a project.
 */
export async function mergeLockFiles(
  files: { base: string; ours: string; theirs: string; pathInRepo: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<LockMergeOutcome> {
  const repo = await findRepo(process.cwd());
  const pc = await openProjectOf(repo.root, path.join(repo.root, files.pathInRepo), 'migrationsDir', env);
  const read = async (f: string) => {
    const text = await fs.readFile(f, 'utf8');
    return text.trim() ? parseLock(text, files.pathInRepo) : [];
  };
  const [base, ours, theirs] = [await read(files.base), await read(files.ours), await read(files.theirs)];
  // git names the commit being merged in GITHEAD_<sha>; MERGE_HEAD is not written yet while drivers run.
  const theirsCommits = Object.keys(env)
    .filter((k) => /^GITHEAD_[0-9a-f]{40}$/.test(k))
    .map((k) => k.slice('GITHEAD_'.length));
  const source = new SnapshotSource(pc.store, pc.provider, repo, ['HEAD', ...theirsCommits]);
  const emptyHash = emptyHashOf(pc);
  await source.loadAll(snapshotsForHistoryMerge({ base, ours, theirs, emptyHash }));
  const result = mergeHistories({ base, ours, theirs, schemaOf: (id) => source.get(id), emptyHash }, pc.dialect.traits);
  if (!result.ok) {
    return {
      ok: false,
      messages: [
        `flash: schema conflict merging ${files.pathInRepo}${result.migration ? ` (at ${result.migration})` : ''}:`,
        ...result.conflicts.map((c) => `  ${describeConflict(c)}`),
        'flash: abort with `git merge --abort` and run `flash merge <branch>` to resolve it.',
      ],
    };
  }
  for (const s of result.snapshots) await pc.store.put(s);
  await fs.writeFile(files.ours, serializeLock(result.entries));
  return { ok: true, messages: result.repointed.map((r) => `flash: re-chained ${r.name} after the merged migrations`) };
}

/**
 * The project (in a `[[databases]]` project: the database) that owns `file`, the merged file git names:
 * the one whose `dir` (migrations or schema folder) holds it.
 */
export async function openProjectOf(
  root: string,
  file: string,
  dir: 'migrationsDir' | 'schemaDir',
  env: NodeJS.ProcessEnv,
): Promise<ProjectContext> {
  const projectDir = await findProjectDir(root, path.dirname(file));
  const all = await openProjects(projectDir, env);
  if (all.length === 1) return all[0];
  const owner = all.find((pc) => !path.relative(pc.project[dir], file).startsWith('..'));
  if (!owner)
    throw new FlashError(
      'E_NO_CONFIG',
      `${path.relative(root, file)} belongs to none of the databases in ${path.relative(root, projectDir) || '.'}.`,
      'The flash merge drivers merge the files of a configured database only.',
    );
  return owner;
}

export async function findProjectDir(root: string, start: string): Promise<string> {
  for (let dir = start; ; dir = path.dirname(dir)) {
    for (const f of [CONFIG_FILE, TOML_CONFIG_FILE]) {
      // Only ENOENT is "no config here": an unreadable one is an error, not a reason to look further up.
      if (await pathExists(path.join(dir, f))) return dir;
    }
    if (dir === root || dir === path.dirname(dir)) break;
  }
  throw new FlashError(
    'E_NO_CONFIG',
    `No ${CONFIG_FILE} above the merged lock file.`,
    'The flash merge driver runs in Flash projects only.',
  );
}
