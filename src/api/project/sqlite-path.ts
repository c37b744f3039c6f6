import path from 'node:path';
import type { Provider } from '../../core/model/schema.js';
import { providerTraits } from '../../config/provider-traits.js';

/**
 * A SQLite URL as an absolute file path, resolved against the project directory: `--cwd` means the
 * process's working directory is not the project's. Other providers' URLs are returned unchanged.
 */
export function absolutizeSqliteUrl(provider: Provider, url: string, baseDir: string): string {
  if (!providerTraits(provider).fileDatabases || url === ':memory:' || url === 'file::memory:') return url;
  const scheme = /^(file|sqlite):(\/\/)?/.exec(url);
  const file = scheme ? url.slice(scheme[0].length) : url;
  const bare = file.split('?')[0];
  return path.isAbsolute(bare) ? bare : path.resolve(baseDir, bare);
}
