import { FlashError } from '../../errors.js';
import { openProject } from '../../api/project/project-context.js';
import { seed } from '../../api/seed.js';
import type { CommandHandler } from '../context.js';

const seedCommand: CommandHandler = async (_args, options, ctx) => {
  const count = integerOption(options.count, '--count', 0);
  const seedValue = options.seed === undefined ? undefined : integerOption(options.seed, '--seed', 0);
  const tables = (options.table as string[] | undefined)
    ?.flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter(Boolean);
  const pc = await openProject(ctx.cwd);
  const result = await seed(pc, {
    count,
    tables,
    seed: seedValue,
    yes: ctx.yes,
    noFiles: options.files === false,
    onWarning: (w) => ctx.err(`warning: ${w}`),
    onTable: ctx.json ? undefined : ({ table, rows }) => ctx.out(`${table}: ${rows} row(s)`),
  });
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: true, ...result }));
    return 0;
  }
  for (const f of result.files) ctx.out(`${f.file}: ${f.statements !== undefined ? `${f.statements} statement(s)` : `${f.rows} row(s)`}`);
  const total = result.tables.reduce((n, t) => n + t.rows, 0);
  const linked = result.linked ? `, ${result.linked} self/cyclic reference(s) filled in a second pass` : '';
  ctx.out(
    `Seeded ${total} row(s) into ${result.tables.length} table(s) of ${result.database}${linked} (--seed ${result.seed} reproduces them).`,
  );
  return 0;
};
export default seedCommand;

function integerOption(value: unknown, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min)
    throw new FlashError('E_USAGE', `${flag} must be an integer ≥ ${min}, got "${String(value)}".`, `For example ${flag} 100.`);
  return n;
}
