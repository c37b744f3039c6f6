import type { CliContext } from '../context.js';
import { loadProject, loadProjects } from '../../config/load-config.js';
import { FlashError } from '../../errors.js';

/**
 * `flash branch <name>` / `branch create <name>` creates a git branch and its database (one per
 * database of a `[[databases]]` project); `flash branch [list]` lists; `branch delete <name>` drops a
 * branch's databases; `branch diff <a> <b>` compares two branches' expected schemas. main.ts passes the
 * subcommand first (commander checked the arity). Each form imports only what it needs (`list` never
 * loads a driver). In a `[[databases]]` project list, delete and diff run for each database in turn,
 * each under its name (`--db` picks one).
 */
export default async function branch(args: string[], options: Record<string, unknown>, ctx: CliContext): Promise<number> {
  const [first, second, third] = args;
  if (!first || first === 'list' || first === 'delete' || first === 'diff')
    return eachDatabase(ctx, async () => {
      if (!first || first === 'list') return (await import('./branch-list.js')).listBranchesCommand(await loadProject(ctx.cwd), ctx);
      if (first === 'delete') return (await import('./branch-delete.js')).deleteBranchCommand(second, ctx);
      return (await import('./branch-diff.js')).branchDiffCommand(await loadProject(ctx.cwd), second, third, options, ctx);
    });
  // `branch create <name>`, or the short `branch <name>` (commander routes known subcommand names away).
  return (await import('./branch-create.js')).createBranchCommand(first === 'create' ? second : first, ctx, {
    schemaOnly: options.schemaOnly === true,
  });
}

async function eachDatabase(ctx: CliContext, run: () => Promise<number>): Promise<number> {
  if (process.env.FLASH_DB) return run();
  const all = await loadProjects(ctx.cwd);
  if (!all[0].database) return run();
  const names = all.map((p) => p.database!.name);
  // One JSON document per run, as for every per-database command: name the database.
  if (ctx.json)
    throw new FlashError(
      'E_MULTI_DB',
      `This project declares ${names.length} databases (${names.join(', ')}); with --json, name one.`,
      `Pass --db <name>, e.g. \`--db ${names[0]}\`.`,
      {
        data: { databases: names },
      },
    );
  for (const p of all) {
    ctx.out(`== database ${p.database!.name} ==`);
    process.env.FLASH_DB = p.database!.name;
    try {
      const code = await run();
      if (code !== 0) return code;
    } finally {
      delete process.env.FLASH_DB;
    }
  }
  return 0;
}
