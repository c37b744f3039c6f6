import type {
  CheckConstraint,
  Column,
  ForeignKey,
  Index,
  ReferentialAction,
  Schema,
  Table,
  Trigger,
  UniqueConstraint,
  View,
} from '../../core/model/schema.js';
import type { Connection } from '../dialect.js';
import { normalizeDefault, normalizeType, typeFamily } from './normalize.js';
import { parseCreateIndex, parseCreateTable, parseCreateView, type ParsedTable } from './parse-ddl.js';
import { normalizeSqlText } from './tokenizer.js';

/**
 * Live SQLite database → IR in five catalog queries whatever the number of tables: the table-valued
 * pragma functions are joined against sqlite_schema, and the rows are assembled with Maps. Names SQLite
 * does not keep in its catalog (constraint names, CHECKs, AUTOINCREMENT, DEFERRABLE) come from the
 * stored CREATE text. Internal (`sqlite_*`), Flash (`_flash_*`), virtual and shadow tables are skipped.
 */

const ownObjects = (alias: string) =>
  `${alias}.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND ${alias}.name NOT LIKE '\\_flash\\_%' ESCAPE '\\' ` +
  `AND ${alias}.tbl_name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND ${alias}.tbl_name NOT LIKE '\\_flash\\_%' ESCAPE '\\'`;

const objectsQuery = `SELECT m.type, m.name, m.tbl_name AS tableName, m.sql FROM sqlite_schema m WHERE ${ownObjects('m')}`;

// read on its own: joined to sqlite_schema, SQLite re-runs the pragma per row (quadratic: 17 s at 2,000 tables)
const tableListQuery = `SELECT name, type AS kind, wr, strict FROM pragma_table_list WHERE schema = 'main'`;

const columnsQuery = `SELECT m.name AS tbl, c.cid, c.name, c.type, c."notnull" AS isNotNull, c.dflt_value AS dflt, c.pk, c.hidden
  FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) c
  WHERE m.type = 'table' AND ${ownObjects('m')} ORDER BY m.name, c.cid`;

const indexColumnsQuery = `SELECT m.name AS tbl, il.name AS idx, il."unique" AS isUnique, il.origin, ix.name AS col
  FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) ix
  WHERE m.type = 'table' AND ${ownObjects('m')} AND ix."key" = 1 ORDER BY m.name, il.name, ix.seqno`;

const foreignKeysQuery = `SELECT m.name AS tbl, f.id, f."table" AS ref, f."from" AS col, f."to" AS refCol, f.on_update AS onUpdate, f.on_delete AS onDelete
  FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f
  WHERE m.type = 'table' AND ${ownObjects('m')} ORDER BY m.name, f.id, f.seq`;

interface ObjectRow {
  type: string;
  name: string;
  tableName: string;
  sql: string | null;
}
interface TableListRow {
  name: string;
  kind: string;
  wr: number;
  strict: number;
}
interface ColumnRow {
  tbl: string;
  cid: number;
  name: string;
  type: string;
  isNotNull: number;
  dflt: string | null;
  pk: number;
  hidden: number;
}
interface IndexColumnRow {
  tbl: string;
  idx: string;
  isUnique: number;
  origin: string;
  col: string | null;
}
interface ForeignKeyRow {
  tbl: string;
  id: number;
  ref: string;
  col: string;
  refCol: string | null;
  onUpdate: string;
  onDelete: string;
}

export async function introspectSqlite(conn: Connection): Promise<Schema> {
  const objects = await conn.query<ObjectRow>(objectsQuery);
  const tableList = new Map((await conn.query<TableListRow>(tableListQuery)).map((r) => [r.name, r]));
  const columns = await conn.query<ColumnRow>(columnsQuery);
  const indexColumns = await conn.query<IndexColumnRow>(indexColumnsQuery);
  const foreignKeys = await conn.query<ForeignKeyRow>(foreignKeysQuery);

  const tables = new Map<string, { table: Table; parsed: ParsedTable; row: TableListRow | undefined }>();
  const views: View[] = [];
  for (const row of objects) {
    const listed = tableList.get(row.name);
    if (row.type === 'table' && listed?.kind !== 'virtual' && listed?.kind !== 'shadow' && row.sql) {
      const table: Table = { name: row.name, columns: [], uniques: [], indexes: [], foreignKeys: [], checks: [] };
      tables.set(row.name, { table, parsed: parseCreateTable(row.sql), row: listed });
    } else if (row.type === 'view' && row.sql) {
      views.push({ name: row.name, definition: parseCreateView(row.sql) });
    }
  }

  addColumns(tables, columns);
  const byLowerName = new Map([...tables.values()].map((t) => [t.table.name.toLowerCase(), t.table]));
  addIndexes(tables, objects, indexColumns);
  addForeignKeys(tables, byLowerName, foreignKeys);

  const triggers = new Map<string, Trigger[]>();
  for (const row of objects) {
    if (row.type !== 'trigger' || !row.sql) continue;
    const list = triggers.get(row.tableName) ?? [];
    list.push({ name: row.name, definition: normalizeSqlText(row.sql) });
    triggers.set(row.tableName, list);
  }

  for (const { table, parsed, row } of tables.values()) {
    table.checks = checksOf(table.name, parsed);
    const options: NonNullable<Table['options']> = {};
    if (row?.wr) options.withoutRowid = true;
    if (row?.strict) options.strict = true;
    if (options.withoutRowid || options.strict) table.options = options;
    const list = triggers.get(table.name);
    if (list) table.triggers = list.sort(byName);
  }

  for (const view of views) {
    const list = triggers.get(view.name);
    if (list) view.triggers = list.sort(byName);
  }

  return {
    formatVersion: 1,
    provider: 'sqlite',
    tables: [...tables.values()].map((t) => t.table).sort(byName),
    enums: [],
    views: views.sort(byName),
    collections: [],
  };
}

function addColumns(tables: Map<string, { table: Table; parsed: ParsedTable; row: TableListRow | undefined }>, rows: ColumnRow[]): void {
  const pkColumns = new Map<string, ColumnRow[]>();
  for (const r of rows) {
    if (r.pk > 0) pkColumns.set(r.tbl, [...(pkColumns.get(r.tbl) ?? []), r]);
  }
  for (const r of rows) {
    const entry = tables.get(r.tbl);
    if (!entry || r.hidden === 1) continue;
    const { table, parsed, row } = entry;
    const parsedColumn = parsed.columns.get(r.name.toLowerCase());
    const pk = pkColumns.get(r.tbl) ?? [];
    // NULL is allowed in other PRIMARY KEY columns of rowid tables (a SQLite quirk), never in a rowid alias or WITHOUT ROWID key
    const withoutRowid = Boolean(row?.wr);
    const rowidAlias = pk.length === 1 && r.pk === 1 && r.type.toUpperCase() === 'INTEGER' && !withoutRowid;
    const column: Column = {
      name: r.name,
      type: normalizeType(r.type),
      family: typeFamily(normalizeType(r.type)),
      nullable: r.isNotNull === 0 && !(r.pk > 0 && (rowidAlias || withoutRowid)),
    };
    if (parsedColumn?.generated) {
      column.generated = { expression: parsedColumn.generated.expression, stored: r.hidden === 3 };
    } else {
      const dflt = normalizeDefault(r.dflt);
      if (dflt !== undefined) column.default = dflt;
    }
    // written NOT NULL on a rowid alias shows in the catalog (WITHOUT ROWID keys report notnull=1 either way)
    if (rowidAlias && r.isNotNull === 1) column.explicitNotNull = true;
    if (parsedColumn?.autoincrement) column.identity = 'auto-increment';
    if (parsedColumn?.collation) column.collation = parsedColumn.collation;
    table.columns.push(column);
  }
  for (const [tbl, pk] of pkColumns) {
    const entry = tables.get(tbl);
    if (!entry) continue;
    entry.table.primaryKey = { columns: pk.sort((a, b) => a.pk - b.pk).map((c) => c.name) };
    if (entry.parsed.primaryKeyName) entry.table.primaryKey.name = entry.parsed.primaryKeyName;
  }
}

function addIndexes(tables: Map<string, { table: Table; parsed: ParsedTable }>, objects: ObjectRow[], rows: IndexColumnRow[]): void {
  const info = new Map<string, { tbl: string; unique: boolean; origin: string; columns: string[] }>();
  for (const r of rows) {
    const entry = info.get(r.idx) ?? { tbl: r.tbl, unique: r.isUnique === 1, origin: r.origin, columns: [] };
    entry.columns.push(r.col ?? '');
    info.set(r.idx, entry);
  }
  for (const idx of info.values()) {
    const entry = tables.get(idx.tbl);
    if (!entry || idx.origin !== 'u') continue;
    const key = idx.columns.map((c) => c.toLowerCase()).join('\u0000');
    const declared = entry.parsed.uniques.find((u) => u.columns.map((c) => c.toLowerCase()).join('\u0000') === key);
    const unique: UniqueConstraint = { name: declared?.name ?? '', columns: idx.columns };
    entry.table.uniques.push(unique);
  }
  for (const { table } of tables.values()) nameDefaults(table.uniques, (u) => `${table.name}_${u.columns.join('_')}_key`);
  for (const row of objects) {
    if (row.type !== 'index' || !row.sql) continue;
    const entry = tables.get(row.tableName);
    const idx = info.get(row.name);
    if (!entry) continue;
    const parsed = parseCreateIndex(row.sql);
    const index: Index = { name: row.name, elements: parsed.elements, unique: idx ? idx.unique : /^\s*CREATE\s+UNIQUE/i.test(row.sql) };
    if (parsed.where) index.where = parsed.where;
    entry.table.indexes.push(index);
  }
}

function addForeignKeys(
  tables: Map<string, { table: Table; parsed: ParsedTable }>,
  byLowerName: Map<string, Table>,
  rows: ForeignKeyRow[],
): void {
  const grouped = new Map<string, ForeignKeyRow[]>();
  for (const r of rows) {
    const key = `${r.tbl}\u0000${r.id}`;
    grouped.set(key, [...(grouped.get(key) ?? []), r]);
  }
  for (const group of grouped.values()) {
    const first = group[0];
    const entry = tables.get(first.tbl);
    if (!entry) continue;
    const referenced = byLowerName.get(first.ref.toLowerCase());
    const columns = group.map((r) => r.col);
    const referencedColumns = group.every((r) => r.refCol !== null) ? group.map((r) => r.refCol!) : (referenced?.primaryKey?.columns ?? []);
    const declared = declaredForeignKey(entry.parsed, first.id, columns, first.ref);
    const fk: ForeignKey = {
      name: declared?.name ?? '',
      columns,
      referencedTable: referenced?.name ?? first.ref,
      referencedColumns,
      onDelete: action(first.onDelete),
      onUpdate: action(first.onUpdate),
    };
    if (declared?.deferrable) fk.deferrable = declared.deferrable;
    entry.table.foreignKeys.push(fk);
  }
  for (const { table } of tables.values()) nameDefaults(table.foreignKeys, (f) => `${table.name}_${f.columns.join('_')}_fkey`);
}

/** SQLite numbers a table's foreign keys from the last declared one (id 0) backwards; fall back to matching columns and target. */
function declaredForeignKey(
  parsed: ParsedTable,
  id: number,
  columns: string[],
  ref: string,
): ParsedTable['foreignKeys'][number] | undefined {
  const key = (cols: string[], table: string) => `${cols.map((c) => c.toLowerCase()).join(',')}>${table.toLowerCase()}`;
  const wanted = key(columns, ref);
  const byPosition = parsed.foreignKeys[parsed.foreignKeys.length - 1 - id];
  if (byPosition && key(byPosition.columns, byPosition.referencedTable) === wanted) return byPosition;
  return parsed.foreignKeys.find((f) => key(f.columns, f.referencedTable) === wanted);
}

function checksOf(tableName: string, parsed: ParsedTable): CheckConstraint[] {
  const checks = parsed.checks.map((c) => ({ name: c.name ?? '', expression: c.expression, column: c.column }));
  nameDefaults(checks, (c) => (c.column ? `${tableName}_${c.column}_check` : `${tableName}_check`));
  return checks.map(({ name, expression }) => ({ name, expression }));
}

/** Unnamed constraints get PostgreSQL-style names (`t_a_key`, `t_a_fkey`, `t_check`, `t_check1`…), unique within the table. */
function nameDefaults<T extends { name: string }>(items: T[], base: (item: T) => string): void {
  const used = new Set(items.filter((i) => i.name).map((i) => i.name));
  for (const item of items) {
    if (item.name) continue;
    const stem = base(item);
    let name = stem;
    for (let n = 1; used.has(name); n++) name = `${stem}${n}`;
    used.add(name);
    item.name = name;
  }
}

function action(text: string): ReferentialAction {
  const a = text.toLowerCase();
  return a === 'cascade' || a === 'restrict' || a === 'set null' || a === 'set default' ? a : 'no action';
}

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
