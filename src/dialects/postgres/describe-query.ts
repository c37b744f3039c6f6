/**
 * flash gen on PostgreSQL: Parse/Describe gives parameter and column type OIDs and, for columns
 * read from a table, the table and attribute; the catalog turns those into names, enum labels,
 * array element types and NOT NULL. Expressions are nullable here; core/gen/resolve-query.ts knows
 * the few that cannot be NULL.
 */
import { FlashError } from '../../errors.js';
import type { Connection } from '../dialect.js';
import type { DescribedQuery, GenType } from '../../core/gen/model.js';
import { baseFromTypeName } from '../../core/gen/ir-types.js';
import { qualifiedName } from '../../core/model/schema.js';
import { canDescribe } from './driver.js';

interface PgTypeRow {
  oid: number;
  name: string;
  /** the type's schema (`pg_catalog` for built-in types) */
  schema: string;
  kind: string;
  category: string;
  elem: number;
  basetype: number;
  labels: string[] | null;
}

interface AttributeRow {
  relid: number;
  schema: string;
  table: string;
  num: number;
  column: string;
  notnull: boolean;
}

export async function describePostgresQuery(conn: Connection, sql: string): Promise<DescribedQuery> {
  if (!canDescribe(conn))
    throw new FlashError(
      'E_INTERNAL',
      'This PostgreSQL connection cannot describe statements.',
      'Open shadows with the PostgreSQL dialect.',
    );
  const raw = await conn.describeStatement(sql);
  const types = await loadTypes(conn, [...raw.paramTypes, ...raw.fields.map((f) => f.dataTypeID)]);
  const tableIds = [...new Set(raw.fields.map((f) => f.tableID).filter((id) => id !== 0))];
  const attributes = new Map<string, AttributeRow>();
  if (tableIds.length) {
    const rows = await conn.query<AttributeRow>(
      `SELECT c.oid::int AS relid, n.nspname AS "schema", c.relname AS "table", a.attnum::int AS num, a.attname AS "column", a.attnotnull AS notnull
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE a.attrelid = ANY(?::oid[]) AND a.attnum > 0 AND NOT a.attisdropped`,
      [tableIds],
    );
    for (const r of rows) attributes.set(`${r.relid}:${r.num}`, r);
  }
  return {
    params: raw.paramTypes.map((oid) => genType(oid, types)),
    columns: raw.fields.map((f) => {
      const attr = f.tableID ? attributes.get(`${f.tableID}:${f.columnID}`) : undefined;
      return {
        name: f.name,
        type: genType(f.dataTypeID, types),
        nullable: attr ? !attr.notnull : true,
        // the table's IR name: schema-qualified outside public, like the schema's own names
        ...(attr ? { origin: { table: qualifiedName(attr.schema, attr.table), column: attr.column } } : {}),
      };
    }),
  };
}

/** pg_type rows for the OIDs and, transitively, their array elements and domain base types. */
async function loadTypes(conn: Connection, oids: number[]): Promise<Map<number, PgTypeRow>> {
  const types = new Map<number, PgTypeRow>();
  let wanted = [...new Set(oids)];
  for (let round = 0; wanted.length && round < 4; round++) {
    const rows = await conn.query<PgTypeRow>(
      `SELECT t.oid::int AS oid, t.typname AS name, tn.nspname AS "schema", t.typtype AS kind, t.typcategory AS category, t.typelem::int AS elem, t.typbasetype::int AS basetype,
              CASE WHEN t.typtype = 'e' THEN (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) END AS labels
         FROM pg_type t JOIN pg_namespace tn ON tn.oid = t.typnamespace WHERE t.oid = ANY(?::oid[])`,
      [wanted],
    );
    for (const r of rows) types.set(r.oid, r);
    wanted = [...new Set(rows.flatMap((r) => [r.category === 'A' ? r.elem : 0, r.kind === 'd' ? r.basetype : 0]))].filter(
      (o) => o !== 0 && !types.has(o),
    );
  }
  return types;
}

function genType(oid: number, types: Map<number, PgTypeRow>): GenType {
  const t = types.get(oid);
  if (!t) return { base: 'unknown', dbType: `oid ${oid}` };
  if (t.category === 'A' && t.elem) {
    const element = genType(t.elem, types);
    return { ...element, dbType: element.dbType + '[]', array: true };
  }
  if (t.kind === 'd') return { ...genType(t.basetype, types), dbType: t.name };
  if (t.kind === 'e') {
    // the IR name (`lookup.mood` outside public): two enums of one name in two schemas are two types
    const name = qualifiedName(t.schema, t.name);
    return { base: 'enum', dbType: name, enumName: name, enumValues: t.labels ?? [] };
  }
  if (t.name === 'unknown') return { base: 'text', dbType: 'text' };
  if (t.name === 'oid') return { base: 'int', dbType: 'oid' };
  return { base: baseFromTypeName(t.name), dbType: t.name };
}
