import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Most files wait on a subprocess or a database server, not the CPU: vitest's default (cores - 1)
    // runs them one at a time on a 2-core machine. Each test owns its databases and temp dirs, so files
    // run side by side; FLASH_TEST_WORKERS overrides.
    maxWorkers: process.env.FLASH_TEST_WORKERS
      ? Number(process.env.FLASH_TEST_WORKERS)
      : Math.min(8, Math.max(3, os.availableParallelism() - 1)),
    // PGlite's initdb image is cached per user; tests keep theirs out of the home directory.
    // The kept shadow (a `flash_shadow_keep_*` database per project on shadow_url) is off: test projects
    // are temp dirs, and each would leave one behind. test/e2e/incremental-shadow.test.ts turns it on.
    env: { FLASH_CACHE_DIR: path.join(os.tmpdir(), 'flash-test-cache'), FLASH_SHADOW_KEEP: '0' },
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
});
