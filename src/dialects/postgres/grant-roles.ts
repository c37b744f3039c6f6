import { FlashError } from '../../errors.js';
import { statementHead } from '../../core/model/unmodelled.js';
import type { Connection } from '../dialect.js';
import { splitStatements } from './split-statements.js';

/**
 * Roles are cluster objects: Flash versions what is granted to them, never the roles themselves. A
 * script that grants to a role (GRANT, REVOKE, ALTER DEFAULT PRIVILEGES … FOR ROLE, CREATE POLICY …
 * TO) needs it to exist on the server it runs on. These helpers find the roles a script names, so that
 * `flash apply` and a server shadow refuse a missing one before running anything (E_MISSING_ROLE),
 * and the embedded PGlite shadow — which has only its own superuser — creates them (NOLOGIN) in its
 * throwaway instance.
 */

/** Not roles: keywords that stand where a role name goes. */
const pseudoRoles = new Set(['public', 'current_user', 'session_user', 'current_role', 'group']);

/**
 * The role names (unquoted) that the scripts grant to, revoke from, or set default privileges for,
 * in order of appearance. Each script may hold several statements.
 */
export function rolesNamedBy(scripts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const sql of scripts.flatMap((s) => splitStatements(s).map((x) => x.sql))) {
    const head = statementHead(sql).replace(/;\s*$/, '');
    if (/^(?:grant|revoke|alter default privileges)\b/i.test(head)) {
      const forRole = /\bfor (?:role|user) (.+?)(?= in schema | grant | revoke )/i.exec(head);
      if (forRole) for (const r of roleList(forRole[1])) out.add(r);
      const grantees =
        /^(?:.*?\b(?:grant|revoke)\b) .* (?:to|from) ((?:(?:group )?(?:"(?:[^"]|"")+"|[\w$]+)(?:, ?)?)+)(?: with (?:grant|admin|inherit|set) option| granted by .*| cascade| restrict)*$/i.exec(
          head,
        );
      if (grantees) for (const r of roleList(grantees[1])) out.add(r);
    } else if (/^create policy /i.test(head)) {
      const to = / to ((?:(?:"(?:[^"]|"")+"|[\w$]+)(?:, ?)?)+)(?: using\b| with check\b|$)/i.exec(head);
      if (to) for (const r of roleList(to[1])) out.add(r);
    }
  }
  return [...out];
}

function roleList(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:group )?("(?:[^"]|"")+"|[\w$]+)/gi)) {
    const raw = m[1];
    const name = raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw.toLowerCase();
    if (!raw.startsWith('"') && pseudoRoles.has(name)) continue;
    out.push(name);
  }
  return out;
}

/** The roles of `names` that do not exist on the server behind `conn`. */
export async function missingRoles(conn: Connection, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await conn.query<{ name: string }>(
    'select n as name from unnest($1::text[]) n where not exists (select 1 from pg_roles r where r.rolname = n)',
    [[...names]],
  );
  return rows.map((r) => r.name);
}

export function missingRoleError(roles: readonly string[], where: string): FlashError {
  const list = roles.map((r) => `"${r}"`).join(', ');
  return new FlashError(
    'E_MISSING_ROLE',
    `${roles.length === 1 ? 'Role' : 'Roles'} ${list} ${roles.length === 1 ? 'does' : 'do'} not exist on ${where}; nothing was run.`,
    `Roles are cluster objects that Flash does not version: create ${roles.length === 1 ? 'it' : 'them'} on that server (e.g. CREATE ROLE ${quoteRole(roles[0])} NOLOGIN) and run the command again.`,
    { data: { roles: [...roles] } },
  );
}

function quoteRole(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** In a throwaway PGlite instance: create the roles the scripts name (NOLOGIN), so that their grants run as they would on a server. */
export async function createNamedRoles(conn: Connection, scripts: readonly string[]): Promise<void> {
  for (const name of await missingRoles(conn, rolesNamedBy(scripts))) await conn.exec(`CREATE ROLE ${quoteRole(name)} NOLOGIN`);
}

/** Refuse (E_MISSING_ROLE) scripts that name a role the server behind `conn` lacks, before any of them runs. */
export async function checkRoles(conn: Connection, scripts: readonly string[], where: string): Promise<void> {
  const missing = await missingRoles(conn, rolesNamedBy(scripts));
  if (missing.length > 0) throw missingRoleError(missing, where);
}
