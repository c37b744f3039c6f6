import { afterAll, describe, it } from 'vitest';
import { postgresAdmin } from '../../src/dialects/postgres/admin.js';
import { PG_URL, uniqueDbName } from '../helpers/db-urls.js';
import { adoptScenario, markAppliedScenario } from './adopt-suite.js';

describe('flash adopt (PostgreSQL)', () => {
  const urls: string[] = [];
  const fresh = async () => {
    const url = postgresAdmin.urlFor(PG_URL, uniqueDbName('flash_t_adopt'));
    await postgresAdmin.create(url);
    urls.push(url);
    return url;
  };
  afterAll(async () => {
    for (const url of urls) await postgresAdmin.drop(url).catch(() => undefined);
  });
  it('takes over a Flash ORM-migrated database, keeping its history', async () => adoptScenario('postgresql', await fresh()), 180_000);
  it(
    'apply --mark-applied records what the database already has, and only that',
    async () => markAppliedScenario('postgresql', await fresh()),
    180_000,
  );
});
