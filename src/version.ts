import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

let cached: string | undefined;

/** This package's version, from its package.json (dist/src/ when built, src/ when run by tsx). */
export function packageVersion(): string {
  if (cached) return cached;
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const rel of ['../../package.json', '../package.json']) {
    try {
      return (cached = (JSON.parse(readFileSync(path.join(here, rel), 'utf8')) as { version: string }).version);
    } catch {
      /* try the next layout (dist/ vs source) */
    }
  }
  return (cached = '0.0.0');
}
