import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { FlashError } from '../../src/errors.js';
import { findAssets, readAsset } from './assets.js';
import { newGuard, securityMiddleware } from './security.js';
import { apiRoutes } from './routes.js';

export interface StudioOptions {
  /** the project directory */
  dir: string;
  host: string;
  /** 0 picks a free port */
  port: number;
}

export interface Studio {
  /** the URL to open, with `?token=` when the server is reachable from other hosts */
  url: string;
  token?: string;
  close(): Promise<void>;
}

/** Starts the studio's HTTP server: the JSON API under /api and the built single-page app. */
export async function startStudio(options: StudioOptions): Promise<Studio> {
  const assets = await findAssets();
  const guard = newGuard(options.host);
  const app = new Hono();
  app.use('*', securityMiddleware(guard, options.host));
  app.route('/api', apiRoutes(options.dir, guard.csrf));
  app.get('*', async (c) => {
    // client-side routes (/data, /sql, …) all get the app's index.html
    const file = (await readAsset(assets, c.req.path)) ?? (await readAsset(assets, '/index.html'));
    if (!file) return c.notFound();
    return c.body(new Uint8Array(file.body), 200, { 'content-type': file.type, 'x-content-type-options': 'nosniff' });
  });

  const server = await listen(app, options);
  const { port } = server.address() as AddressInfo;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${hostInUrl}:${port}/${guard.token ? `?token=${guard.token}` : ''}`;
  return {
    url,
    token: guard.token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

function listen(app: Hono, options: StudioOptions): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(server));
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new FlashError('E_USAGE', `Port ${options.port} on ${options.host} is in use.`, 'Pick another with --port.')
          : err,
      ),
    );
  });
}
