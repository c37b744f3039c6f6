import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlashError } from '../../src/errors.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The built single-page app (`studio/dist`, built by `npm run build` and shipped in the package).
 * From source this file is studio/server/, built it is dist/studio/server/: both find the package
 * root by walking up to package.json.
 */
export async function findAssets(): Promise<string> {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'studio', 'dist');
    try {
      await fs.access(path.join(dir, 'package.json'));
      await fs.access(path.join(candidate, 'index.html'));
      return candidate;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const up = path.dirname(dir);
    if (up === dir)
      throw new FlashError(
        'E_UNSUPPORTED',
        'The studio web app is not built (studio/dist/index.html is missing).',
        'Run `npm run build` in the Flash checkout (installed packages ship it built).',
      );
    dir = up;
  }
}

/** A file of the app, or undefined; paths cannot leave the assets folder. */
export async function readAsset(root: string, urlPath: string): Promise<{ body: Buffer; type: string } | undefined> {
  const file = path.resolve(root, '.' + decodeURIComponent(urlPath));
  if (!file.startsWith(root + path.sep)) return undefined;
  try {
    return { body: await fs.readFile(file), type: TYPES[path.extname(file)] ?? 'application/octet-stream' };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') return undefined;
    throw err;
  }
}
