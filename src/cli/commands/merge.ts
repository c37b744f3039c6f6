import { ExitCode } from '../../errors.js';
import { mergeBranch } from '../../api/merge.js';
import { openProject } from '../../api/project/project-context.js';
import type { CommandHandler } from '../context.js';

const merge: CommandHandler = async (args, options, ctx) => {
  const branch = args[0];
  const report = await mergeBranch(await openProject(ctx.cwd), branch, { commit: options.commit !== false });
  const exit = report.status === 'conflicts' ? ExitCode.conflict : report.status === 'text-conflicts' ? ExitCode.user : ExitCode.ok;
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: exit === 0, exitCode: exit, ...report }, null, 2));
    return exit;
  }
  switch (report.status) {
    case 'up-to-date':
      ctx.out(`Already up to date with ${branch}.`);
      break;
    case 'conflicts': {
      ctx.err(`Schema conflicts merging ${branch} (${report.conflicts.length}):`);
      const firstHistory = report.conflicts.find((c) => c.path.startsWith('history:'));
      for (const c of report.conflicts) {
        ctx.err(`  [${c.code}] ${c.path}: ${c.message}`);
        if (c === firstHistory) {
          ctx.err(
            `      resolve: flash resolve ${c.path} --theirs  (replaces theirs' migrations by one regenerated from ours' head; settles every history conflict)`,
          );
        } else if (firstHistory && c.path.startsWith('history:')) {
          ctx.err(`      resolve: settled together with ${firstHistory.path}`);
        } else {
          ctx.err(`      resolve: ${c.resolutions.map((r) => `flash resolve ${c.path} --${r}`).join('  |  ')}`);
        }
      }
      ctx.err('The work tree is as git left it; details in .flash/MERGE_CONFLICTS.json. Abort with `git merge --abort`.');
      if (ctx.interactive && !options.noInteractive) {
        const { runConflictTui } = await import('./resolve-tui.js');
        return runConflictTui(ctx);
      }
      break;
    }
    default: {
      ctx.out(
        `Merged ${branch}: ours ${report.ours.length} migration(s) then theirs ${report.theirs.length}; schema ${report.mergedHash?.slice(0, 12)}.`,
      );
      for (const r of report.repointed) ctx.out(`  re-chained ${r.name}: ${r.from.slice(0, 12)} → ${r.to.slice(0, 12)}`);
      for (const c of report.convergent)
        ctx.out(
          `  ${c.name}: the same change as ${c.satisfiedBy}; \`flash apply\` records it as satisfied where ${c.satisfiedBy} is applied`,
        );
      if (report.overlap) {
        ctx.out(`  both branches changed ${report.overlap.shared.join(', ')} alike, in migrations that overlap only partly:`);
        ctx.out("  each side's migrations are recorded as satisfied where the other's ran, and regenerated remainders finish each head:");
        for (const r of report.overlap.remainders) ctx.out(`  wrote ${r}`);
      }
      if (report.rewritten.length)
        ctx.out(
          `  rewrote ${report.rewritten.join(', ')} from the merged schema (git could not merge them as text; their desired schema is the merged snapshot; staged)`,
        );
      if (report.status === 'text-conflicts') {
        if (report.notReconciled) ctx.err(`Flash could not rewrite the schema files from the merged schema: ${report.notReconciled}.`);
        ctx.err(`git could not merge these files as text: ${report.textConflicts.join(', ')}. Fix them, \`git add\` and \`git commit\`.`);
      } else
        ctx.out(
          report.committed
            ? 'Committed the merge. Run `flash apply` to bring your dev database to the merged schema.'
            : 'Merge staged (not committed).',
        );
    }
  }
  for (const w of report.warnings) ctx.err(`warning[${w.code}] ${w.path}: ${w.message}`);
  return exit;
};
export default merge;
