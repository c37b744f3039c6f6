import type { Column, ForeignKey, Provider, Schema, Table, TypeFamily } from '../../src/core/model/schema.js';
import { emptySchema, emptyTable } from '../../src/core/model/schema.js';

/** Terse IR builders for diff and lint tests. */

const families: Record<string, TypeFamily> = {
  integer: 'integer',
  int: 'integer',
  bigint: 'integer',
  smallint: 'integer',
  text: 'text',
  boolean: 'boolean',
  timestamp: 'timestamp',
  date: 'date',
  real: 'float',
  'double precision': 'float',
  uuid: 'uuid',
  jsonb: 'json',
};

export function familyOf(type: string): TypeFamily {
  if (type.startsWith('varchar') || type.startsWith('char')) return 'text';
  if (type.startsWith('numeric') || type.startsWith('decimal')) return 'decimal';
  if (type.startsWith('enum(')) return 'enum';
  return families[type] ?? 'enum';
}

export function col(name: string, type = 'integer', extra: Partial<Column> = {}): Column {
  return { name, type, family: familyOf(type), nullable: true, ...extra };
}

export function table(name: string, columns: Column[], extra: Partial<Omit<Table, 'name' | 'columns'>> = {}): Table {
  return { ...emptyTable(name), columns, ...extra };
}

export function fk(
  name: string,
  columns: string[],
  referencedTable: string,
  referencedColumns = ['id'],
  extra: Partial<ForeignKey> = {},
): ForeignKey {
  return { name, columns, referencedTable, referencedColumns, onDelete: 'no action', onUpdate: 'no action', ...extra };
}

export function schema(tables: Table[], extra: Partial<Omit<Schema, 'tables'>> = {}, provider: Provider = 'postgresql'): Schema {
  return { ...emptySchema(provider), tables, ...extra };
}

/** `id integer not null` primary key table with extra columns. */
export function entity(name: string, columns: Column[] = [], extra: Partial<Omit<Table, 'name' | 'columns'>> = {}): Table {
  return table(name, [col('id', 'integer', { nullable: false }), ...columns], { primaryKey: { columns: ['id'] }, ...extra });
}
