import { afterAll, describe, it } from 'vitest';
import { mysqlAdmin } from '../../src/dialects/mysql/admin.js';
import { MYSQL_URL, uniqueDbName } from '../helpers/db-urls.js';
import { adoptScenario, markAppliedScenario } from './adopt-suite.js';

describe('flash adopt (MariaDB)', () => {
  const urls: string[] = [];
  const fresh = async () => {
    const url = mysqlAdmin.urlFor(MYSQL_URL, uniqueDbName('flash_t_adopt'));
    await mysqlAdmin.create(url);
    urls.push(url);
    return url;
  };
  afterAll(async () => {
    for (const url of urls) await mysqlAdmin.drop(url).catch(() => undefined);
  });
  it('takes over a Flash ORM-migrated database, keeping its history', async () => adoptScenario('mysql', await fresh()), 180_000);
  it(
    'apply --mark-applied records what the database already has, and only that',
    async () => markAppliedScenario('mysql', await fresh()),
    180_000,
  );
});
