import type { Definition } from '../../core/model/definitions.js';
import { isDefaultPrivilege, PUBLIC_GRANTEE, type Privilege } from '../../core/model/privileges.js';
import { quoteIdent, quoteQualified } from './quote.js';

/**
 * GRANT / REVOKE for a `privilege` definition (core/model/privileges.ts). `undo` gives the statement
 * that takes it back: REVOKE for a grant, GRANT again for a revoked default.
 */
export function privilegeSql(d: Pick<Definition, 'object' | 'schema' | 'signature'>, p: Privilege, undo = false): string {
  const grant = (p.action === 'revoke') === undo;
  const what = `${p.privilege}${p.column !== undefined ? ` (${quoteIdent(p.column)})` : ''}`;
  const grantee = p.grantee === PUBLIC_GRANTEE ? 'PUBLIC' : quoteIdent(p.grantee);
  const prefix = isDefaultPrivilege(p)
    ? `ALTER DEFAULT PRIVILEGES${p.forRole !== undefined ? ` FOR ROLE ${quoteIdent(p.forRole)}` : ''}${p.inSchema !== undefined ? ` IN SCHEMA ${quoteIdent(p.inSchema)}` : ''} `
    : '';
  const target = targetSql(d, p);
  return grant
    ? `${prefix}GRANT ${what} ON ${target} TO ${grantee}${p.grantable && !undo ? ' WITH GRANT OPTION' : ''}`
    : `${prefix}REVOKE ${what} ON ${target} FROM ${grantee}`;
}

function targetSql(d: Pick<Definition, 'object' | 'schema' | 'signature'>, p: Privilege): string {
  switch (p.on) {
    case 'table':
    case 'sequence':
      return `${p.on.toUpperCase()} ${quoteQualified(d.object)}`;
    case 'function':
    case 'procedure':
      return `${p.on.toUpperCase()} ${quoteIdent(d.schema ?? 'public')}.${quoteIdent(d.object)}(${d.signature ?? ''})`;
    case 'schema':
      return `SCHEMA ${quoteIdent(d.object)}`;
    default:
      return p.on.toUpperCase();
  }
}
