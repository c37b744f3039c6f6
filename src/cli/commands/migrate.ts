import path from 'node:path';
import { migrate } from '../../api/migrate.js';
import { openProject, type ProjectContext } from '../../api/project/project-context.js';
import { undoLastMigration } from '../../api/undo-migration.js';
import { FlashError } from '../../errors.js';
import { parseRenames } from '../../api/project/renames.js';
import { askYesNo } from '../ask-yes-no.js';
import type { CliContext, CommandHandler } from '../context.js';

/**
 * Lint findings are printed, never fatal here (like Prisma/Atlas), and the exit code stays 0: an
 * error-level finding (a dropped column, a NOT NULL column without default) is usually the change
 * the user asked for, and the migration is written so it can be reviewed and edited. Failing here
 * would train `|| true`. The last line says how many errors there are; `flash check` is the gate
 * that exits 1 on them in CI.
 */
const migrateCommand: CommandHandler = async (args, options, ctx) => {
  const pc = await openProject(ctx.cwd);
  if (options.undoLast) return undoLast(pc, args, options, ctx);
  const renameArgs = options.rename as string[] | undefined;
  const result = await migrate(pc, {
    name: args[0],
    createOnly: Boolean(options.createOnly),
    renames: parseRenames(renameArgs),
    // In a terminal, a drop + add that looks like a rename is a question, never a silent guess.
    confirmRename:
      ctx.interactive && !ctx.json
        ? (c) => askYesNo(`Was ${c.kind} ${c.from} renamed to ${c.to}? (no = drop it and add ${c.to})`)
        : undefined,
  });
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: true, ...result }));
    return 0;
  }
  for (const note of result.notes) ctx.out(`note: ${note}`);
  if (!result.written) {
    ctx.out(`No changes: db/schema matches the expected schema ${result.to.slice(0, 12)}; nothing written.`);
    return 0;
  }
  ctx.out(
    `Wrote ${path.relative(pc.project.dir, result.file!)} (${result.from.slice(0, 12)} → ${result.to.slice(0, 12)}, ${result.up.length} statement(s)).`,
  );
  for (const f of result.findings) {
    ctx.out(`${f.severity}[${f.code}] ${f.object}: ${f.message}`);
    for (const sql of f.statements.filter((q) => !/^\s*PRAGMA\b/i.test(q)).slice(0, 2)) ctx.out(`    ${sql.split('\n')[0]}`);
  }
  for (const d of result.data) ctx.out(`data[${d.code}] ${d.object}: ${d.message}${d.count === 0 ? ' (none: safe on the dev data)' : ''}`);
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  if (errors)
    ctx.out(
      `${errors} lint error(s): review ${path.relative(pc.project.dir, result.file!)} before \`flash apply\`; \`flash check\` fails on them in CI.`,
    );
  return 0;
};
export default migrateCommand;

/** `flash migrate --undo-last`: discard the last, still private migration (file + lock line). */
async function undoLast(pc: ProjectContext, args: string[], options: Record<string, unknown>, ctx: CliContext): Promise<number> {
  if (args.length || options.createOnly || options.rename) {
    throw new FlashError(
      'E_USAGE',
      '--undo-last takes no migration name and no other option.',
      'Run `flash migrate --undo-last` on its own.',
    );
  }
  const result = await undoLastMigration(pc, { yes: ctx.yes, ...(ctx.interactive && !ctx.json ? { confirm: askYesNo } : {}) });
  if (ctx.json) ctx.out(JSON.stringify({ ok: true, undone: result }));
  else
    ctx.out(
      `Removed ${path.relative(pc.project.dir, result.file)} and its flash.lock line${result.edited ? ' (it had been edited)' : ''}. Its snapshot stays in .flash/objects, unreferenced and harmless.`,
    );
  return 0;
}
