import { describe, it } from 'vitest';
import { adoptScenario, markAppliedScenario } from './adopt-suite.js';

describe('flash adopt (SQLite)', () => {
  it('takes over a Flash ORM-migrated database, keeping its history', () => adoptScenario('sqlite', 'file:./dev.db'), 120_000);
  it(
    'apply --mark-applied records what the database already has, and only that',
    () => markAppliedScenario('sqlite', 'file:./dev.db'),
    120_000,
  );
});
