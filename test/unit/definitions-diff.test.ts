import { describe, expect, it } from 'vitest';
import { applyOperations } from '../../src/core/diff/apply-operations.js';
import { diffSchemas } from '../../src/core/diff/diff.js';
import type { Definition } from '../../src/core/model/definitions.js';
import { emptySchema, emptyTable, type Schema } from '../../src/core/model/schema.js';
import { canonicalJson } from '../../src/core/snapshot/canonical.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { renderPostgres, renderPostgresSchema } from '../../src/dialects/postgres/render.js';
import { traitsOf } from '../helpers/engine-traits.js';

// Functions, procedures, triggers, policies and row security are compared by whole definition:
// create, drop, CREATE OR REPLACE when the header is unchanged, drop + create otherwise, with
// dependents recreated when what they stand on is.

const fn = (body: string, returns = 'integer', args = 'x integer'): Definition => ({
  name: 'function:public.f(integer)',
  kind: 'function',
  object: 'f',
  schema: 'public',
  signature: 'integer',
  definition: `CREATE OR REPLACE FUNCTION public.f(${args})\n RETURNS ${returns}\n LANGUAGE sql\nAS $function$ SELECT ${body} $function$`,
});
const touch: Definition = {
  name: 'function:public.touch()',
  kind: 'function',
  object: 'touch',
  schema: 'public',
  signature: '',
  definition:
    'CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ BEGIN RETURN NEW; END $function$',
};
const trigger = (table = 'users', when = ''): Definition => ({
  name: `trigger:${table}.t_touch`,
  kind: 'trigger',
  object: 't_touch',
  table,
  definition: `CREATE TRIGGER t_touch BEFORE UPDATE ON public.${table} FOR EACH ROW${when} EXECUTE FUNCTION touch()`,
});

function pg(definitions: Definition[], columns = ['id', 'name']): Schema {
  const s = emptySchema('postgresql');
  s.tables.push({
    ...emptyTable('users'),
    columns: columns.map((name) => ({ name, type: 'text', family: 'text' as const, nullable: true })),
  });
  if (definitions.length) s.definitions = definitions;
  return s;
}

function sql(from: Schema, to: Schema): string[] {
  const ops = diffSchemas(from, to, { traits: traitsOf('postgresql') });
  expect(canonicalJson(snapshotOf(applyOperations(from, ops)).schema)).toBe(canonicalJson(snapshotOf(to).schema));
  return renderPostgres(ops, { from, to }).map((s) => s.sql);
}

describe('definition-compared objects in the diff', () => {
  it('a schema without them hashes as before (the collection is omitted, not empty)', () => {
    expect(snapshotOf(pg([])).content).not.toContain('definitions');
    expect(snapshotOf({ ...pg([]), definitions: [] }).id).toBe(snapshotOf(pg([])).id);
  });

  it('a changed body is CREATE OR REPLACE; a changed return type or argument name is drop + create', () => {
    expect(sql(pg([fn('x + 1')]), pg([fn('x + 2')]))).toEqual([fn('x + 2').definition]);
    expect(sql(pg([fn('x + 1')]), pg([fn('x + 1', 'bigint')]))).toEqual([
      'DROP FUNCTION public.f(integer)',
      fn('x + 1', 'bigint').definition,
    ]);
    expect(sql(pg([fn('y + 1', 'integer', 'y integer')]), pg([fn('x + 1')]))[0]).toBe('DROP FUNCTION public.f(integer)');
  });

  it('routines are created before tables and triggers after them; drops go the other way', () => {
    const up = sql(emptySchema('postgresql'), pg([touch, trigger()]));
    expect(up.map((s) => s.split(/[\s(]/).slice(0, 2).join(' '))).toEqual(['CREATE OR', 'CREATE TABLE', 'CREATE TRIGGER']);
    const down = sql(pg([touch, trigger()]), emptySchema('postgresql'));
    expect(down).toEqual(['DROP TRIGGER t_touch ON public.users', 'DROP TABLE users', 'DROP FUNCTION public.touch()']);
  });

  it('an unchanged trigger is recreated around a column it mentions changing, and around its function being recreated', () => {
    const when = ' WHEN ((old.name IS DISTINCT FROM new.name))';
    const dropped = sql(pg([touch, trigger('users', when)]), pg([touch, trigger('users', when)], ['id']));
    expect(dropped[0]).toBe('DROP TRIGGER t_touch ON public.users');
    expect(dropped.at(-1)).toBe(trigger('users', when).definition);
    // a column the trigger does not mention changes nothing for it
    expect(sql(pg([touch, trigger()]), pg([touch, trigger()], ['id', 'name', 'extra']))).toEqual([
      'ALTER TABLE users ADD COLUMN extra text',
    ]);
    const newTouch = {
      ...touch,
      definition: touch.definition
        .replace(' RETURNS trigger', ' RETURNS trigger\n SECURITY DEFINER')
        .replace('CREATE OR REPLACE FUNCTION public.touch()', 'CREATE OR REPLACE FUNCTION public.touch(  )'),
    };
    const recreated = sql(pg([touch, trigger()]), pg([newTouch, trigger()]));
    expect(recreated).toEqual([
      'DROP TRIGGER t_touch ON public.users',
      'DROP FUNCTION public.touch()',
      newTouch.definition,
      trigger().definition,
    ]);
  });

  it('a SQL routine reading a table of another schema is created after it, and dropped before it', () => {
    const total: Definition = {
      name: 'function:billing.total(integer)',
      kind: 'function',
      object: 'total',
      schema: 'billing',
      signature: 'integer',
      definition:
        'CREATE OR REPLACE FUNCTION billing.total(uid integer)\n RETURNS bigint\n LANGUAGE sql\nAS $function$ SELECT count(*) FROM billing.invoices WHERE user_id = uid $function$',
    };
    const withInvoices = (definitions: Definition[]): Schema => {
      const s = pg(definitions);
      s.namespaces = [{ name: 'billing' }];
      s.tables.push({
        ...emptyTable('billing.invoices'),
        columns: [{ name: 'user_id', type: 'integer', family: 'integer', nullable: true }],
      });
      return s;
    };
    const up = sql(emptySchema('postgresql'), withInvoices([total]));
    expect(up.findIndex((s) => s.startsWith('CREATE OR REPLACE FUNCTION billing.total'))).toBeGreaterThan(
      up.findIndex((s) => s.startsWith('CREATE TABLE billing.invoices')),
    );
    const down = sql(withInvoices([total]), emptySchema('postgresql'));
    expect(down.indexOf('DROP FUNCTION billing.total(integer)')).toBeLessThan(down.indexOf('DROP TABLE billing.invoices'));
    // the script that builds the schema from nothing (pull, the shadow) in the same order
    const script = renderPostgresSchema(withInvoices([total]));
    expect(script.indexOf('CREATE OR REPLACE FUNCTION billing.total')).toBeGreaterThan(script.indexOf('CREATE TABLE billing.invoices'));
  });

  it('row security is one object: enabling and disabling it', () => {
    const rls: Definition = {
      name: 'rls:users',
      kind: 'row security',
      object: 'users',
      table: 'users',
      definition: 'ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;\nALTER TABLE public.users FORCE ROW LEVEL SECURITY',
    };
    expect(sql(pg([]), pg([rls]))).toEqual([
      'ALTER TABLE public.users ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE public.users FORCE ROW LEVEL SECURITY',
    ]);
    expect(sql(pg([rls]), pg([]))).toEqual([
      'ALTER TABLE public.users NO FORCE ROW LEVEL SECURITY',
      'ALTER TABLE public.users DISABLE ROW LEVEL SECURITY',
    ]);
  });
});
