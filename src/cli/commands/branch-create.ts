import { createdBranchUrl } from '../../api/branch-urls.js';
import type { CliContext } from '../context.js';
import type { Project } from '../../config/load-config.js';
import { FlashError } from '../../errors.js';
import { findRepo } from '../../git/repo.js';
import { currentBranch } from '../../git/current-branch.js';
import { assertValidBranchName, branchExists } from '../../git/branches.js';
import { gitCheckout } from '../../git/checkout.js';
import { updateBranches } from '../../api/branch-state.js';
import { liveUrl, openProject } from '../../api/project-context.js';
import {
  branchUrl,
  copyDatabase,
  prepareDatabaseLocation,
  databaseExists,
  ensureBranchesFile,
  openableUrl,
  recordHash,
  recordedHash,
} from '../../api/branch-databases.js';
import { switchBranchDatabase } from '../../api/branch-switch.js';
import { createSchemaOnlyDatabase } from '../../api/branch-schema-only.js';
import { publishUrl } from '../../api/env-file.js';
import { redactUrl } from '../../core/redact.js';

/**
 * `flash branch <name>`: like `git checkout -b <name>`, plus a copy (data included) of the current
 * branch's database; with `--schema-only`, a database with the schema and no rows instead.
 */
export async function createBranchCommand(
  project: Project,
  name: string,
  ctx: CliContext,
  options: { schemaOnly?: boolean } = {},
): Promise<number> {
  const repo = await findRepo(project.dir);
  const from = await currentBranch(repo);
  if (!from)
    throw new FlashError(
      'E_USAGE',
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
  const pc = await openProject(project.dir);
  let file = await ensureBranchesFile(pc, from);
  if (!file.branches[from] || !(await databaseExists(pc, branchUrl(pc, file, from)))) {
    // The current branch was never switched to by Flash (no hooks): give it its database first.
    await switchBranchDatabase(project.dir, { branch: from, previousBranch: from, yes: false });
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
  await updateBranches(project.dir, (current) => {
    if (current)
      current.branches[name] = { url: createdBranchUrl(pc, current, name, target), copiedFrom: from, createdAt: new Date().toISOString() };
  });
  await publishUrl(project.dir, project.config.database.url_env, target, name);
  if (ctx.json)
    ctx.out(
      JSON.stringify({
        ok: true,
        branch: name,
        from,
        database: redactUrl(target),
        snapshot: hash ?? null,
        schemaOnly: options.schemaOnly === true,
      }),
    );
  else if (options.schemaOnly)
    ctx.out(`Switched to a new branch ${name}; database ${redactUrl(target)} (${from}'s schema, no rows: --schema-only).`);
  else ctx.out(`Switched to a new branch ${name}; database ${redactUrl(target)} (copy of ${from}'s, data included).`);
  return 0;
}
