import { afterAll, describe, expect, it } from 'vitest';
import { mysqlEngine, postgresEngine, sqliteEngine } from './lifecycle-engines.js';
import { expectOk, newEngineProject } from '../helpers/engine-project.js';

const USERS = 'CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(200) NOT NULL);\n';
const NOTES = 'CREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY, body VARCHAR(200));\n';

// Issue 12 item 10: `flash down` dropped a table holding rows without asking, while `reset` needs --yes.
describe.each([sqliteEngine, postgresEngine, mysqlEngine])('flash down that loses data on $provider', (engine) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups) await c().catch(() => {});
  });

  it('refuses without --yes when the Down drops a table holding rows, changing nothing; --yes reverts', async () => {
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/users.sql', USERS);
    expectOk(await p.flash('migrate', 'users'));
    p.write('db/schema/notes.sql', NOTES);
    expectOk(await p.flash('migrate', 'notes'));
    expectOk(await p.flash('apply'));
    await p.sql(`INSERT INTO notes (id, body) VALUES (1, 'keep me'), (2, 'me too')`);

    const refused = await p.flash('down');
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stderr).toContain('error[E_DATA_LOSS]');
    expect(refused.stderr).toMatch(/drops table notes \(2 rows?\)/);
    expect(refused.stderr).toContain('--yes');
    expect(await p.count('notes')).toBe(2);
    const rows = await p.sql<{ n: unknown }>(`SELECT COUNT(*) AS n FROM _flash_migrations WHERE rolled_back_at IS NOT NULL`);
    expect(Number(Object.values(rows[0]!)[0])).toBe(0);

    const json = await p.flash('down', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'E_DATA_LOSS', data: { losses: [expect.objectContaining({ table: 'notes', count: 2 })] } });

    expectOk(await p.flash('down', '--yes'));
    await expect(p.count('notes')).rejects.toThrow();
  });

  it('reverts without asking when the table the Down drops is empty', async () => {
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/users.sql', USERS);
    expectOk(await p.flash('migrate', 'users'));
    p.write('db/schema/notes.sql', NOTES);
    expectOk(await p.flash('migrate', 'notes'));
    expectOk(await p.flash('apply'));
    await p.sql(`INSERT INTO users (id, email) VALUES (1, 'a@example.com')`);
    expectOk(await p.flash('down'));
    expect(await p.count('users')).toBe(1);
  });
});
