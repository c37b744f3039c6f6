import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPending } from '../../src/api/apply.js';
import { openProject } from '../../src/api/project/project-context.js';
import { loadDialect } from '../../src/dialects/registry.js';
import { MYSQL_URL, PG_URL, uniqueDbName, withDatabase } from '../helpers/db-urls.js';
import { flashOk, flashRepo } from '../git/git-fixture.js';

const ENGINES: Array<['postgresql' | 'mysql', string]> = [
  ['postgresql', PG_URL],
  ['mysql', MYSQL_URL],
];

describe.each(ENGINES)('concurrent `flash apply` on a database that does not exist yet (%s, issue 12 item 3)', (engine, server) => {
  const url = withDatabase(server, uniqueDbName());
  afterAll(async () => (await loadDialect(engine)).databases.drop(url).catch(() => undefined));

  it('creates it once and every apply succeeds', async () => {
    const dir = await flashRepo(engine, url);
    writeFileSync(path.join(dir, 'db/schema/users.sql'), 'CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n');
    await flashOk(dir, ['migrate', 'users']);
    const env = { ...process.env, DATABASE_URL: url };
    const results = await Promise.allSettled(Array.from({ length: 10 }, async () => applyPending(await openProject(dir, env))));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));
    expect(failures).toEqual([]);
    const applied = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.applied : []));
    expect(applied).toHaveLength(1);
  });
});
