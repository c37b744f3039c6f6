import path from 'node:path';
import { pull } from '../../api/pull.js';
import { openProject } from '../../api/project/project-context.js';
import { describeUnmodelled } from '../../core/model/unmodelled.js';
import { askYesNo } from '../ask-yes-no.js';
import type { CommandHandler } from '../context.js';

const pullCommand: CommandHandler = async (_args, options, ctx) => {
  const pc = await openProject(ctx.cwd);
  const result = await pull(pc, {
    // commander's --no-verify sets verify: false; absent means true
    verify: options.verify !== false,
    skipUnsupported: Boolean(options.skipUnsupported),
    ...(typeof options.into === 'string' ? { into: options.into } : {}),
    yes: ctx.yes,
    // Rewriting a file the user wrote is a question in a terminal; elsewhere it needs --yes (E_NEEDS_YES).
    ...(ctx.interactive && !ctx.json ? { confirm: askYesNo } : {}),
  });
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: true, ...result }));
    return 0;
  }
  const rel = (f: string) => path.relative(pc.project.dir, f);
  ctx.out(`Pulled ${result.tables} table(s) from ${result.database}.`);
  for (const w of result.writtenFiles) ctx.out(`  wrote ${rel(w.file)} (${w.objects.length ? w.objects.join(', ') : 'no objects'})`);
  if (result.writtenFiles.length === 0 && result.removedFiles.length === 0)
    ctx.out('  db/schema already says exactly this; no file changed.');
  for (const f of result.removedFiles) ctx.out(`  removed ${f} (it defined none of the database's objects)`);
  if (result.leftOut.length) {
    ctx.err(`warning[W_UNMODELLED]: left out ${result.leftOut.length} object(s) Flash does not model (--skip-unsupported):`);
    for (const o of result.leftOut) ctx.err(`  ${describeUnmodelled(o)}`);
  }
  ctx.out(`snapshot ${result.snapshot}`);
  if (result.migration)
    ctx.out(`Recorded migration ${result.migration} (already applied to this database), so the chain ends at this snapshot.`);
  if (result.verified) ctx.out('verified: db/schema reproduces the database exactly on a shadow database.');
  else ctx.out('not verified (--no-verify): the next `flash migrate` applies db/schema to a shadow and shows any difference.');
  return 0;
};
export default pullCommand;
