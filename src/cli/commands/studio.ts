import { spawn } from 'node:child_process';
import { FlashError } from '../../errors.js';
import type { CommandHandler } from '../context.js';

/**
 * `flash studio`: starts the web UI's server and waits for Ctrl-C. The server (studio/server) is
 * loaded only here, so no other command pays for it.
 */
const studioCommand: CommandHandler = async (_args, options, ctx) => {
  const port = Number(options.port ?? 5555);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new FlashError('E_USAGE', `--port ${String(options.port)} is not a port number.`, 'flash studio --port 5555');
  const host = typeof options.host === 'string' ? options.host : '127.0.0.1';
  // No project here, or a [[databases]] project without --db: the coded error before serving anything.
  const { loadProject } = await import('../../config/load-config.js');
  await loadProject(ctx.cwd);
  const { startStudio } = await import('../../../studio/server/start.js');
  const studio = await startStudio({ dir: ctx.cwd, host, port });
  ctx.out(`flash studio: ${studio.url}`);
  if (studio.token) ctx.out(`Reachable from other hosts: the token in this URL is required on every request (printed only here).`);
  ctx.out('Ctrl-C stops it.');
  if (options.open) openBrowser(studio.url);
  let stop = () => {};
  await new Promise<void>((resolve) => {
    stop = resolve;
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await studio.close();
  // Removed only now: signal-exit (via proper-lockfile, loaded by branch switches) re-raises a signal
  // that no other listener handles, which would kill the process before the server is closed.
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  ctx.out('flash studio stopped.');
  return 0;
};
export default studioCommand;

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  // No browser opener on this machine: the URL is printed above, which is what --open falls back to.
  child.on('error', () => undefined);
  child.unref();
}
