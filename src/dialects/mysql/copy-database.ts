import { FlashError } from '../../errors.js';
import type { View } from '../../core/model/schema.js';
import { q, qList } from './ddl.js';
import type { MysqlConnection } from './driver.js';
import { stripDatabaseQualifier } from './normalize.js';
import { showCreate } from './introspect-definitions.js';
import { orderViews } from './render-schema.js';

type Row = Record<string, unknown>;

/**
 * Copies database `source` into a new database `target` on the same server: tables (SHOW CREATE TABLE,
 * which keeps indexes, FKs, checks, options and AUTO_INCREMENT counters), rows (INSERT … SELECT of the
 * stored columns), views, then triggers last so they do not fire during the row copy. FOREIGN_KEY_CHECKS
 * is off for the session so tables and rows can come in any order. A failed copy drops `target`.
 */
export async function copyMysqlDatabase(conn: MysqlConnection, source: string, target: string): Promise<void> {
  const [src] = await conn.query<Row>(
    'SELECT default_character_set_name AS cs, default_collation_name AS co FROM information_schema.schemata WHERE schema_name = ?',
    [source],
  );
  if (!src)
    throw new FlashError('E_DB_CONNECT', `The database "${source}" does not exist on this server.`, 'Check the source database name.');
  const exists = await conn.query('SELECT 1 AS ok FROM information_schema.schemata WHERE schema_name = ?', [target]);
  if (exists.length)
    throw new FlashError('E_DB_EXISTS', `The database "${target}" already exists.`, 'Drop it first or choose another name.');

  await conn.query(`CREATE DATABASE ${q(target)} CHARACTER SET ${String(src.cs)} COLLATE ${String(src.co)}`);
  try {
    await conn.query('SET SESSION FOREIGN_KEY_CHECKS = 0');
    await conn.query("SET SESSION sql_mode = CONCAT_WS(',', @@SESSION.sql_mode, 'NO_AUTO_VALUE_ON_ZERO')");
    await conn.query(`USE ${q(target)}`);
    const tables = await conn.query<Row>(
      "SELECT table_name AS tname FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name",
      [source],
    );
    const columns = await conn.query<Row>(
      `SELECT table_name AS tname, column_name AS cname FROM information_schema.columns
        WHERE table_schema = ? AND extra NOT LIKE '%GENERATED%' ORDER BY table_name, ordinal_position`,
      [source],
    );
    const storedColumns = new Map<string, string[]>();
    for (const c of columns) {
      const list = storedColumns.get(String(c.tname)) ?? [];
      list.push(String(c.cname));
      storedColumns.set(String(c.tname), list);
    }
    for (const t of tables) {
      const [row] = await conn.query<Row>(`SHOW CREATE TABLE ${q(source)}.${q(String(t.tname))}`);
      await conn.query(String(row['Create Table']));
    }
    for (const t of tables) {
      const name = String(t.tname);
      const cols = qList(storedColumns.get(name) ?? []);
      if (!cols) continue;
      await conn.query(`INSERT INTO ${q(target)}.${q(name)} (${cols}) SELECT ${cols} FROM ${q(source)}.${q(name)}`);
    }
    await copyViews(conn, source);
    await copyDefinitions(conn, source);
    await conn.query('SET SESSION FOREIGN_KEY_CHECKS = 1');
  } catch (err) {
    await conn.query(`DROP DATABASE IF EXISTS ${q(target)}`).catch(() => {});
    throw err;
  }
}

async function copyViews(conn: MysqlConnection, source: string): Promise<void> {
  const rows = await conn.query<Row>(
    'SELECT table_name AS tname, view_definition AS vdef, security_type AS sec FROM information_schema.views WHERE table_schema = ?',
    [source],
  );
  const security = new Map(rows.map((r) => [String(r.tname), String(r.sec)]));
  const views: View[] = rows.map((r) => ({ name: String(r.tname), definition: stripDatabaseQualifier(String(r.vdef), source) }));
  for (const v of orderViews(views)) {
    const sec = security.get(v.name) === 'INVOKER' ? 'INVOKER' : 'DEFINER';
    await conn.query(`CREATE SQL SECURITY ${sec} VIEW ${q(v.name)} AS ${v.definition}`);
  }
}

/**
 * Triggers (in their firing order), procedures, functions and events are recreated from the text the
 * server kept (`SHOW CREATE`), under the copying user as definer, so the copy introspects the same.
 */
async function copyDefinitions(conn: MysqlConnection, source: string): Promise<void> {
  const triggers = await conn.query<Row>(
    'SELECT trigger_name AS name FROM information_schema.triggers WHERE trigger_schema = ? ORDER BY event_object_table, action_order',
    [source],
  );
  for (const r of triggers) await conn.query(await showCreate(conn, 'TRIGGER', String(r.name), 'SQL Original Statement', source));
  const routines = await conn.query<Row>(
    'SELECT routine_type AS type, routine_name AS name FROM information_schema.routines WHERE routine_schema = ?',
    [source],
  );
  for (const r of routines) {
    const kind = String(r.type).toUpperCase() === 'PROCEDURE' ? 'PROCEDURE' : 'FUNCTION';
    await conn.query(await showCreate(conn, kind, String(r.name), kind === 'PROCEDURE' ? 'Create Procedure' : 'Create Function', source));
  }
  const events = await conn.query<Row>('SELECT event_name AS name FROM information_schema.events WHERE event_schema = ?', [source]);
  for (const r of events) await conn.query(await showCreate(conn, 'EVENT', String(r.name), 'Create Event', source));
}
