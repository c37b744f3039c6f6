import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFlash, tempDir, type CliResult } from '../helpers/cli.js';
import { expectOk, newEngineProject, type EngineProject, migrateAndApply } from '../helpers/engine-project.js';
import { postgresEngine, withDbPrefix } from './lifecycle-engines.js';

// Standalone sequences are part of the model: created before the tables whose defaults call
// nextval() on them, OWNED BY set once the table exists, dropped after their users, and pulled.

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

const engine = withDbPrefix(postgresEngine, 'pt');

const SCHEMA = `CREATE SEQUENCE invoice_no START WITH 1000 INCREMENT BY 10;
CREATE SEQUENCE ticket_seq AS integer CACHE 5;
CREATE TABLE invoices (id serial PRIMARY KEY, no bigint NOT NULL DEFAULT nextval('invoice_no'));
CREATE TABLE tickets (id integer NOT NULL DEFAULT nextval('ticket_seq') PRIMARY KEY, title text);
ALTER SEQUENCE ticket_seq OWNED BY tickets.id;
`;

const statements = (p: EngineProject, file: string): string[] =>
  p
    .read(`db/migrations/${file}`)
    .split('-- +migrate Down')[0]
    .match(/^(DROP|CREATE|ALTER) .*$/gm) ?? [];

async function sequences(p: EngineProject): Promise<string[]> {
  return (
    await p.sql<{ relname: string }>("select relname from pg_class where relkind = 'S' and relname not like '\\_flash\\_%' order by 1")
  ).map((r) => r.relname);
}

describe('PostgreSQL standalone sequences', () => {
  it('migrate → apply → status is clean; values come from the sequences; pull reproduces the same snapshot', async () => {
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/schema.sql', SCHEMA);
    const file = await migrateAndApply(p, 'sequences');
    const sql = statements(p, file);
    expect(sql.indexOf('CREATE SEQUENCE invoice_no INCREMENT BY 10 START WITH 1000;')).toBeGreaterThan(-1);
    expect(sql.indexOf('CREATE SEQUENCE invoice_no INCREMENT BY 10 START WITH 1000;')).toBeLessThan(
      sql.findIndex((s) => s.startsWith('CREATE TABLE invoices')),
    );
    expect(sql.at(-1)).toBe('ALTER SEQUENCE ticket_seq OWNED BY tickets.id;');
    await p.sql("insert into invoices default values; insert into invoices default values; insert into tickets (title) values ('a')");
    expect((await p.sql<{ no: string }>('select no from invoices order by id')).map((r) => r.no)).toEqual(['1000', '1010']);
    expect(await sequences(p)).toEqual(['invoice_no', 'invoices_id_seq', 'ticket_seq']);

    const dir = tempDir('flash-pt-seqpull-');
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    const q = (...args: string[]) => runFlash(['--cwd', dir, ...args], { cwd: os.tmpdir(), env: { DATABASE_URL: p.url } });
    expectOk(await q('init', '--postgresql'));
    expectOk(await q('pull'));
    const pulled = readFileSync(path.join(dir, 'db/schema/schema.sql'), 'utf8');
    expect(pulled).toContain('CREATE SEQUENCE ticket_seq AS integer CACHE 5');
    expect(pulled).toContain('ALTER SEQUENCE ticket_seq OWNED BY tickets.id');
    const head = async (run: (...args: string[]) => Promise<CliResult>) =>
      (JSON.parse((await run('--json', 'status')).stdout) as { chainHead: string }).chainHead;
    expect(await head(q)).toBe(await head(p.flash));
  });

  it('changing options alters in place; removing a sequence drops exactly it after its user; Down restores it', async () => {
    const p = await newEngineProject(engine, cleanups);
    p.write('db/schema/schema.sql', SCHEMA);
    await migrateAndApply(p, 'sequences');
    p.write('db/schema/schema.sql', SCHEMA.replace('INCREMENT BY 10', 'INCREMENT BY 5'));
    expect(statements(p, await migrateAndApply(p, 'step 5'))).toEqual([
      'ALTER SEQUENCE invoice_no AS bigint INCREMENT BY 5 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1000 CACHE 1 NO CYCLE;',
    ]);

    const noInvoiceNo = SCHEMA.replace('INCREMENT BY 10', 'INCREMENT BY 5')
      .replace(/CREATE SEQUENCE invoice_no[^\n]*\n/, '')
      .replace(" DEFAULT nextval('invoice_no')", '');
    p.write('db/schema/schema.sql', noInvoiceNo);
    expect(statements(p, await migrateAndApply(p, 'no invoice_no'))).toEqual([
      'ALTER TABLE invoices ALTER COLUMN no DROP DEFAULT;',
      'DROP SEQUENCE IF EXISTS invoice_no;',
    ]);
    expect(await sequences(p)).toEqual(['invoices_id_seq', 'ticket_seq']);
    expectOk(await p.flash('down', '--yes'));
    expect(await sequences(p)).toEqual(['invoice_no', 'invoices_id_seq', 'ticket_seq']);
    expectOk(await p.flash('apply'));

    // the owned sequence goes with its table
    p.write(
      'db/schema/schema.sql',
      noInvoiceNo
        .replace(/CREATE SEQUENCE ticket_seq[^\n]*\n/, '')
        .replace(/CREATE TABLE tickets[^\n]*\n/, '')
        .replace(/ALTER SEQUENCE[^\n]*\n/, ''),
    );
    expect(statements(p, await migrateAndApply(p, 'no tickets'))).toEqual([
      'ALTER SEQUENCE ticket_seq OWNED BY NONE;',
      'DROP TABLE tickets;',
      'DROP SEQUENCE IF EXISTS ticket_seq;',
    ]);
    expectOk(await p.flash('down', '--yes'));
    expect(await sequences(p)).toContain('ticket_seq');
    const [owner] = await p.sql<{ owner: string | null }>("select pg_get_serial_sequence('tickets', 'id') as owner");
    expect(owner.owner).toBe('public.ticket_seq');
  });
});
