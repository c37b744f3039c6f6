import type { Definition } from './definitions.js';

/**
 * PostgreSQL privileges, modelled as the ACL state rather than the statements that made it: one
 * `privilege` definition per (object, grantee, privilege), kept in `Schema.definitions` so that the
 * diff orders them like the other attached objects (granted after what they apply to, revoked before
 * it is dropped), the merge combines grants to different grantees or of different privileges, and
 * snapshots without privileges keep their hash.
 *
 * What is modelled is the difference from the object's default ACL, never the owner's own
 * privileges: the owner differs between a server and its shadow, and ownership is not versioned. So a
 * table's `GRANT SELECT … TO reader` is `action` grant, and a function's `REVOKE EXECUTE … FROM
 * PUBLIC` (PUBLIC may execute a new function) is `action` revoke; dropping the definition undoes it.
 */
export interface Privilege {
  /** `revoke`: a privilege the object has by default (PUBLIC's EXECUTE on a function) taken away. Omitted for a grant. */
  action?: 'revoke';
  /** `SELECT`, `INSERT`, `UPDATE`, `DELETE`, `TRUNCATE`, `REFERENCES`, `TRIGGER`, `USAGE`, `EXECUTE`, `CREATE`. */
  privilege: string;
  /**
   * What it is on: a relation (`table`, which covers views and materialized views), a sequence, a
   * routine, a schema, or — for `ALTER DEFAULT PRIVILEGES` — the objects created later (`tables`,
   * `sequences`, `functions`, `schemas`).
   */
  on: PrivilegeTarget;
  /** A column privilege (`GRANT SELECT (email) ON users`). */
  column?: string;
  /** The role, unquoted, or `PUBLIC`. */
  grantee: string;
  /** `WITH GRANT OPTION`; omitted when not. */
  grantable?: true;
  /** Default privileges of objects created by this role (`FOR ROLE`); omitted for the role that runs the migrations. */
  forRole?: string;
  /** Default privileges limited to one schema (`IN SCHEMA`); omitted for all schemas. */
  inSchema?: string;
}

export type PrivilegeTarget = 'table' | 'sequence' | 'function' | 'procedure' | 'schema' | 'tables' | 'sequences' | 'functions' | 'schemas';

export const PUBLIC_GRANTEE = 'PUBLIC';

export function isDefaultPrivilege(p: Privilege): boolean {
  return p.on === 'tables' || p.on === 'sequences' || p.on === 'functions' || p.on === 'schemas';
}

/**
 * The identity key: `privilege:SELECT on table users to reader`, `privilege:SELECT (email) on table
 * users to reader`, `privilege:revoke EXECUTE on function public.f(integer) from PUBLIC`,
 * `privilege:default SELECT on tables in schema public to reader`. The grant option is not part of it
 * (adding it changes the privilege).
 */
export function privilegeKey(d: Pick<Definition, 'object' | 'schema' | 'signature'>, p: Privilege): string {
  const what = `${p.privilege}${p.column !== undefined ? ` (${p.column})` : ''}`;
  const verb = p.action === 'revoke' ? `revoke ${what}` : what;
  const to = p.action === 'revoke' ? `from ${p.grantee}` : `to ${p.grantee}`;
  return `privilege:${isDefaultPrivilege(p) ? 'default ' : ''}${verb} on ${targetLabel(d, p)} ${to}`;
}

/**
 * The object and grantee a privilege is about, without the privilege: `table users to reader`. Two
 * branches changing privileges of the same group may conflict (one revokes what the other grants).
 */
export function privilegeGroup(d: Definition): string | undefined {
  const p = d.privilege;
  if (!p) return undefined;
  return `${isDefaultPrivilege(p) ? 'default ' : ''}${targetLabel(d, p)}${p.column !== undefined ? ` (${p.column})` : ''} ${p.grantee}`;
}

function targetLabel(d: Pick<Definition, 'object' | 'schema' | 'signature'>, p: Privilege): string {
  switch (p.on) {
    case 'function':
    case 'procedure':
      return `${p.on} ${d.schema ?? 'public'}.${d.object}(${d.signature ?? ''})`;
    case 'tables':
    case 'sequences':
    case 'functions':
    case 'schemas':
      return `${p.on}${p.forRole !== undefined ? ` for role ${p.forRole}` : ''}${p.inSchema !== undefined ? ` in schema ${p.inSchema}` : ''}`;
    default:
      return `${p.on} ${d.object}`;
  }
}
