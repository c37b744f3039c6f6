import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * CLI tests run `node bin/flash.js`, which loads dist/. `npm test` compiles first and sets
 * FLASH_TEST_BUILT; a direct `npx vitest run file` builds here so it never tests stale output.
 */
export default function setup(): void {
  if (process.env.FLASH_TEST_BUILT === '1') return;
  const root = path.resolve(import.meta.dirname, '..');
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'pipe',
    });
  } catch {
    // Type errors elsewhere still emit JS (noEmitOnError is off); `npm test` is the type gate.
  }
  // The studio's web app (studio/dist) only when its sources are newer: a Vite build takes seconds.
  if (newestMtime(path.join(root, 'studio/web')) > mtimeOf(path.join(root, 'studio/dist/index.html')))
    execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'studio/web/vite.config.mjs'], {
      cwd: root,
      stdio: 'pipe',
    });
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) newest = Math.max(newest, mtimeOf(path.join(entry.parentPath, entry.name)));
  return newest;
}
