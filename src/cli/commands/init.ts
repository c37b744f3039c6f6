import { FlashError } from '../../errors.js';
import { initProject } from '../../api/init.js';
import type { Provider } from '../../core/model/schema.js';
import type { CommandHandler } from '../context.js';
import { redactUrl } from '../../core/redact.js';

const FLAGS: Array<[string, Provider]> = [
  ['postgresql', 'postgresql'],
  ['mysql', 'mysql'],
  ['sqlite', 'sqlite'],
  ['mongodb', 'mongodb'],
];

const init: CommandHandler = async (_args, options, ctx) => {
  const chosen = FLAGS.filter(([flag]) => options[flag]).map(([, p]) => p);
  if (chosen.length > 1)
    throw new FlashError(
      'E_USAGE',
      `Choose one provider, not ${chosen.join(' and ')}.`,
      'flash init --postgresql|--mysql|--sqlite|--mongodb',
    );
  const provider = chosen[0] ?? 'sqlite';
  const result = await initProject(ctx.cwd, provider);
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: true, ...result }));
    return 0;
  }
  ctx.out(`Initialized a ${provider} Flash project in ${ctx.cwd}`);
  for (const item of result.created) ctx.out(`  created ${item}`);
  if (result.envLine) ctx.out(`  .env: ${redactUrl(result.envLine)}`);
  if (!result.gitRepo) ctx.out('Note: this directory is not a git repository; branch switching and merge need one (run `git init`).');
  ctx.out(`Next: write your schema in ${result.schemaFiles}, then run \`flash migrate "init"\`.`);
  return 0;
};
export default init;
