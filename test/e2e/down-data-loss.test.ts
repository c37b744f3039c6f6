import { afterAll, describe, expect, it } from 'vitest';
import { mysqlEngine, postgresEngine, sqliteEngine } from './lifecycle-engines.js';
import { expectOk, newEngineProject } from '../helpers/engine-project.js';
import { FLASH_BIN } from '../helpers/cli.js';
import { TmuxSession } from '../ui/tmux-session.js';

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
    expect(Number(Object.values(rows[0])[0])).toBe(0);

    const json = await p.flash('down', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error).toMatchObject({
      code: 'E_DATA_LOSS',
      data: { losses: [expect.objectContaining({ table: 'notes', count: 2 })] },
    });

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

describe('flash down that loses data in a terminal', () => {
  const cleanups: Array<() => Promise<void>> = [];
  const sessions: TmuxSession[] = [];
  afterAll(async () => {
    for (const s of sessions) s.kill();
    for (const c of cleanups) await c().catch(() => {});
  });

  /** `flash down` in a real terminal (tmux), with a clean environment: no CI, so it may ask. */
  function downInTerminal(dir: string): TmuxSession {
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const env = [
      `PATH=${q(process.env.PATH ?? '/usr/bin:/bin')}`,
      `HOME=${q(process.env.HOME ?? dir)}`,
      'TERM=xterm-256color',
      'LANG=C.UTF-8',
      'NO_COLOR=1',
    ];
    const session = new TmuxSession(`cd ${q(dir)} && env -i ${env.join(' ')} ${q(process.execPath)} ${q(FLASH_BIN)} down`);
    sessions.push(session);
    session.start();
    return session;
  }

  it('asks, naming the loss; "n" changes nothing, "y" reverts', async () => {
    const p = await newEngineProject(sqliteEngine, cleanups);
    p.write('db/schema/users.sql', USERS);
    expectOk(await p.flash('migrate', 'users'));
    p.write('db/schema/notes.sql', NOTES);
    expectOk(await p.flash('migrate', 'notes'));
    expectOk(await p.flash('apply'));
    await p.sql(`INSERT INTO notes (id, body) VALUES (1, 'keep me')`);

    const no = downInTerminal(p.dir);
    await no.waitFor((s) => /drops table notes \(1 row\)[\s\S]*Continue\? \[y\/N\]/.test(s), 'the question');
    no.send('n', { literal: true });
    no.send('Enter');
    await no.waitFor((s) => /__FLASH_EXIT__ \d/.test(s), 'exit');
    expect(no.exitCode()).toBe(1);
    expect(await p.count('notes')).toBe(1);

    const yes = downInTerminal(p.dir);
    await yes.waitFor((s) => s.includes('Continue? [y/N]'), 'the question');
    yes.send('y', { literal: true });
    yes.send('Enter');
    await yes.waitFor((s) => /__FLASH_EXIT__ \d/.test(s), 'exit');
    expect(yes.exitCode(), yes.screen()).toBe(0);
    await expect(p.count('notes')).rejects.toThrow();
  });
});
