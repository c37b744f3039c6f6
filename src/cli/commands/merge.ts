import path from 'node:path';
import { ExitCode } from '../../errors.js';
import { mergeBranches, type MergeReport } from '../../api/merge.js';
import { openProjects } from '../../api/project/project-context.js';
import { mergeConflictsPath } from '../../api/project/merge-state.js';
import type { CliContext, CommandHandler } from '../context.js';

const merge: CommandHandler = async (args, options, ctx) => {
  const branch = args[0];
  const all = await openProjects(ctx.cwd);
  const r = await mergeBranches(all, branch, { commit: options.commit !== false });
  const exit = r.status === 'conflicts' ? ExitCode.conflict : r.status === 'text-conflicts' ? ExitCode.user : ExitCode.ok;
  // A [[databases]] project: each database's part under its name, `--db <name>` in every command it suggests.
  const several = r.databases[0]?.name !== undefined;
  if (ctx.json) {
    if (several) ctx.out(JSON.stringify({ ok: exit === 0, exitCode: exit, ...r }, null, 2));
    else ctx.out(JSON.stringify({ ok: exit === 0, exitCode: exit, ...r.databases[0].report }, null, 2));
    return exit;
  }
  if (r.status === 'up-to-date') {
    ctx.out(`Already up to date with ${branch}.`);
    return exit;
  }
  for (const { name, report } of r.databases) {
    const db = name === undefined ? '' : ` --db ${name}`;
    const prefix = name === undefined ? '' : `${name}: `;
    const state = path.relative(ctx.cwd, mergeConflictsPath(all.find((pc) => pc.project.database?.name === name)!.store.root));
    if (report.status === 'conflicts') printConflicts(report, branch, ctx, { prefix, db, state });
    else printMerged(report, branch, ctx, prefix);
    for (const w of report.warnings) ctx.err(`${prefix}warning[${w.code}] ${w.path}: ${w.message}`);
  }
  if (r.status === 'conflicts') {
    ctx.err('The work tree is as git left it. Abort with `git merge --abort`.');
    const waiting = r.databases.filter((d) => d.report.status === 'conflicts');
    if (ctx.interactive && !options.noInteractive && waiting.length === 1) {
      if (waiting[0].name !== undefined) process.env.FLASH_DB = waiting[0].name;
      const { runConflictTui } = await import('./resolve-tui.js');
      return runConflictTui(ctx);
    }
  } else if (r.status === 'text-conflicts') {
    const first = r.databases[0].report;
    ctx.err(`git could not merge these files as text: ${first.textConflicts.join(', ')}. Fix them, \`git add\` and \`git commit\`.`);
  } else {
    ctx.out(
      r.committed
        ? 'Committed the merge. Run `flash apply` to bring your dev database to the merged schema.'
        : 'Merge staged (not committed).',
    );
  }
  return exit;
};
export default merge;

function printConflicts(report: MergeReport, branch: string, ctx: CliContext, where: { prefix: string; db: string; state: string }): void {
  const { prefix, db } = where;
  ctx.err(`${prefix}Schema conflicts merging ${branch} (${report.conflicts.length}):`);
  const firstHistory = report.conflicts.find((c) => c.path.startsWith('history:'));
  for (const c of report.conflicts) {
    ctx.err(`  [${c.code}] ${c.path}: ${c.message}`);
    if (c === firstHistory) {
      ctx.err(
        `      resolve: flash resolve${db} ${c.path} --theirs  (replaces theirs' migrations by one regenerated from ours' head; settles every history conflict)`,
      );
    } else if (firstHistory && c.path.startsWith('history:')) {
      ctx.err(`      resolve: settled together with ${firstHistory.path}`);
    } else {
      ctx.err(`      resolve: ${c.resolutions.map((r) => `flash resolve${db} ${c.path} --${r}`).join('  |  ')}`);
    }
  }
  ctx.err(`${prefix}details in ${where.state}.`);
}

function printMerged(report: MergeReport, branch: string, ctx: CliContext, prefix: string): void {
  ctx.out(
    `${prefix}${prefix ? 'merged' : 'Merged'} ${branch}: ours ${report.ours.length} migration(s) then theirs ${report.theirs.length}; schema ${report.mergedHash?.slice(0, 12)}.`,
  );
  for (const r of report.repointed) ctx.out(`  re-chained ${r.name}: ${r.from.slice(0, 12)} → ${r.to.slice(0, 12)}`);
  for (const c of report.convergent)
    ctx.out(`  ${c.name}: the same change as ${c.satisfiedBy}; \`flash apply\` records it as satisfied where ${c.satisfiedBy} is applied`);
  if (report.overlap) {
    ctx.out(`  both branches changed ${report.overlap.shared.join(', ')} alike, in migrations that overlap only partly:`);
    ctx.out("  each side's migrations are recorded as satisfied where the other's ran, and regenerated remainders finish each head:");
    for (const r of report.overlap.remainders) ctx.out(`  wrote ${r}`);
  }
  if (report.rewritten.length)
    ctx.out(
      `  rewrote ${report.rewritten.join(', ')} from the merged schema (git could not merge them as text; their desired schema is the merged snapshot; staged)`,
    );
  if (report.notReconciled) ctx.err(`${prefix}Flash could not rewrite the schema files from the merged schema: ${report.notReconciled}.`);
}
