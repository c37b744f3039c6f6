/**
 * flash gen on SQLite: better-sqlite3 prepares the statement (so a wrong column fails here) and
 * `stmt.columns()` names each result column's table, column and declared type. NOT NULL comes from
 * the schema IR; expressions are nullable unless core/gen knows better. SQLite parameters have no
 * type; core/gen/resolve-query.ts types them from their column.
 */
import { FlashError } from '../../errors.js';
import type { Connection } from '../dialect.js';
import type { Schema } from '../../core/model/schema.js';
import type { DescribedQuery } from '../../core/gen/model.js';
import { baseFromTypeName, findColumn } from '../../core/gen/ir-types.js';
import { asSqliteConnection } from './driver.js';

export async function describeSqliteQuery(conn: Connection, sql: string, schema: Schema): Promise<DescribedQuery> {
  const db = asSqliteConnection(conn).db;
  let stmt;
  try {
    stmt = db.prepare(sql);
  } catch (err) {
    throw new FlashError(
      'E_SQL',
      err instanceof Error ? err.message : String(err),
      'Fix the SQL statement named in the message and try again.',
      { cause: err, data: { statement: sql.slice(0, 500) } },
    );
  }
  if (!stmt.reader) return { params: [], columns: [] };
  return {
    params: [],
    columns: stmt.columns().map((c) => {
      const col = c.table && c.column ? findColumn(schema, c.table, c.column) : undefined;
      const declared = c.type ?? '';
      return {
        name: c.name,
        type: { base: declared ? baseFromTypeName(declared) : 'unknown', dbType: declared || 'expression' },
        nullable: col ? col.nullable : true,
        ...(c.table && c.column ? { origin: { table: c.table, column: c.column } } : {}),
      };
    }),
  };
}
