import { FlashError } from '../errors.js';
import type { Column, ForeignKey, Index, Table, UniqueConstraint } from '../core/model/schema.js';
import { allColumns } from '../core/model/row-tables.js';
import type { Connection } from '../dialects/dialect.js';
import { gridValue, type GridValue, type PageQuery } from '../dialects/row-pages.js';
import { raw, type RawOptions, type RawResult } from './raw.js';
import { isProductionDatabase } from '../config/production.js';
import { closeQuietly, connectLive, type ProjectContext } from './project/project-context.js';

export type { GridValue };

/** A table as the studio lists it and draws it: its columns and keys, and how many rows it holds. */
export interface TableInfo {
  name: string;
  rows: number;
  columns: Column[];
  primaryKey?: string[];
  foreignKeys: ForeignKey[];
  indexes: Index[];
  uniques: UniqueConstraint[];
  triggers: string[];
}

export interface TablesResult {
  database: string;
  provider: string;
  production: boolean;
  /** a statement can be stopped after a timeout (the server's own; SQLite's by a child process) */
  sqlTimeout: boolean;
  /** EXPLAIN can also run the statement (ANALYZE; PostgreSQL) */
  explainAnalyze: boolean;
  tables: TableInfo[];
}

/** Every table of the live database with its exact row count (one COUNT(*) per table). */
export async function listTables(pc: ProjectContext): Promise<TablesResult> {
  return withLive(pc, async (conn) => {
    const schema = await pc.dialect.introspect(conn);
    const tables: TableInfo[] = [];
    for (const t of schema.tables)
      tables.push({
        name: t.name,
        rows: await pc.dialect.pages.count(conn, t.name),
        columns: allColumns(schema, t),
        primaryKey: t.primaryKey?.columns,
        foreignKeys: t.foreignKeys,
        indexes: t.indexes,
        uniques: t.uniques,
        triggers: (t.triggers ?? []).map((tr) => tr.name),
      });
    return {
      database: conn.description,
      provider: pc.provider,
      production: isProductionDatabase(pc.project.config),
      sqlTimeout: pc.dialect.data.statementTimeout !== undefined || pc.dialect.data.cancelByProcess === true,
      explainAnalyze: pc.dialect.data.explainAnalyze === true,
      tables,
    };
  });
}

export interface RowsRequest {
  table: string;
  sort?: { column: string; descending?: boolean };
  filters?: Record<string, string>;
  /** the `next` cursor of the previous page */
  cursor?: PageCursor;
  limit?: number;
}

/** Where the next page starts: after a row (keyset) or after a number of rows (offset). */
export type PageCursor = { after: GridValue[] } | { offset: number };

export interface RowsResult {
  table: string;
  columns: Column[];
  /** the primary key; without one rows can be read but not edited */
  key?: string[];
  /** keyset: pages continue after the last row's sort and key values, whatever its depth; offset: no key, or a nullable sort column */
  paging: 'keyset' | 'offset';
  rows: GridValue[][];
  next?: PageCursor;
}

const MAX_PAGE = 1000;

/**
 * One page of a table, never more: keyset pagination on (sort column, primary key) when both are
 * NOT NULL, so page 10,000 of a million rows costs what page 1 costs; otherwise LIMIT/OFFSET.
 */
export async function readRows(pc: ProjectContext, req: RowsRequest): Promise<RowsResult> {
  const limit = Math.min(Math.max(1, Math.trunc(req.limit ?? 100)), MAX_PAGE);
  return withLive(pc, async (conn) => {
    const table = await findTable(pc, conn, req.table);
    const names = table.columns.map((c) => c.name);
    const key = table.primaryKey?.columns;
    const sort = req.sort ? columnOf(table, req.sort.column) : undefined;
    const orderBy = [...(sort ? [sort.name] : []), ...(key ?? []).filter((k) => k !== sort?.name)];
    const keyset = key !== undefined && (!sort || !sort.nullable);
    const filters = Object.entries(req.filters ?? {})
      .filter(([, v]) => v !== '')
      .map(([column, contains]) => ({ column: columnOf(table, column).name, contains }));
    const query: PageQuery = { columns: names, orderBy, descending: req.sort?.descending === true, filters, limit: limit + 1 };
    if (req.cursor && 'after' in req.cursor) {
      if (!keyset || req.cursor.after.length !== orderBy.length)
        throw new FlashError('E_USAGE', 'The page cursor does not fit this sort.', 'Reload the first page.');
      query.after = req.cursor.after;
    } else if (req.cursor) query.offset = Math.max(0, Math.trunc(req.cursor.offset));
    const rows = await pc.dialect.pages.page(conn, table.name, query);
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const last = rows.at(-1);
    let next: PageCursor | undefined;
    if (more && last) next = keyset ? { after: orderBy.map((c) => last[names.indexOf(c)]) } : { offset: (query.offset ?? 0) + limit };
    return { table: table.name, columns: table.columns, key, paging: keyset ? 'keyset' : 'offset', rows, next };
  });
}

export interface RowEdit {
  table: string;
  /** the row as the grid showed it (every column); the write happens only if the database still holds exactly this */
  original: Record<string, GridValue>;
  /** new values as text (the engine converts them to the column type), null for NULL */
  changes: Record<string, string | null>;
  /** write to a database marked production (the UI asks first) */
  allowWrites?: boolean;
}

/**
 * Update one row in a transaction with an optimistic check: the row is locked, compared with what
 * the grid showed, and written only if nothing changed meanwhile (else E_ROW_CONFLICT with the
 * current values). Answers the row as stored, with the engine's conversions applied.
 */
export async function updateRow(pc: ProjectContext, edit: RowEdit): Promise<{ row: Record<string, GridValue> }> {
  guardProduction(pc, edit.allowWrites, 'update a row');
  return withLive(pc, async (conn) => {
    const table = await findTable(pc, conn, edit.table);
    const key = requireKey(table);
    const names = table.columns.map((c) => c.name);
    const set = Object.keys(edit.changes).map((c) => writableColumn(table, c).name);
    if (set.length === 0) throw new FlashError('E_USAGE', 'Nothing to change.', 'Send at least one changed column.');
    const keyValues = key.map((k) => edit.original[k]);
    const newKey = key.map((k, i) => (k in edit.changes ? edit.changes[k] : keyValues[i]));
    const stored = await pc.dialect.pages.transaction(conn, async () => {
      await checkUnchanged(pc, conn, table, names, key, keyValues, edit.original);
      await pc.dialect.rows.update(conn, table.name, key, set, [[...keyValues, ...set.map((c) => edit.changes[c])]]);
      return pc.dialect.pages.lockRow(conn, table.name, names, key, newKey);
    });
    return { row: Object.fromEntries(names.map((n, i) => [n, stored?.[i] ?? null])) };
  });
}

/** Insert one row; columns left out take their defaults. */
export async function insertRow(
  pc: ProjectContext,
  req: { table: string; values: Record<string, string | null>; allowWrites?: boolean },
): Promise<void> {
  guardProduction(pc, req.allowWrites, 'insert a row');
  await withLive(pc, async (conn) => {
    const table = await findTable(pc, conn, req.table);
    const columns = Object.keys(req.values).map((c) => writableColumn(table, c).name);
    await pc.dialect.pages.transaction(conn, () => pc.dialect.rows.insert(conn, table.name, columns, [columns.map((c) => req.values[c])]));
  });
}

/** Delete one row, with the same optimistic check as an update. */
export async function deleteRow(
  pc: ProjectContext,
  req: { table: string; original: Record<string, GridValue>; allowWrites?: boolean },
): Promise<void> {
  guardProduction(pc, req.allowWrites, 'delete a row');
  await withLive(pc, async (conn) => {
    const table = await findTable(pc, conn, req.table);
    const key = requireKey(table);
    const keyValues = key.map((k) => req.original[k]);
    await pc.dialect.pages.transaction(conn, async () => {
      await checkUnchanged(
        pc,
        conn,
        table,
        table.columns.map((c) => c.name),
        key,
        keyValues,
        req.original,
      );
      await pc.dialect.pages.deleteRow(conn, table.name, key, keyValues);
    });
  });
}

/**
 * The studio's SQL page: `flash raw` with a row limit and a server-side timeout, cells reduced to
 * what JSON carries (binary as `\\x…` hex, arrays as JSON text).
 */
export async function runSql(pc: ProjectContext, options: RawOptions): Promise<RawResult> {
  const result = await raw(pc, options);
  for (const r of result.results) r.rows = r.rows.map((row) => row.map(gridValue));
  return result;
}

async function checkUnchanged(
  pc: ProjectContext,
  conn: Connection,
  table: Table,
  names: string[],
  key: string[],
  keyValues: GridValue[],
  original: Record<string, GridValue>,
): Promise<void> {
  const where = key.map((k, i) => `${k} = ${JSON.stringify(keyValues[i])}`).join(', ');
  if (key.some((k) => !(k in original)))
    throw new FlashError(
      'E_USAGE',
      `The row sent for ${table.name} lacks its key (${key.join(', ')}).`,
      'Send the row as the grid showed it.',
    );
  const current = await pc.dialect.pages.lockRow(conn, table.name, names, key, keyValues);
  if (!current)
    throw new FlashError(
      'E_ROW_CONFLICT',
      `The row ${where} of ${table.name} was deleted since it was shown; nothing was written.`,
      'Reload the page.',
      {
        data: { table: table.name, deleted: true },
      },
    );
  const changed = names.filter((n, i) => n in original && !sameValue(original[n], current[i]));
  if (changed.length > 0)
    throw new FlashError(
      'E_ROW_CONFLICT',
      `The row ${where} of ${table.name} changed since it was shown (${changed.join(', ')}); nothing was written.`,
      'Reload the page to see the current values, then edit again.',
      { data: { table: table.name, columns: changed, current: Object.fromEntries(names.map((n, i) => [n, current[i]])) } },
    );
}

/** Shown and stored values compare as the grid shows them; a number the JSON round trip kept exactly is still equal. */
function sameValue(shown: GridValue, stored: GridValue): boolean {
  return shown === stored || (shown !== null && stored !== null && String(shown) === String(stored));
}

async function withLive<T>(pc: ProjectContext, work: (conn: Connection) => Promise<T>): Promise<T> {
  const { conn } = await connectLive(pc);
  try {
    return await work(conn);
  } finally {
    await closeQuietly(conn);
  }
}

async function findTable(pc: ProjectContext, conn: Connection, name: string): Promise<Table> {
  const schema = await pc.dialect.introspect(conn);
  const table = schema.tables.find((t) => t.name === name);
  if (!table)
    throw new FlashError(
      'E_UNKNOWN_TABLE',
      `No table ${name} in ${conn.description}.`,
      `Tables: ${schema.tables.map((t) => t.name).join(', ') || 'none'}.`,
    );
  // a partition's or INHERITS child's rows have its parents' columns too
  return { ...table, columns: allColumns(schema, table) };
}

function columnOf(table: Table, name: string): Column {
  const column = table.columns.find((c) => c.name === name);
  if (!column)
    throw new FlashError(
      'E_USAGE',
      `Table ${table.name} has no column ${name}.`,
      `Columns: ${table.columns.map((c) => c.name).join(', ')}.`,
    );
  return column;
}

function writableColumn(table: Table, name: string): Column {
  const column = columnOf(table, name);
  if (column.generated)
    throw new FlashError('E_USAGE', `${table.name}.${name} is a generated column; the engine computes it.`, 'Leave it out of the change.');
  return column;
}

function requireKey(table: Table): string[] {
  if (table.primaryKey) return table.primaryKey.columns;
  throw new FlashError(
    'E_NO_PRIMARY_KEY',
    `Table ${table.name} has no primary key, so a row cannot be told apart from an identical one; it is shown read-only.`,
    'Add a primary key in db/schema (flash migrate), or change its rows with SQL.',
  );
}

function guardProduction(pc: ProjectContext, allowWrites: boolean | undefined, what: string): void {
  if (isProductionDatabase(pc.project.config) && !allowWrites)
    throw new FlashError(
      'E_NEEDS_YES',
      `The database is marked production in flash.config; refusing to ${what} without confirmation.`,
      'Confirm the write (allowWrites).',
    );
}
