import { afterAll, describe, it } from 'vitest';
import { cleanupScenario, runBranchScenario, type Scenario } from './branch-scenario.js';

describe('per-branch dev databases (SQLite)', () => {
  const scenario: Scenario = { dir: '', urls: [] };
  afterAll(() => cleanupScenario('sqlite', scenario));

  it('follows plain git checkouts, keeps each branch its data, and recreates a dropped branch database', async () => {
    await runBranchScenario('sqlite', undefined, scenario);
  }, 180_000);
});
