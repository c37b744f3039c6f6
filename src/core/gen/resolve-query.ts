/**
 * Combine what the engine described with what the query text and the schema IR say: parameter
 * types the engine left open (MySQL, SQLite), outer-join nullability, aggregates that cannot be
 * NULL. Pure: the dialect has already talked to the database.
 */
import type { Schema } from '../model/schema.js';
import type { QueryDef } from './query-file.js';
import type { ParameterizedSql, QueryParam } from './params.js';
import { UNKNOWN, type DescribedQuery, type GenType, type ResolvedQuery, type ResultColumn } from './model.js';
import { analyzeQuery, knownNotNull, nullableTable, tableForQualifier, type QueryShape, type TableNaming } from './sql-shape.js';
import { findColumn, genTypeOfColumn } from './ir-types.js';
import type { LexOptions } from './sql-lexer.js';

export function resolveQuery(
  def: QueryDef,
  text: ParameterizedSql,
  described: DescribedQuery,
  schema: Schema,
  lex: LexOptions = {},
  naming?: TableNaming,
): ResolvedQuery {
  const shape = analyzeQuery(text.sql, lex, naming);
  const params = text.params.map((p, i) => {
    const assigned =
      p.context && (p.context.kind === 'insert' || p.context.kind === 'assign')
        ? contextColumn(shape, schema, p.context.qualifier, p.context.column)
        : undefined;
    return {
      ...p,
      type: paramType(p, described.params[i] ?? UNKNOWN, shape, schema),
      acceptsNull: p.nullable || Boolean(assigned?.nullable),
    };
  });
  const columns: ResultColumn[] = described.columns.map((c, i) => {
    let nullable = c.nullable;
    let type = c.type;
    let origin = c.origin;
    // RETURNING and some engines give no origin: a bare column of the statement's target table
    if (!origin && shape.target && shape.kind !== 'select') {
      const item = shape.items?.[i];
      const bare = item === undefined || /^("?)[A-Za-z_][\w$]*\1$/.test(item.trim());
      const col = bare ? findColumn(schema, shape.target, c.name) : undefined;
      if (col) {
        origin = { table: shape.target, column: col.name };
        nullable = col.nullable;
      }
    }
    if (origin) {
      const col = findColumn(schema, origin.table, origin.column);
      if (col) {
        const fromIr = genTypeOfColumn(col, schema);
        // the IR knows enum labels and JSON stored as text; the engine knows everything else
        if (fromIr.base === 'enum' || fromIr.base === 'json' || type.base === 'unknown' || (type.base === 'text' && fromIr.base === 'uuid'))
          type = { ...fromIr, array: type.array ?? fromIr.array };
      }
      if (nullableTable(shape, origin.table)) nullable = true;
    } else if (shape.items?.[i] !== undefined) {
      const item = shape.items[i];
      if (nullable && knownNotNull(item)) nullable = false;
      // engines that leave expressions untyped (SQLite): count() is an integer everywhere
      if (type.base === 'unknown' && /^count\s*\(/i.test(item.trim())) type = { base: 'int', dbType: 'integer' };
    }
    return { name: c.name, type, nullable };
  });
  return { ...def, text, params, columns };
}

function paramType(p: QueryParam, described: GenType, shape: QueryShape, schema: Schema): GenType {
  if (p.context?.kind === 'limit') return described.base !== 'unknown' ? described : { base: 'int', dbType: 'integer' };
  const ctx = p.context;
  const col = ctx ? contextColumn(shape, schema, ctx.qualifier, ctx.column) : undefined;
  const fromIr = col ? genTypeOfColumn(col, schema) : undefined;
  if (described.base === 'unknown') return fromIr ?? described;
  // PostgreSQL types enum parameters as the enum; labels come from the IR when the catalog had none
  if (fromIr && described.base === 'text' && (fromIr.base === 'enum' || fromIr.base === 'json'))
    return { ...fromIr, array: described.array };
  return described;
}

function contextColumn(shape: QueryShape, schema: Schema, qualifier: string | undefined, column: string) {
  if (qualifier) {
    const table = tableForQualifier(shape, qualifier) ?? qualifier;
    return findColumn(schema, table, column);
  }
  const candidates = [...new Set(shape.refs.map((r) => r.table))].map((t) => findColumn(schema, t, column)).filter((c) => c !== undefined);
  return candidates.length >= 1 ? candidates[0] : undefined;
}
