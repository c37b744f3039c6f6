import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { runFlash, tempDir } from '../helpers/cli.js';
import { expectOk, newEngineProject, type EngineProject, lockHead } from '../helpers/engine-project.js';
import { mysqlEngine, withDbPrefix } from './lifecycle-engines.js';

// MariaDB table options beyond engine/charset/collation (ROW_FORMAT, PAGE_CHECKSUM, TRANSACTIONAL,
// STATS_PERSISTENT, …) are modelled: a Down that changes the engine back also takes the options back,
// and `status` is never "in sync" while an option differs.

const engine = withDbPrefix(mysqlEngine, 'topt');

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

async function options(p: EngineProject, table: string): Promise<{ engine: string; opts: string }> {
  const [row] = await p.sql<{ engine: string; opts: string }>(
    `SELECT engine AS engine, create_options AS opts FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${table}'`,
  );
  return row;
}

describe('MariaDB table options', () => {
  let p: EngineProject;
  const plain = 'CREATE TABLE t (id int PRIMARY KEY, x int);\nCREATE TABLE s (id int PRIMARY KEY);\n';
  const tuned =
    'CREATE TABLE t (id int PRIMARY KEY, x int) ENGINE=Aria PAGE_CHECKSUM=1 TRANSACTIONAL=1 ROW_FORMAT=PAGE;\n' +
    'CREATE TABLE s (id int PRIMARY KEY) STATS_PERSISTENT=0 ROW_FORMAT=COMPRESSED;\n';

  it('migrate → apply → status is clean with the options in place', async () => {
    p = await newEngineProject(engine, cleanups);
    p.write('db/schema/schema.sql', plain);
    expectOk(await p.flash('migrate', 'plain'));
    expectOk(await p.flash('apply'));
    p.write('db/schema/schema.sql', tuned);
    expectOk(await p.flash('migrate', 'tuned'));
    const migration = p.read(`db/migrations/${p.migrations().at(-1)!}`);
    // PAGE_CHECKSUM=1 and TRANSACTIONAL=1 are what Aria writes on its own (create-options.ts).
    expect(migration).toContain('ALTER TABLE `t` ENGINE=Aria ROW_FORMAT=PAGE;');
    expect(migration).toContain(
      'ALTER TABLE `t` ENGINE=InnoDB ROW_FORMAT=DEFAULT;\nALTER TABLE `t` PAGE_CHECKSUM=DEFAULT TRANSACTIONAL=DEFAULT;',
    );
    expectOk(await p.flash('apply'));
    expect(await options(p, 't')).toEqual({ engine: 'Aria', opts: expect.stringContaining('row_format=PAGE') });
    const st = await p.flash('status');
    expectOk(st);
    expect(st.stdout).toContain('schema: in sync');
    expect(st.stdout + st.stderr).not.toContain('W_UNMODELLED');
  });

  it('an option changed by hand is a difference, not "in sync"', async () => {
    await p.sql('ALTER TABLE s STATS_PERSISTENT=1');
    const st = await p.flash('status');
    expect(st.stdout).not.toContain('schema: in sync');
    const diff = await p.flash('diff', 'live', 'schema');
    expect(diff.stdout).toContain('s');
    await p.sql('ALTER TABLE s STATS_PERSISTENT=0');
    expect((await p.flash('status')).stdout).toContain('schema: in sync');
  });

  it('an Aria option that differs from the engine default is kept; removing it goes back to the default', async () => {
    p.write('db/schema/schema.sql', tuned.replace('PAGE_CHECKSUM=1', 'PAGE_CHECKSUM=0'));
    expectOk(await p.flash('migrate', 'no checksum'));
    expect(p.read(`db/migrations/${p.migrations().at(-1)!}`)).toContain('ALTER TABLE `t` PAGE_CHECKSUM=0;');
    expectOk(await p.flash('apply'));
    expect((await options(p, 't')).opts).toContain('page_checksum=0');
    expectOk(await p.flash('down', '--yes'));
    expect((await p.flash('status')).stdout).toContain('schema: in sync');
    expectOk(await p.flash('migrate', '--undo-last', '--yes'));
    p.write('db/schema/schema.sql', tuned);
    expect((await p.flash('status')).stdout).toContain('schema: in sync');
  });

  it('Down changes the engine back and clears the options it added', async () => {
    expectOk(await p.flash('down', '--yes'));
    expect(await options(p, 't')).toEqual({ engine: 'InnoDB', opts: '' });
    expect(await options(p, 's')).toEqual({ engine: 'InnoDB', opts: '' });
    expectOk(await p.flash('migrate', '--undo-last', '--yes'));
    p.write('db/schema/schema.sql', plain);
    expect((await p.flash('status')).stdout).toContain('schema: in sync');
  });

  it('pull into an empty repository reproduces the same snapshot hash, options included', async () => {
    p.write('db/schema/schema.sql', tuned);
    expectOk(await p.flash('migrate', 'tuned again'));
    expectOk(await p.flash('apply'));
    const dir = tempDir('flash-topt-pull-');
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const flash = (...args: string[]) => runFlash(['--cwd', dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: p.url } });
    expectOk(await flash('init', '--mysql'));
    expectOk(await flash('pull'));
    expect(readFileSync(`${dir}/db/schema/schema.sql`, 'utf8')).toMatch(/ENGINE=Aria .*ROW_FORMAT=PAGE/);
    expect(readFileSync(`${dir}/db/schema/schema.sql`, 'utf8')).toMatch(/ROW_FORMAT=COMPRESSED STATS_PERSISTENT=0/);
    expect(lockHead(readFileSync(`${dir}/db/migrations/flash.lock`, 'utf8'))).toBe(lockHead(p.read('db/migrations/flash.lock')));
  });
});
