import type { CliContext } from '../context.js';
import type { Project } from '../../config/load-config.js';
import { FlashError } from '../../errors.js';
import { findRepo } from '../../git/repo.js';
import { currentBranch } from '../../git/current-branch.js';
import { readBranches, updateBranches } from '../../api/branch-state.js';
import { forgetDatabase } from '../../api/local-state.js';
import { openProject } from '../../api/project-context.js';
import { databaseExists, openableUrl } from '../../api/branch-databases.js';
import { redactUrl } from '../../core/redact.js';
import { askYesNo } from '../ask-yes-no.js';

/** Drop a branch's dev database (never the checked-out branch's); the git branch is left alone. */
export async function deleteBranchCommand(project: Project, name: string, ctx: CliContext): Promise<number> {
  const repo = await findRepo(project.dir);
  if ((await currentBranch(repo)) === name) {
    throw new FlashError(
      'E_USAGE',
      `${name} is checked out; Flash will not drop the database you are using.`,
      'Check out another branch first (`flash checkout <branch>`).',
    );
  }
  const file = await readBranches(project.dir);
  const entry = file?.branches[name];
  if (!file || !entry) throw new FlashError('E_UNKNOWN_BRANCH', `Branch ${name} has no Flash database.`, 'See `flash branch list`.');
  const shown = redactUrl(entry.url);
  if (!ctx.yes) {
    if (!ctx.interactive)
      throw new FlashError(
        'E_NEEDS_YES',
        `Dropping ${shown} (branch ${name}) deletes its data; refusing without confirmation.`,
        `Run \`flash branch delete ${name} --yes\`.`,
      );
    if (!(await askYesNo(`Drop database ${shown} of branch ${name}, with its data?`))) {
      ctx.out('Nothing dropped.');
      return 1;
    }
  }
  const pc = await openProject(project.dir);
  const existed = await databaseExists(pc, entry.url);
  if (existed) await pc.dialect.databases.drop(openableUrl(pc, entry.url));
  await forgetDatabase(project.dir, openableUrl(pc, entry.url));
  await updateBranches(project.dir, (current) => {
    if (current) delete current.branches[name];
  });
  if (ctx.json) ctx.out(JSON.stringify({ ok: true, branch: name, database: shown, dropped: existed }));
  else ctx.out(existed ? `Dropped ${shown} (branch ${name}).` : `Forgot branch ${name}; its database ${shown} did not exist.`);
  return 0;
}
