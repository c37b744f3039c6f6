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
    // PGlite's initdb image is cached per user; tests keep theirs out of the home directory.
    env: { FLASH_CACHE_DIR: path.join(os.tmpdir(), 'flash-test-cache') },
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
});
