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

/**
 * `flash branch <name>`: like `git checkout -b <name>`, plus a copy (data included) of the current
 * branch's database — with `schemaOnly`, a database with the schema and no rows instead. The git
 * branch is created only once the database exists; it is dropped again if git refuses.
 */
export async function createBranch(pc: ProjectContext, name: string, options: BranchCreateOptions = {}): Promise<BranchCreateResult> {
  const dir = pc.project.dir;
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
  let hash: string | undefined;
  if (options.schemaOnly) {
    await prepareDatabaseLocation(pc, target);
    hash = await createSchemaOnlyDatabase(pc, target);
  } else {
    await copyDatabase(pc, source, target);
    hash = await recordedHash(pc, source);
  }
  try {
    await gitCheckout(repo, name, { create: true, env: { FLASH_SKIP_HOOKS: '1' } });
  } catch (err) {
    await pc.dialect.databases.drop(openableUrl(pc, target)).catch(() => undefined);
    throw err;
  }
  if (hash) await recordHash(pc, target, hash);
  await updateBranches(dir, (current) => {
    if (current)
      current.branches[name] = { url: createdBranchUrl(pc, current, name, target), copiedFrom: from, createdAt: new Date().toISOString() };
  });
  await publishUrl(dir, pc.project.config.database.url_env, target, name);
  return { branch: name, from, database: redactUrl(target), snapshot: hash ?? null, schemaOnly: options.schemaOnly === true };
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
    await pc.dialect.databases.drop(to).catch(() => undefined);
    throw err;
  }
}
