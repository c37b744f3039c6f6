import { dropOutputOnClosedPipe } from './closed-pipe.js';

/**
 * Process entry. `flash hook …` runs on every `git checkout`, so it skips commander entirely (its
 * arguments are fixed by git); every other command goes through the full program in main.ts.
 */
export async function run(argv: string[]): Promise<void> {
  dropOutputOnClosedPipe(process.stdout);
  dropOutputOnClosedPipe(process.stderr);
  if (argv[2] === 'hook') {
    const [{ createContext }, { default: hook }] = await Promise.all([import('./context.js'), import('./commands/hook.js')]);
    const ctx = createContext({});
    const started = performance.now();
    process.exitCode = (await hook(argv.slice(3), {}, ctx)) ?? 0;
    // only a hook that took the slow path (a database switch) sets ctx.audit: the fast path stays import-free
    if (ctx.audit) await (await import('./audit-command.js')).auditCommand(`hook ${argv[3]}`, ctx, started, undefined);
    return;
  }
  const { main } = await import('./main.js');
  await main(argv);
}
