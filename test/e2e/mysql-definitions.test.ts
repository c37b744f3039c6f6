import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { splitMysqlStatements as splitStatements } from '../../src/dialects/mysql/split-statements.js';
import { runFlash, tempDir } from '../helpers/cli.js';
import { expectOk, newEngineProject, type EngineProject, lockHead, upStatements } from '../helpers/engine-project.js';
import { mysqlEngine, withDbPrefix } from './lifecycle-engines.js';

// MariaDB triggers, stored procedures and functions, and events are modelled: migrate → apply →
// status clean, pull reproduces the snapshot, removing one drops exactly it (Down restores it), a
// trigger added by hand shows in `flash diff live schema`, and the DEFINER is not part of the schema.

const engine = withDbPrefix(mysqlEngine, 'rt');

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

const objects: Array<{ name: string; sql: string; exists: string; dropSql: string }> = [
  {
    name: 'trigger t_stamp',
    sql: 'CREATE TRIGGER t_stamp BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n  SET NEW.x = 1;\n  SET NEW.y = NEW.x + 1;\nEND;',
    exists: "SELECT 1 FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND trigger_name = 't_stamp'",
    dropSql: 'DROP TRIGGER IF EXISTS `t_stamp`',
  },
  {
    name: 'trigger t_log',
    sql: "CREATE TRIGGER t_log AFTER DELETE ON t FOR EACH ROW INSERT INTO log (msg) VALUES (CONCAT('deleted ', OLD.id));",
    exists: "SELECT 1 FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND trigger_name = 't_log'",
    dropSql: 'DROP TRIGGER IF EXISTS `t_log`',
  },
  {
    name: 'procedure archive',
    sql: "CREATE PROCEDURE archive(IN keep_id int)\nBEGIN\n  DELETE FROM t WHERE id <> keep_id;\n  INSERT INTO log (msg) VALUES ('archived');\nEND;",
    exists: "SELECT 1 FROM information_schema.routines WHERE routine_schema = DATABASE() AND routine_name = 'archive'",
    dropSql: 'DROP PROCEDURE IF EXISTS `archive`',
  },
  {
    name: 'function plus_one',
    sql: 'CREATE FUNCTION plus_one(a int) RETURNS int DETERMINISTIC RETURN a + 1;',
    exists: "SELECT 1 FROM information_schema.routines WHERE routine_schema = DATABASE() AND routine_name = 'plus_one'",
    dropSql: 'DROP FUNCTION IF EXISTS `plus_one`',
  },
  {
    name: 'event purge_log',
    sql: 'CREATE EVENT purge_log ON SCHEDULE EVERY 1 DAY DO DELETE FROM log;',
    exists: "SELECT 1 FROM information_schema.events WHERE event_schema = DATABASE() AND event_name = 'purge_log'",
    dropSql: 'DROP EVENT IF EXISTS `purge_log`',
  },
];

const base =
  'CREATE TABLE t (id int PRIMARY KEY, x int, y int);\nCREATE TABLE log (id int AUTO_INCREMENT PRIMARY KEY, msg varchar(100) NOT NULL);\n';
const schemaWithout = (skip?: string) =>
  base +
  objects
    .filter((o) => o.name !== skip)
    .map((o) => o.sql + '\n')
    .join('');

describe('MariaDB triggers, procedures, functions and events', () => {
  let p: EngineProject;

  it('migrate → apply → status is clean, and the objects work', async () => {
    p = await newEngineProject(engine, cleanups);
    p.write('db/schema/schema.sql', schemaWithout());
    expectOk(await p.flash('migrate', 'objects'));
    expectOk(await p.flash('apply'));
    const st = await p.flash('status');
    expectOk(st);
    expect(st.stdout).toContain('schema: in sync');
    expect(st.stdout + st.stderr).not.toContain('W_UNMODELLED');
    await p.sql('INSERT INTO t (id) VALUES (1)');
    expect(await p.sql<{ y: number }>('SELECT y FROM t')).toEqual([{ y: 2 }]);
    expect(await p.sql<{ v: number }>('SELECT plus_one(41) AS v')).toEqual([{ v: 42 }]);
  });

  it('a DEFINER of another user is no difference', async () => {
    await p.sql('DROP TRIGGER t_log');
    await p.sql(
      "CREATE DEFINER=`rt_someone`@`%` TRIGGER t_log AFTER DELETE ON t FOR EACH ROW INSERT INTO log (msg) VALUES (CONCAT('deleted ', OLD.id))",
    );
    const st = await p.flash('status');
    expect(st.stdout).toContain('schema: in sync');
  });

  it('pull into an empty repository reproduces the same snapshot hash', async () => {
    const dir = tempDir('flash-rt-mpull-');
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const flash = (...args: string[]) => runFlash(['--cwd', dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: p.url } });
    expectOk(await flash('init', '--mysql'));
    expectOk(await flash('pull'));
    expect(lockHead(readFileSync(`${dir}/db/migrations/flash.lock`, 'utf8'))).toBe(lockHead(p.read('db/migrations/flash.lock')));
  });

  it('a trigger added by hand shows in flash diff live schema', async () => {
    await p.sql('CREATE TRIGGER by_hand BEFORE UPDATE ON t FOR EACH ROW SET NEW.x = 0');
    const diff = await p.flash('diff', 'live', 'schema');
    expect(diff.stdout).toContain('trigger t.by_hand');
    await p.sql('DROP TRIGGER by_hand');
  });

  for (const o of objects) {
    it(`removing ${o.name} is a migration that drops exactly it, whose Down restores it`, async () => {
      p.write('db/schema/schema.sql', schemaWithout(o.name));
      expectOk(await p.flash('migrate', 'drop one'));
      expect(upStatements(p, splitStatements)).toEqual([o.dropSql]);
      expectOk(await p.flash('apply'));
      expect(await p.sql(o.exists)).toHaveLength(0);
      expectOk(await p.flash('down', '--yes'));
      expect(await p.sql(o.exists)).toHaveLength(1);
      expectOk(await p.flash('migrate', '--undo-last', '--yes'));
      p.write('db/schema/schema.sql', schemaWithout());
      expect((await p.flash('status')).stdout).toContain('schema: in sync');
    });
  }
});
