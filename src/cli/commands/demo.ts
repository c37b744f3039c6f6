import { runDemo } from '../../api/demo.js';
import type { CommandHandler } from '../context.js';

const demo: CommandHandler = async (_args, options, ctx) => {
  await runDemo({ keep: Boolean(options.keep), print: (line) => ctx.out(line) });
  return 0;
};
export default demo;
