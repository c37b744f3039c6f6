import { describe, expect, it } from 'vitest';
import { rolesNamedBy } from '../../src/dialects/postgres/grant-roles.js';
import { privilegeSql } from '../../src/dialects/postgres/render-privileges.js';
import { privilegeGroup, privilegeKey, type Privilege } from '../../src/core/model/privileges.js';
import type { Definition } from '../../src/core/model/definitions.js';

// Privileges are modelled as ACL state (core/model/privileges.ts); these pin the SQL each one renders
// to (and its undo), its identity key, and which roles a script needs (roles are cluster objects).

describe('privilege SQL and keys', () => {
  const table = { object: 'users' };
  const fn = { object: 'f', schema: 'public', signature: 'integer' };
  const cases: Array<[Pick<Definition, 'object' | 'schema' | 'signature'>, Privilege, string, string, string]> = [
    [
      table,
      { privilege: 'SELECT', on: 'table', grantee: 'reader' },
      'GRANT SELECT ON TABLE public.users TO reader',
      'REVOKE SELECT ON TABLE public.users FROM reader',
      'privilege:SELECT on table users to reader',
    ],
    [
      table,
      { privilege: 'UPDATE', on: 'table', column: 'Email', grantee: 'Mixed Case', grantable: true },
      'GRANT UPDATE ("Email") ON TABLE public.users TO "Mixed Case" WITH GRANT OPTION',
      'REVOKE UPDATE ("Email") ON TABLE public.users FROM "Mixed Case"',
      'privilege:UPDATE (Email) on table users to Mixed Case',
    ],
    [
      fn,
      { action: 'revoke', privilege: 'EXECUTE', on: 'function', grantee: 'PUBLIC' },
      'REVOKE EXECUTE ON FUNCTION public.f(integer) FROM PUBLIC',
      'GRANT EXECUTE ON FUNCTION public.f(integer) TO PUBLIC',
      'privilege:revoke EXECUTE on function public.f(integer) from PUBLIC',
    ],
    [
      { object: 'default privileges' },
      { privilege: 'SELECT', on: 'tables', grantee: 'reader', inSchema: 'public', forRole: 'app' },
      'ALTER DEFAULT PRIVILEGES FOR ROLE app IN SCHEMA public GRANT SELECT ON TABLES TO reader',
      'ALTER DEFAULT PRIVILEGES FOR ROLE app IN SCHEMA public REVOKE SELECT ON TABLES FROM reader',
      'privilege:default SELECT on tables for role app in schema public to reader',
    ],
  ];
  it.each(cases)('%# %s', (d, p, sql, undo, key) => {
    expect(privilegeSql(d, p)).toBe(sql);
    expect(privilegeSql(d, p, true)).toBe(undo);
    expect(privilegeKey(d, p)).toBe(key);
  });

  it('groups privileges by object and grantee', () => {
    const a = {
      name: 'a',
      kind: 'privilege' as const,
      object: 'users',
      definition: '',
      privilege: { privilege: 'SELECT', on: 'table' as const, grantee: 'r' },
    };
    const b = { ...a, privilege: { ...a.privilege, privilege: 'INSERT' } };
    expect(privilegeGroup(a)).toBe(privilegeGroup(b));
    expect(privilegeGroup({ ...a, privilege: { ...a.privilege, grantee: 's' } })).not.toBe(privilegeGroup(a));
  });
});

describe('roles a script names', () => {
  it('finds grantees, FOR ROLE and policy roles; skips PUBLIC and CURRENT_USER', () => {
    const script = [
      'CREATE TABLE t (id int);',
      'GRANT SELECT, INSERT ON t TO reader, "Mixed Case" WITH GRANT OPTION;',
      'REVOKE ALL ON t FROM PUBLIC;',
      'GRANT SELECT ON t TO CURRENT_USER;',
      'ALTER DEFAULT PRIVILEGES FOR ROLE app IN SCHEMA public GRANT SELECT ON TABLES TO auditor;',
      'REVOKE EXECUTE ON FUNCTION f(integer) FROM writer CASCADE;',
      'CREATE POLICY p ON t FOR SELECT TO viewer USING (true);',
    ].join('\n');
    expect(rolesNamedBy([script])).toEqual(['reader', 'Mixed Case', 'app', 'auditor', 'writer', 'viewer']);
  });
});
