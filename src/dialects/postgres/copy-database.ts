import { readsOnly, rowTables } from '../../core/model/row-tables.js';
import type { Connection } from '../dialect.js';
import { connectPostgres } from './driver.js';
import { introspectPostgres } from './introspect.js';
import { renderPostgresSchemaParts } from './render.js';
import { quoteIdent as q, quoteName } from './quote.js';

const BATCH = 2000;

/**
 * Schema and rows of `source` into the empty database `target` through SQL, for when a template copy
 * is impossible. Covers what the IR covers (tables, enums, keys, indexes, views, comments) in every
 * schema (a table outside `public` by its schema-qualified IR name). Rows travel as JSON, which keeps
 * every value exact (timestamps to the microsecond, bytea), read in one REPEATABLE READ snapshot so
 * the copy is consistent.
 */
export async function copyDatabaseContents(sourceUrl: string, targetUrl: string): Promise<void> {
  const source = await connectPostgres(sourceUrl, { applicationName: 'flash-copy' });
  let target: Connection | undefined;
  try {
    target = await connectPostgres(targetUrl, { applicationName: 'flash-copy' });
    await source.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const schema = await introspectPostgres(source);
    const parts = renderPostgresSchemaParts(schema);
    await target.exec('BEGIN');
    for (const sql of parts.preData) await target.exec(sql);
    for (const table of rowTables(schema)) {
      const columns = table.columns.filter((c) => !c.generated).map((c) => q(c.name));
      if (columns.length === 0) continue;
      const list = columns.join(', ');
      const overriding = table.columns.some((c) => c.identity === 'always') ? ' OVERRIDING SYSTEM VALUE' : '';
      const only = readsOnly(table) ? 'ONLY ' : '';
      await source.exec(`DECLARE flash_copy NO SCROLL CURSOR FOR SELECT row_to_json(r)::text AS j FROM ${only}${quoteName(table.name)} r`);
      for (;;) {
        const rows = await source.query<{ j: string }>(`FETCH ${BATCH} FROM flash_copy`);
        if (rows.length === 0) break;
        const json = `[${rows.map((r) => r.j).join(',')}]`;
        await target.query(
          `INSERT INTO ${quoteName(table.name)} (${list})${overriding} SELECT ${list} FROM json_populate_recordset(NULL::${quoteName(table.name)}, ?::json)`,
          [json],
        );
        if (rows.length < BATCH) break;
      }
      await source.exec('CLOSE flash_copy');
      for (const c of table.columns) {
        if (c.identity || /serial$/.test(c.type)) {
          await target.query(
            `SELECT setval(pg_get_serial_sequence(?, ?), coalesce(max(${q(c.name)}), 0) + 1, false) FROM ${quoteName(table.name)}`,
            [quoteName(table.name), c.name],
          );
        }
      }
    }
    for (const sql of parts.postData) await target.exec(sql);
    await target.exec('COMMIT');
    await source.exec('COMMIT');
  } finally {
    await source.close().catch(() => {});
    await target?.close().catch(() => {});
  }
}
