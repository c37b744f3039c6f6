import { describe, expect, it } from 'vitest';
import type { Definition } from '../../src/core/model/definitions.js';
import { privilegeKey, type Privilege } from '../../src/core/model/privileges.js';
import { privilegeSql } from '../../src/dialects/postgres/render-privileges.js';
import type { Schema } from '../../src/core/model/schema.js';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import { traitsOf } from '../helpers/engine-traits.js';
import { codes, col, edit, merge, mergedOf, schema, table } from './merge-ir.js';

// Privileges merge one (object, grantee, privilege) at a time: different grants on both sides combine;
// one side revoking while the other grants to the same grantee on the same object is C010; a grant on
// something the other side drops is C004.

function grant(p: Omit<Privilege, 'on'> & { on?: Privilege['on'] }, object = 'users'): Definition {
  const priv: Privilege = { on: 'table', ...p };
  const fn = priv.on === 'function';
  const id = fn ? { object, schema: 'public', signature: '' } : { object, table: object };
  return { name: privilegeKey(id, priv), kind: 'privilege', ...id, definition: privilegeSql(id, priv), privilege: priv };
}

const fnDef: Definition = {
  name: 'function:public.f()',
  kind: 'function',
  object: 'f',
  schema: 'public',
  signature: '',
  definition: 'CREATE OR REPLACE FUNCTION public.f()\n RETURNS integer\n LANGUAGE sql\nAS $function$ select 1 $function$',
};

function withDefs(s: Schema, defs: Definition[]): Schema {
  const definitions = [...defs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { ...s, ...(definitions.length ? { definitions } : {}) };
}

const plain = schema([table('users', [col('id'), col('email', 'text')]), table('orders', [col('id')])]);
const selectR = grant({ privilege: 'SELECT', grantee: 'r' });
const insertR = grant({ privilege: 'INSERT', grantee: 'r' });
const updateEmailR = grant({ privilege: 'UPDATE', column: 'email', grantee: 'r' });

describe('merging privileges', () => {
  it('both sides granting different privileges to one grantee merge cleanly', () => {
    const base = withDefs(plain, []);
    const merged = mergedOf(merge(base, withDefs(plain, [selectR]), withDefs(plain, [insertR])));
    expect(merged.definitions?.map((d) => d.name)).toEqual([insertR.name, selectR.name]);
  });

  it('one side revoking what the other still grants while it grants more to that grantee is C010', () => {
    const base = withDefs(plain, [selectR]);
    const ours = withDefs(plain, []);
    const theirs = withDefs(plain, [selectR, insertR]);
    const r = merge(base, ours, theirs);
    expect(codes(r)).toEqual(['C010']);
    if (r.ok) return;
    const c = r.conflicts[0];
    expect(c.kind).toBe('privilege-revoke-vs-grant');
    expect(c.path).toBe('privileges:table users r');
    expect(c.related).toEqual([insertR.name, selectR.name]);
    // either side's privileges of the pair settle it
    const traits = traitsOf('postgresql');
    const keepOurs = mergeSchemas(base, ours, theirs, { traits, resolutions: { [c.path]: 'ours' } });
    expect(keepOurs.ok && (keepOurs.merged.definitions ?? []).length).toBe(0);
    const keepTheirs = mergeSchemas(base, ours, theirs, { traits, resolutions: { [c.path]: 'theirs' } });
    expect(keepTheirs.ok && keepTheirs.merged.definitions?.map((d) => d.name)).toEqual([insertR.name, selectR.name]);
  });

  it('revoking on one grantee while the other side grants to another grantee merges', () => {
    const selectS = grant({ privilege: 'SELECT', grantee: 's' });
    const merged = mergedOf(merge(withDefs(plain, [selectR]), withDefs(plain, []), withDefs(plain, [selectR, selectS])));
    expect(merged.definitions?.map((d) => d.name)).toEqual([selectS.name]);
  });

  it('a grant on a table the other side drops is C004', () => {
    const base = withDefs(plain, []);
    const ours = withDefs(plain, [selectR]);
    const theirs = edit(base, (s) => {
      s.tables = s.tables.filter((t) => t.name !== 'users');
    });
    expect(codes(merge(base, ours, theirs))).toEqual(['C004']);
  });

  it('a column grant on a column the other side drops is C004; a table grant is not', () => {
    const base = withDefs(plain, []);
    const theirs = edit(base, (s) => {
      const users = s.tables.find((t) => t.name === 'users')!;
      users.columns = users.columns.filter((c) => c.name !== 'email');
    });
    expect(codes(merge(base, withDefs(plain, [updateEmailR]), theirs))).toEqual(['C004']);
    expect(codes(merge(base, withDefs(plain, [selectR]), theirs))).toEqual([]);
  });

  it('an EXECUTE grant on a function the other side drops is C004', () => {
    const execR = grant({ privilege: 'EXECUTE', on: 'function', grantee: 'r' }, 'f');
    const base = withDefs(plain, [fnDef]);
    expect(codes(merge(base, withDefs(plain, [fnDef, execR]), withDefs(plain, [])))).toEqual(['C004']);
  });
});
