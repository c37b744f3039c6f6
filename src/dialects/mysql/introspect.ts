import { engineDefaultOptions, parseCreateOptions } from './create-options.js';
import type { CheckConstraint, Column, ForeignKey, Index, ReferentialAction, Schema, Table, View } from '../../core/model/schema.js';
import { emptySchema, emptyTable } from '../../core/model/schema.js';
import { FlashError } from '../../errors.js';
import type { Connection } from '../dialect.js';
import { hideImplicitForeignKeyIndexes } from './implicit-fk-index.js';
import { introspectDefinitionsMysql } from './introspect-definitions.js';
import {
  charsetOfCollation,
  normalizeColumnType,
  normalizeDefault,
  normalizeOnUpdate,
  stripDatabaseQualifier,
  typeFamily,
  type ServerFlavour,
} from './normalize.js';

type Row = Record<string, unknown>;

/**
 * Live MySQL/MariaDB database → IR with a fixed number of information_schema queries (at most eight,
 * whatever the table count), assembled in memory with Maps.
 */
export async function introspectMysql(conn: Connection): Promise<Schema> {
  const [info] = await conn.query<Row>('SELECT DATABASE() AS db, VERSION() AS version');
  const database = str(info?.db);
  if (!database) {
    throw new FlashError(
      'E_BAD_URL',
      `The MySQL connection ${conn.description} has no database selected.`,
      'Add the database name to the URL path: mysql://user@host:3306/<database>.',
    );
  }
  const flavour: ServerFlavour = /mariadb/i.test(str(info?.version)) ? 'mariadb' : 'mysql';

  const tableRows = await conn.query<Row>(
    `SELECT table_name AS tname, table_type AS ttype, engine AS engine, table_collation AS tcollation, table_comment AS tcomment,
            create_options AS copts
       FROM information_schema.tables WHERE table_schema = ?`,
    [database],
  );
  const columnRows = await conn.query<Row>(
    `SELECT table_name AS tname, column_name AS cname, column_default AS cdefault, is_nullable AS nullable,
            data_type AS dtype, column_type AS ctype, collation_name AS ccollation, extra AS extra,
            generation_expression AS genexpr, column_comment AS ccomment
       FROM information_schema.columns WHERE table_schema = ? ORDER BY table_name, ordinal_position`,
    [database],
  );
  const indexRows = await conn.query<Row>(
    `SELECT table_name AS tname, index_name AS iname, non_unique AS non_unique, column_name AS cname,
            sub_part AS sub_part, collation AS icollation, index_type AS itype${flavour === 'mysql' ? ', expression AS iexpr' : ''}
       FROM information_schema.statistics WHERE table_schema = ? ORDER BY table_name, index_name, seq_in_index`,
    [database],
  );
  // Two plain scans joined in memory: MariaDB runs the SQL join of these two views ~2.5x slower.
  const fkColumnRows = await conn.query<Row>(
    `SELECT table_name AS tname, constraint_name AS fname, column_name AS cname,
            referenced_table_name AS rtable, referenced_column_name AS rcolumn
       FROM information_schema.key_column_usage
      WHERE table_schema = ? AND referenced_table_name IS NOT NULL
      ORDER BY table_name, constraint_name, ordinal_position`,
    [database],
  );
  const fkRuleRows = await conn.query<Row>(
    `SELECT table_name AS tname, constraint_name AS fname, update_rule AS on_update, delete_rule AS on_delete
       FROM information_schema.referential_constraints WHERE constraint_schema = ?`,
    [database],
  );
  const checkRows = await conn.query<Row>(
    flavour === 'mariadb'
      ? `SELECT table_name AS tname, constraint_name AS kname, check_clause AS clause, level AS level
           FROM information_schema.check_constraints WHERE constraint_schema = ?`
      : `SELECT tc.table_name AS tname, cc.constraint_name AS kname, cc.check_clause AS clause, 'Table' AS level
           FROM information_schema.table_constraints tc
           JOIN information_schema.check_constraints cc
             ON cc.constraint_schema = tc.constraint_schema AND cc.constraint_name = tc.constraint_name
          WHERE tc.table_schema = ? AND tc.constraint_type = 'CHECK'`,
    [database],
  );
  // information_schema.views scans every table of the database: skip it when there is no view.
  const hasViews = tableRows.some((r) => str(r.ttype) === 'VIEW');
  const viewRows = hasViews
    ? await conn.query<Row>('SELECT table_name AS tname, view_definition AS vdef FROM information_schema.views WHERE table_schema = ?', [
        database,
      ])
    : [];

  // Aria writes the server's page-checksum default into create_options on its own (create-options.ts).
  const hasAria = flavour === 'mariadb' && tableRows.some((r) => str(r.engine).toLowerCase() === 'aria');
  const ariaPageChecksum = hasAria
    ? Number(Object.values((await conn.query<Row>('SELECT @@aria_page_checksum AS v'))[0] ?? {})[0]) === 1
    : true;

  const schema = emptySchema('mysql');
  const tables = new Map<string, Table>();
  const tableCollation = new Map<string, string>();
  for (const r of tableRows) {
    const name = str(r.tname);
    if (str(r.ttype) !== 'BASE TABLE' || name.startsWith('_flash_')) continue;
    const table = emptyTable(name);
    const comment = str(r.tcomment);
    if (comment) table.comment = comment;
    const collation = str(r.tcollation);
    const options: NonNullable<Table['options']> = {};
    if (r.engine) options.engine = str(r.engine);
    const createOptions = parseCreateOptions(str(r.copts), engineDefaultOptions(str(r.engine), ariaPageChecksum));
    if (createOptions) options.createOptions = createOptions;
    if (collation) {
      options.charset = charsetOfCollation(collation);
      options.collation = collation;
      tableCollation.set(name, collation);
    }
    if (Object.keys(options).length) table.options = options;
    tables.set(name, table);
  }

  const columns = new Map<string, Column>(); // `table\0column`
  for (const r of columnRows) {
    const table = tables.get(str(r.tname));
    if (!table) continue;
    const column = buildColumn(r, flavour, tableCollation.get(table.name));
    table.columns.push(column);
    columns.set(table.name + '\0' + column.name, column);
  }

  addChecks(checkRows, tables, columns, flavour);
  addIndexes(indexRows, tables);
  addForeignKeys(fkColumnRows, fkRuleRows, tables);
  for (const table of tables.values()) hideImplicitForeignKeyIndexes(table);

  schema.tables = [...tables.values()].sort((a, b) => cmp(a.name, b.name));
  schema.views = viewRows
    .filter((r) => !str(r.tname).startsWith('_flash_'))
    .map((r): View => ({ name: str(r.tname), definition: stripDatabaseQualifier(str(r.vdef), database) }))
    .sort((a, b) => cmp(a.name, b.name));
  const definitions = await introspectDefinitionsMysql(conn);
  if (definitions.length) schema.definitions = definitions;
  return schema;
}

function buildColumn(r: Row, flavour: ServerFlavour, tableCollation: string | undefined): Column {
  const type = normalizeColumnType(str(r.ctype));
  const family = typeFamily(type);
  const extra = str(r.extra);
  const column: Column = { name: str(r.cname), type, family, nullable: str(r.nullable) === 'YES' };
  const generatedKind = /\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i.exec(extra);
  if (generatedKind) {
    column.generated = { expression: str(r.genexpr).trim(), stored: generatedKind[1].toUpperCase() !== 'VIRTUAL' };
  } else {
    const def = normalizeDefault(r.cdefault === null || r.cdefault === undefined ? null : str(r.cdefault), flavour, family, extra);
    if (def !== undefined) column.default = def;
  }
  if (/\bauto_increment\b/i.test(extra)) column.identity = 'auto-increment';
  const collation = str(r.ccollation);
  if (collation && collation !== tableCollation) column.collation = collation;
  const comment = str(r.ccomment);
  if (comment) column.comment = comment;
  const onUpdate = normalizeOnUpdate(extra);
  if (onUpdate) column.onUpdate = onUpdate;
  return column;
}

/**
 * MariaDB implements `json` as `longtext` plus a column-level `CHECK (json_valid(col))` named after the
 * column. That pseudo-check is folded back into a `json` column so JSON columns round-trip and compare
 * equal with MySQL's native type.
 */
function addChecks(rows: Row[], tables: Map<string, Table>, columns: Map<string, Column>, flavour: ServerFlavour): void {
  for (const r of rows) {
    const table = tables.get(str(r.tname));
    if (!table) continue;
    const name = str(r.kname);
    const expression = str(r.clause).trim();
    if (flavour === 'mariadb' && str(r.level) === 'Column') {
      const json = /^json_valid\(`((?:[^`]|``)+)`\)$/i.exec(expression);
      // Matched on the clause, not the name: RENAME COLUMN keeps the check's old (column) name.
      const column = json ? columns.get(table.name + '\0' + json[1].replace(/``/g, '`')) : undefined;
      if (column && column.type === 'longtext') {
        column.type = 'json';
        column.family = 'json';
        delete column.collation;
        continue;
      }
    }
    const check: CheckConstraint = { name, expression };
    table.checks.push(check);
  }
  for (const table of tables.values()) table.checks.sort((a, b) => cmp(a.name, b.name));
}

const METHODS: Record<string, string | undefined> = {
  BTREE: undefined,
  FULLTEXT: 'fulltext',
  SPATIAL: 'spatial',
  HASH: 'hash',
  RTREE: 'rtree',
};

/** MySQL has no unique constraints, only unique indexes: a unique B-tree index over plain columns is a `unique`, anything else an index. */
function addIndexes(rows: Row[], tables: Map<string, Table>): void {
  const groups = new Map<string, { table: Table; name: string; unique: boolean; type: string; elements: Index['elements'] }>();
  for (const r of rows) {
    const table = tables.get(str(r.tname));
    if (!table) continue;
    const name = str(r.iname);
    const key = table.name + '\0' + name;
    let g = groups.get(key);
    if (!g) {
      g = { table, name, unique: Number(r.non_unique) === 0, type: str(r.itype).toUpperCase(), elements: [] };
      groups.set(key, g);
    }
    const element: Index['elements'][number] = {};
    if (r.cname !== null && r.cname !== undefined) element.column = str(r.cname);
    else element.expression = str(r.iexpr);
    // SPATIAL indexes report an internal key length that cannot be written back.
    if (r.sub_part !== null && r.sub_part !== undefined && g.type !== 'SPATIAL') element.length = Number(r.sub_part);
    if (str(r.icollation) === 'D') element.descending = true;
    g.elements.push(element);
  }
  for (const g of groups.values()) {
    const plain = g.elements.every((e) => e.column !== undefined && e.length === undefined && !e.descending);
    if (g.name === 'PRIMARY') {
      g.table.primaryKey = { columns: g.elements.map((e) => e.column!) };
      continue;
    }
    const method = g.type in METHODS ? METHODS[g.type] : g.type.toLowerCase();
    if (g.unique && plain && method === undefined) {
      g.table.uniques.push({ name: g.name, columns: g.elements.map((e) => e.column!) });
      continue;
    }
    const index: Index = { name: g.name, elements: g.elements, unique: g.unique };
    if (method) index.method = method;
    g.table.indexes.push(index);
  }
  for (const table of tables.values()) {
    table.uniques.sort((a, b) => cmp(a.name, b.name));
    table.indexes.sort((a, b) => cmp(a.name, b.name));
  }
}

function addForeignKeys(columnRows: Row[], ruleRows: Row[], tables: Map<string, Table>): void {
  const rules = new Map<string, Row>();
  for (const r of ruleRows) rules.set(str(r.tname) + '\0' + str(r.fname), r);
  const fks = new Map<string, ForeignKey>();
  for (const r of columnRows) {
    const table = tables.get(str(r.tname));
    if (!table) continue;
    const name = str(r.fname);
    const key = table.name + '\0' + name;
    let fk = fks.get(key);
    if (!fk) {
      const rule = rules.get(key);
      fk = {
        name,
        columns: [],
        referencedTable: str(r.rtable),
        referencedColumns: [],
        onDelete: action(rule?.on_delete),
        onUpdate: action(rule?.on_update),
      };
      fks.set(key, fk);
      table.foreignKeys.push(fk);
    }
    fk.columns.push(str(r.cname));
    fk.referencedColumns.push(str(r.rcolumn));
  }
  for (const table of tables.values()) table.foreignKeys.sort((a, b) => cmp(a.name, b.name));
}

function action(v: unknown): ReferentialAction {
  const s = str(v).toLowerCase();
  return s === 'cascade' || s === 'set null' || s === 'set default' || s === 'no action' ? s : 'restrict';
}

function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return String(v);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
