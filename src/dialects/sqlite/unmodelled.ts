import { classifyDeclaration, type UnmodelledObject } from '../../core/model/unmodelled.js';
import type { Connection } from '../dialect.js';

/**
 * What a SQLite database holds that the IR does not model: virtual tables (FTS, R*Tree, …; their
 * shadow tables belong to them and are not listed separately). Everything else in sqlite_schema —
 * tables, indexes, views, triggers — is modelled.
 */
export async function unmodelledSqlite(conn: Connection): Promise<UnmodelledObject[]> {
  const rows = await conn.query<{ name: string }>(
    `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'virtual' AND name NOT LIKE '\\_flash\\_%' ESCAPE '\\' ORDER BY name`,
  );
  return rows.map((r) => ({ kind: 'virtual table', name: r.name, table: r.name }));
}

/**
 * A `db/schema` statement declaring something the IR does not model: a virtual table; and GRANT /
 * REVOKE (PostgreSQL's privileges, which SQLite has not), named rather than left to a syntax error.
 */
export function unsupportedStatementSqlite(sql: string): UnmodelledObject | undefined {
  return classifyDeclaration(sql, [
    [/^create virtual table (?:if not exists )?/i, 'virtual table'],
    [/^(?:grant|revoke) /i, 'privileges'],
    [/^alter default privileges\b/i, 'default privileges'],
  ]);
}
