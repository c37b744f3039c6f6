import { afterAll, describe, it } from 'vitest';
import { MYSQL_URL, uniqueDbName, withDatabase } from '../helpers/db-urls.js';
import { cleanupScenario, runBranchScenario, type Scenario } from './branch-scenario.js';

describe('per-branch dev databases (MariaDB)', () => {
  const scenario: Scenario = { dir: '', urls: [] };
  afterAll(() => cleanupScenario('mysql', scenario));

  it('follows plain git checkouts, keeps each branch its data, and recreates a dropped branch database', async () => {
    await runBranchScenario('mysql', withDatabase(MYSQL_URL, uniqueDbName()), scenario);
  }, 240_000);
});
