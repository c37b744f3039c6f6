import { afterAll, describe, it } from 'vitest';
import { PG_URL, uniqueDbName, withDatabase } from '../helpers/db-urls.js';
import { cleanupScenario, runBranchScenario, type Scenario } from './branch-scenario.js';

describe('per-branch dev databases (PostgreSQL)', () => {
  const scenario: Scenario = { dir: '', urls: [] };
  afterAll(() => cleanupScenario('postgresql', scenario));

  it('follows plain git checkouts, keeps each branch its data, and recreates a dropped branch database', async () => {
    await runBranchScenario('postgresql', withDatabase(PG_URL, uniqueDbName()), scenario);
  }, 240_000);
});
