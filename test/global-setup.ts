import { execFileSync } from 'node:child_process';
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
}
