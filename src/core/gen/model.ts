/**
 * What `flash gen` knows about a query once the engine has described it. Language generators read
 * only this; engines fill it in (src/dialects/<engine>/describe-query.ts).
 */
import type { QueryDef } from './query-file.js';
import type { ParameterizedSql, QueryParam } from './params.js';

/**
 * Engine types grouped by how a client represents them. `bigint` and `decimal` are kept apart from
 * `int`/`float` because no language generator may narrow them to a lossy number type.
 */
export type BaseType =
  | 'int'
  | 'bigint'
  | 'decimal'
  | 'float'
  | 'bool'
  | 'text'
  | 'uuid'
  | 'bytes'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'interval'
  | 'json'
  | 'enum'
  | 'unknown';

export interface GenType {
  base: BaseType;
  /** The engine's own spelling (`int4`, `varchar(255)`, `user_role`): for comments and messages. */
  dbType: string;
  /** `enum`: the type's name (PostgreSQL) or `<table>_<column>` (MySQL), and its labels in order. */
  enumName?: string;
  enumValues?: string[];
  /** A one-dimensional array of this type (PostgreSQL). */
  array?: boolean;
}

export interface ResultColumn {
  name: string;
  type: GenType;
  nullable: boolean;
}

export interface ResolvedParam extends QueryParam {
  type: GenType;
  /** May be null: `sqlc.narg`, or the value of a nullable column in INSERT/UPDATE SET. */
  acceptsNull: boolean;
}

export interface ResolvedQuery extends QueryDef {
  text: ParameterizedSql;
  params: ResolvedParam[];
  /** Empty for statements that return no rows. */
  columns: ResultColumn[];
}

/** What a dialect's describeQuery answers for one statement. */
export interface DescribedQuery {
  /** One per distinct parameter ($n order); `unknown` where the engine does not type parameters. */
  params: GenType[];
  columns: Array<ResultColumn & { origin?: { table: string; column: string } }>;
}

export const UNKNOWN: GenType = { base: 'unknown', dbType: 'unknown' };
