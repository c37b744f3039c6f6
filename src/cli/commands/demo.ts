import { runDemo, type DemoRunner } from '../../api/demo.js';
import type { CommandHandler } from '../context.js';

/**
 * Each flash step runs in this process through the same commander program (`main`), its output
 * captured: ~40 node start-ups would otherwise take most of the demo's time. CI=true and no
 * DATABASE_URL, as in the temp project a newcomer would have; git (and its hooks) run as processes.
 */
const inProcess: DemoRunner = async (args, cwd) => {
  const { main } = await import('../main.js');
  const saved = {
    // the originals, put back as they were (unbound on purpose: they are reassigned, never called from here)
    // eslint-disable-next-line @typescript-eslint/unbound-method
    out: process.stdout.write,
    // eslint-disable-next-line @typescript-eslint/unbound-method
    err: process.stderr.write,
    exitCode: process.exitCode,
    ci: process.env.CI,
    url: process.env.DATABASE_URL,
    color: process.env.NO_COLOR,
  };
  let output = '';
  const capture = ((chunk: string | Uint8Array) => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  process.env.CI = 'true';
  process.env.NO_COLOR = '1';
  delete process.env.DATABASE_URL;
  process.exitCode = 0;
  try {
    await main(['node', 'flash', '--cwd', cwd, ...args]);
    return { code: Number(process.exitCode ?? 0), output };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.exitCode = saved.exitCode;
    for (const [key, value] of [
      ['CI', saved.ci],
      ['DATABASE_URL', saved.url],
      ['NO_COLOR', saved.color],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
};

const demo: CommandHandler = async (_args, options, ctx) => {
  await runDemo({ keep: Boolean(options.keep), print: (line) => ctx.out(line), runFlash: inProcess });
  return 0;
};
export default demo;
