import { classifyDeclaration, type Declarations, type UnmodelledObject } from '../../core/model/unmodelled.js';
import type { Connection } from '../dialect.js';

/**
 * Everything in a MySQL/MariaDB database that the IR does not model (triggers, stored procedures and
 * functions and events are modelled, see introspect-definitions.ts, and so are table options, see
 * create-options.ts): partitioning, sequences and system-versioned tables (MariaDB). One query.
 */
const sql = `
SELECT DISTINCT 'partitioned table' AS kind, table_name AS name, table_name AS tbl FROM information_schema.partitions
  WHERE table_schema = DATABASE() AND partition_name IS NOT NULL
UNION ALL
SELECT CASE table_type WHEN 'SEQUENCE' THEN 'sequence' ELSE 'system-versioned table' END, table_name, table_name
  FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type IN ('SEQUENCE', 'SYSTEM VERSIONED')`;

export async function unmodelledMysql(conn: Connection): Promise<UnmodelledObject[]> {
  const rows = await conn.query<{ kind: string; name: string; tbl: string | null }>(sql);
  return rows
    .map((r) =>
      r.tbl ? { kind: String(r.kind), name: String(r.name), table: String(r.tbl) } : { kind: String(r.kind), name: String(r.name) },
    )
    .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind.localeCompare(b.kind)));
}

/** A `db/schema` statement declaring something the IR does not model (see the PostgreSQL twin). */
const declarations: Declarations = [
  // Triggers, procedures, functions and events are modelled (definitions.ts); MariaDB aggregate functions and UDF plugins are not.
  [/^create (?:or replace )?(?:definer ?= ?\S+ )?aggregate function (?:if not exists )?/i, 'aggregate function'],
  [/^create (?:or replace )?function (?:if not exists )?(?=\S+ returns (?:string|integer|real|decimal) soname\b)/i, 'loadable function'],
  [/^create (?:or replace )?sequence (?:if not exists )?/i, 'sequence'],
  [/^create (?:or replace )?(?:role|user) (?:if not exists )?/i, 'role'],
  [/^create server /i, 'server'],
  [/^grant /i, 'privileges'],
  [/^revoke /i, 'privileges'],
  [/^alter default privileges\b/i, 'default privileges'],
];

export function unsupportedStatementMysql(sql: string): UnmodelledObject | undefined {
  return classifyDeclaration(sql, declarations);
}
