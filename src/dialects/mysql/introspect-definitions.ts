import type { Definition } from '../../core/model/definitions.js';
import { eventKey, routineKey, tableObjectKey } from '../../core/model/definitions.js';
import type { Connection } from '../dialect.js';
import { q } from './ddl.js';

type Row = Record<string, unknown>;

/**
 * Triggers, stored procedures and functions, and events of the current MySQL/MariaDB database, as the
 * statements `SHOW CREATE …` returns (the server keeps the text the user wrote), with the DEFINER
 * clause removed: who created an object is not part of the schema, so a dump made by another user
 * shows no difference. An event's STARTS time is removed too: the server fills it with the moment
 * of creation, which differs between any two databases. One catalog query lists the objects; the
 * definitions need one `SHOW CREATE` each (the catalog has no complete text for routines and events).
 */
export async function introspectDefinitionsMysql(conn: Connection): Promise<Definition[]> {
  const out: Definition[] = [];
  // One round trip lists all three kinds, so introspection keeps a fixed number of catalog queries.
  const objects = await conn.query<Row>(
    `SELECT 'TRIGGER' AS type, trigger_name AS name, event_object_table AS tbl FROM information_schema.triggers
      WHERE trigger_schema = DATABASE() AND event_object_table NOT LIKE '\\_flash\\_%'
     UNION ALL
     SELECT routine_type, routine_name, NULL FROM information_schema.routines WHERE routine_schema = DATABASE()
     UNION ALL
     SELECT 'EVENT', event_name, NULL FROM information_schema.events WHERE event_schema = DATABASE()`,
  );
  for (const r of objects) {
    const type = String(r.type).toUpperCase();
    const name = String(r.name);
    if (type === 'TRIGGER') {
      const text = await showCreate(conn, 'TRIGGER', name, 'SQL Original Statement');
      out.push({
        name: tableObjectKey('trigger', String(r.tbl), name),
        kind: 'trigger',
        object: name,
        table: String(r.tbl),
        definition: text,
      });
    } else if (type === 'EVENT') {
      const text = (await showCreate(conn, 'EVENT', name, 'Create Event')).replace(/ STARTS '[^']*'/, '');
      out.push({ name: eventKey(name), kind: 'event', object: name, definition: text });
    } else {
      const kind = type === 'PROCEDURE' ? 'procedure' : 'function';
      const text = await showCreate(conn, kind.toUpperCase(), name, kind === 'procedure' ? 'Create Procedure' : 'Create Function');
      // No overloading in MySQL: the name alone identifies a routine.
      out.push({ name: routineKey(kind, undefined, name), kind, object: name, definition: text });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `SHOW CREATE <kind> <name>` without the DEFINER; `database` for an object of another database than the current one. */
export async function showCreate(
  conn: Pick<Connection, 'query'>,
  kind: string,
  name: string,
  column: string,
  database?: string,
): Promise<string> {
  const rows = await conn.query<Record<string, string | null>>(
    `SHOW CREATE ${kind} ${database !== undefined ? `${q(database)}.` : ''}${q(name)}`,
  );
  // null when the current user may not see the body (no privilege on the routine)
  const text = rows.length ? rows[0][column] : null;
  return withoutDefiner((text ?? '').trim());
}

/** `CREATE DEFINER=`u`@`h` TRIGGER …` → `CREATE TRIGGER …` (whatever the quoting of user and host). */
export function withoutDefiner(sql: string): string {
  return sql.replace(
    /^(CREATE\s+(?:OR\s+REPLACE\s+)?)DEFINER\s*=\s*(?:`(?:[^`]|``)*`|'(?:[^']|'')*'|[^\s@]+)(?:@(?:`(?:[^`]|``)*`|'(?:[^']|'')*'|\S+))?\s+/i,
    '$1',
  );
}
