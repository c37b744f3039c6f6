/**
 * Generator types from the schema IR, for what the engine does not describe itself: parameters on
 * MySQL and SQLite, enum labels, JSON columns stored as text (MariaDB), SQLite's declared types.
 */
import type { Column, Schema } from '../model/schema.js';
import { allColumns } from '../model/row-tables.js';
import type { BaseType, GenType } from './model.js';

/** A type name as engines spell it (`int4`, `character varying`, `bigint unsigned`, `decimal(10,2)`) → base type. */
export function baseFromTypeName(typeName: string): BaseType {
  const t = typeName
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .trim();
  if (/^(bigint|int8|bigserial|serial8)\b/.test(t)) return 'bigint';
  if (/^(smallint|int2|integer|int|int4|mediumint|tinyint|serial|smallserial|serial4|serial2|year)\b/.test(t))
    return t.startsWith('tinyint') && /tinyint\(1\)/.test(typeName.toLowerCase()) ? 'bool' : 'int';
  if (/^(numeric|decimal|money)\b/.test(t)) return 'decimal';
  if (/^(real|float|double|float4|float8)/.test(t)) return 'float';
  if (/^bool/.test(t) || t === 'bit') return 'bool';
  if (
    /^(text|varchar|char|character|bpchar|name|citext|tinytext|mediumtext|longtext|nvarchar|nchar|clob|xml|inet|cidr|macaddr|tsvector|set)\b/.test(
      t,
    )
  )
    return 'text';
  if (t === 'uuid') return 'uuid';
  if (/^(bytea|blob|tinyblob|mediumblob|longblob|binary|varbinary)\b/.test(t)) return 'bytes';
  if (t === 'date') return 'date';
  if (/^(time|timetz|time with|time without)/.test(t) && !t.startsWith('timestamp')) return 'time';
  if (/^(timestamp|timestamptz|datetime)/.test(t)) return 'timestamp';
  if (t === 'interval') return 'interval';
  if (/^jsonb?$/.test(t)) return 'json';
  return 'unknown';
}

export function genTypeOfColumn(col: Column, schema: Schema): GenType {
  const dbType = col.type;
  if (col.family === 'enum' || /^enum\s*\(/i.test(col.type)) {
    const values = enumLabels(col.type) ?? schema.enums.find((e) => e.name === col.type)?.values;
    if (values) return { base: 'enum', dbType, enumName: col.type.startsWith('enum') ? undefined : col.type, enumValues: values };
  }
  if (col.family === 'array' || col.type.endsWith('[]')) {
    const element = col.type.replace(/\[\]$/, '');
    const enumType = schema.enums.find((e) => e.name === element);
    if (enumType) return { base: 'enum', dbType, enumName: element, enumValues: enumType.values, array: true };
    return { base: baseFromTypeName(element), dbType, array: true };
  }
  if (col.family === 'json') return { base: 'json', dbType };
  if (col.family === 'boolean') return { base: 'bool', dbType };
  if (col.family === 'uuid') return { base: 'uuid', dbType };
  const base = baseFromTypeName(col.type);
  if (base !== 'unknown') return { base, dbType };
  const byFamily: Partial<Record<Column['family'], BaseType>> = {
    integer: 'int',
    decimal: 'decimal',
    float: 'float',
    text: 'text',
    binary: 'bytes',
    date: 'date',
    time: 'time',
    timestamp: 'timestamp',
    interval: 'interval',
  };
  return { base: byFamily[col.family] ?? 'unknown', dbType };
}

/** MySQL `enum('a','b')` → ['a', 'b']. */
export function enumLabels(type: string): string[] | undefined {
  const m = /^enum\s*\((.*)\)$/is.exec(type.trim());
  if (!m) return undefined;
  return [...m[1].matchAll(/'((?:[^'\\]|''|\\.)*)'/g)].map((x) => x[1].replace(/''/g, "'").replace(/\\(.)/g, '$1'));
}

export function findColumn(schema: Schema, table: string, column: string): Column | undefined {
  const t = schema.tables.find((x) => x.name === table) ?? schema.tables.find((x) => x.name.toLowerCase() === table.toLowerCase());
  const columns = t ? allColumns(schema, t) : [];
  return columns.find((c) => c.name === column) ?? columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
}
