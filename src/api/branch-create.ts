import { FlashError } from '../errors.js';
import { findRepo } from '../git/repo.js';
import { currentBranch } from '../git/current-branch.js';
import { assertValidBranchName, branchExists } from '../git/branches.js';
import { gitCheckout } from '../git/checkout.js';
import { redactUrl } from '../core/redact.js';
import { updateBranches } from './project/branch-state.js';
import { liveUrl, type ProjectContext } from './project/project-context.js';
import {
  branchUrl,
  copyDatabase,
  databaseExists,
  ensureBranchesFile,
  openableUrl,
  prepareDatabaseLocation,
  recordHash,
  recordedHash,
} from './project/branch-databases.js';
import { applyPending } from './apply.js';
import { createdBranchUrl } from './project/branch-urls.js';
import { switchBranchDatabase } from './branch-switch.js';
import { publishUrl } from './project/env-file.js';

export interface BranchCreateResult {
  branch: string;
  /** The branch that was checked out, whose database was copied. */
  from: string;
  /** Printable URL of the new branch's database (password hidden). */
  database: string;
  /** The snapshot the copy is recorded at (null when the source database had none recorded). */
  snapshot: string | null;
  /** The new database has the schema and no rows (`--schema-only`). */
  schemaOnly: boolean;
}

export interface BranchCreateOptions {
  /** a database with the branch's schema and no rows, instead of a copy with the data */
  schemaOnly?: boolean;
}

/** One database's part of a new branch (a `[[databases]]` project has one per entry). */
export interface BranchDatabaseCreated {
  /** the `[[databases]]` entry; undefined in a single-database project */
  name?: string;
  /** Printable URL of the new branch's database (password hidden). */
  database: string;
  snapshot: string | null;
}

/**
 * `flash branch <name>`: like `git checkout -b <name>`, plus a copy (data included) of the current
 * branch's database — with `schemaOnly`, a database with the schema and no rows instead. Given the
 * contexts of every database of a `[[databases]]` project, each gets its copy: all are checked first,
 * then copied; the git branch is created only once every copy exists, and a failure drops the copies
 * already made (naming any it could not drop).
 */
export async function createBranch(
  pcOrAll: ProjectContext | ProjectContext[],
  name: string,
  options: BranchCreateOptions = {},
): Promise<BranchCreateResult & { databases: BranchDatabaseCreated[] }> {
  const all = Array.isArray(pcOrAll) ? pcOrAll : [pcOrAll];
  const dir = all[0].project.dir;
  const repo = await findRepo(dir);
  const from = await currentBranch(repo);
  if (!from)
    throw new FlashError(
      'E_DETACHED_HEAD',
      'HEAD is detached: there is no current branch database to copy.',
      'Check out a branch first (`flash checkout <branch>`).',
    );
  await assertValidBranchName(repo, name);
  if (await branchExists(repo, name))
    throw new FlashError(
      'E_BRANCH_EXISTS',
      `A git branch named "${name}" already exists.`,
      `Switch to it with \`flash checkout ${name}\`.`,
    );
  const plans: Array<{ pc: ProjectContext; source: string; target: string }> = [];
  for (const pc of all) plans.push({ pc, ...(await planBranchDatabase(pc, from, name)) });
  const made: Array<{ pc: ProjectContext; target: string; hash: string | undefined }> = [];
  try {
    for (const { pc, source, target } of plans) {
      if (options.schemaOnly) {
        await prepareDatabaseLocation(pc, target);
        made.push({ pc, target, hash: await createSchemaOnlyDatabase(pc, target) });
      } else {
        await copyDatabase(pc, source, target);
        made.push({ pc, target, hash: await recordedHash(pc, source) });
      }
    }
    await gitCheckout(repo, name, { create: true, env: { FLASH_SKIP_HOOKS: '1' } });
  } catch (err) {
    throw await dropMade(made, err);
  }
  const databases: BranchDatabaseCreated[] = [];
  for (const { pc, target, hash } of made) {
    if (hash) await recordHash(pc, target, hash);
    await updateBranches(pc.project, (current) => {
      if (current)
        current.branches[name] = {
          url: createdBranchUrl(pc, current, name, target),
          copiedFrom: from,
          createdAt: new Date().toISOString(),
        };
    });
    await publishUrl(dir, pc.project.config.database.url_env, target, name);
    databases.push({
      ...(pc.project.database ? { name: pc.project.database.name } : {}),
      database: redactUrl(target),
      snapshot: hash ?? null,
    });
  }
  const first = databases[0];
  return { branch: name, from, database: first.database, snapshot: first.snapshot, schemaOnly: options.schemaOnly === true, databases };
}

/** Where the new branch's database goes, checked before anything is created: the source is the one the branch expects. */
async function planBranchDatabase(pc: ProjectContext, from: string, name: string): Promise<{ source: string; target: string }> {
  let file = await ensureBranchesFile(pc, from);
  if (!Object.hasOwn(file.branches, from) || !(await databaseExists(pc, branchUrl(pc, file, from)))) {
    // The current branch was never switched to by Flash (no hooks): give it its database first.
    await switchBranchDatabase(pc, { branch: from, previousBranch: from, yes: false });
    file = await ensureBranchesFile(pc, from);
  }
  // The copy is of the current branch's database, so it must be the one the branch expects.
  await liveUrl(pc);
  const source = branchUrl(pc, file, from);
  const target = branchUrl(pc, file, name);
  if (await databaseExists(pc, target)) {
    throw new FlashError(
      'E_BRANCH_EXISTS',
      `The database ${redactUrl(target)} for ${name} already exists (left over from an earlier branch?).`,
      'Drop it, or pick another branch name.',
    );
  }
  return { source, target };
}

/** Drop the copies a failed `flash branch` made; one that cannot be dropped is named in the hint, never left silently. */
async function dropMade(made: Array<{ pc: ProjectContext; target: string }>, err: unknown): Promise<unknown> {
  const left: string[] = [];
  for (const { pc, target } of made) {
    try {
      await pc.dialect.databases.drop(openableUrl(pc, target));
    } catch {
      left.push(redactUrl(target));
    }
  }
  if (!left.length || !(err instanceof FlashError)) return err;
  const note = `Flash could not drop the branch database${left.length > 1 ? 's' : ''} it had made (${left.join(', ')}): drop ${left.length > 1 ? 'them' : 'it'} by hand.`;
  return new FlashError(err.code, err.message, err.hint ? `${err.hint} ${note}` : note, {
    exitCode: err.exitCode,
    data: err.data,
    cause: err,
  });
}

/**
 * `flash branch <name> --schema-only`: the new branch's database gets the schema and none of the
 * source's rows — an empty database with every migration applied (only rows the migrations insert
 * themselves). Its cost follows the number of migrations, not the size of the dev database, which is
 * the way out when copying a large one is too slow. Returns the hash it is at. A failure drops it.
 */
async function createSchemaOnlyDatabase(pc: ProjectContext, target: string): Promise<string> {
  const to = openableUrl(pc, target);
  await pc.dialect.databases.create(to);
  try {
    return (await applyPending({ ...pc, databaseUrl: to })).snapshot;
  } catch (err) {
    throw await dropMade([{ pc, target }], err);
  }
}
