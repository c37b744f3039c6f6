import type { Column, Table, TypeFamily } from '../model/schema.js';
import { quoteIdent } from '../sql-ident.js';

/**
 * The schema of a `flash export --format sqlite` file: every exported table with its columns mapped
 * to SQLite types, NOT NULL, the primary key, UNIQUE constraints, foreign keys between exported
 * tables and column indexes. Things that are source-engine SQL (defaults, CHECKs, generated-column
 * expressions, expression or partial indexes) cannot be carried over faithfully; they are listed in
 * `omitted` (and in the manifest), never dropped without a word.
 */
export interface SqliteExportSchema {
  statements: string[];
  omitted: string[];
}

/**
 * decimal → TEXT, not NUMERIC: NUMERIC affinity would turn `12.50` into the REAL 12.5 and round
 * numbers past 15 digits. Dates stay ISO 8601 TEXT, booleans 0/1, JSON and arrays JSON text.
 */
const sqliteType: Record<TypeFamily, string> = {
  integer: 'INTEGER',
  decimal: 'TEXT',
  float: 'REAL',
  boolean: 'INTEGER',
  text: 'TEXT',
  binary: 'BLOB',
  date: 'TEXT',
  time: 'TEXT',
  timestamp: 'TEXT',
  interval: 'TEXT',
  uuid: 'TEXT',
  json: 'TEXT',
  enum: 'TEXT',
  array: 'TEXT',
  other: 'TEXT',
};

export function sqliteTypeOf(column: Pick<Column, 'family'>): string {
  return sqliteType[column.family];
}

// The export file is SQLite whatever the project's engine: standard double-quoted identifiers.
const q = (name: string) => quoteIdent({ identifierQuote: '"' }, name);
const list = (names: string[]) => names.map(q).join(', ');

export function sqliteExportSchema(tables: Table[]): SqliteExportSchema {
  const exported = new Set(tables.map((t) => t.name));
  const statements: string[] = [];
  const omitted: string[] = [];
  const indexNames = new Set<string>();
  for (const table of tables) {
    const lines = table.columns.map((c) => {
      if (c.default !== undefined) omitted.push(`${table.name}.${c.name}: default ${c.default}`);
      if (c.generated) omitted.push(`${table.name}.${c.name}: generated as ${c.generated.expression} (exported as stored values)`);
      return `  ${q(c.name)} ${sqliteTypeOf(c)}${c.nullable ? '' : ' NOT NULL'}`;
    });
    if (table.primaryKey) lines.push(`  PRIMARY KEY (${list(table.primaryKey.columns)})`);
    for (const u of table.uniques) lines.push(`  CONSTRAINT ${q(u.name)} UNIQUE (${list(u.columns)})`);
    for (const fk of table.foreignKeys) {
      if (!exported.has(fk.referencedTable)) {
        omitted.push(`${table.name}: foreign key ${fk.name} (references ${fk.referencedTable}, which is not exported)`);
        continue;
      }
      lines.push(
        `  CONSTRAINT ${q(fk.name)} FOREIGN KEY (${list(fk.columns)}) REFERENCES ${q(fk.referencedTable)} (${list(fk.referencedColumns)})` +
          ` ON DELETE ${fk.onDelete.toUpperCase()} ON UPDATE ${fk.onUpdate.toUpperCase()}`,
      );
    }
    for (const check of table.checks) omitted.push(`${table.name}: check ${check.name} (${check.expression})`);
    statements.push(`CREATE TABLE ${q(table.name)} (\n${lines.join(',\n')}\n)`);
    for (const index of table.indexes) {
      if (index.where !== undefined || index.elements.some((e) => e.column === undefined)) {
        omitted.push(`${table.name}: index ${index.name} (expression or partial index)`);
        continue;
      }
      // SQLite index names are database-wide; MySQL's are per table.
      const name = indexNames.has(index.name) ? `${table.name}_${index.name}` : index.name;
      indexNames.add(name);
      const elements = index.elements.map((e) => q(e.column!) + (e.descending ? ' DESC' : '')).join(', ');
      statements.push(`CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(name)} ON ${q(table.name)} (${elements})`);
    }
  }
  return { statements, omitted };
}
