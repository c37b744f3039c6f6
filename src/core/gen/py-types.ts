/**
 * Python spelling of generator types, per driver: what psycopg 3, PyMySQL and sqlite3 return, or
 * what the generated code converts them to. Python's int is unbounded, so bigint stays exact; numeric
 * is `decimal.Decimal` (never a float).
 */
import type { GenType } from './model.js';
import type { TsDriver } from './ts-types.js';
import { pascalCase } from './names.js';

/** The engine's npm driver names a Python driver too: pg → psycopg, mysql2 → PyMySQL, better-sqlite3 → sqlite3. */
export type PyDriver = TsDriver;

export function pyType(t: GenType, driver: PyDriver, direction: 'param' | 'result'): string {
  const scalar = pyScalar(t, driver, direction);
  if (!t.array) return scalar;
  return direction === 'param' ? `Sequence[${scalar}]` : `List[${scalar}]`;
}

function pyScalar(t: GenType, driver: PyDriver, direction: 'param' | 'result'): string {
  switch (t.base) {
    case 'int':
    case 'bigint':
      return 'int';
    case 'decimal':
      // an int is an exact decimal too; a float is refused by the type (it would round)
      return direction === 'param' ? 'Union[decimal.Decimal, int]' : 'decimal.Decimal';
    case 'float':
      return 'float';
    case 'bool':
      return 'bool';
    case 'text':
      return 'str';
    case 'uuid':
      return driver === 'pg' ? 'uuid.UUID' : 'str';
    case 'bytes':
      return 'bytes';
    case 'date':
      return driver === 'better-sqlite3' ? 'str' : 'datetime.date';
    case 'timestamp':
      return driver === 'better-sqlite3' ? 'str' : 'datetime.datetime';
    case 'time':
      // PyMySQL reads TIME as a duration (it may exceed 24 h); psycopg as a time of day
      return driver === 'pg' ? 'datetime.time' : driver === 'mysql2' ? 'datetime.timedelta' : 'str';
    case 'interval':
      return driver === 'pg' ? 'datetime.timedelta' : 'str';
    case 'json':
      return 'JsonValue';
    case 'enum':
      return enumPyAlias(t) ?? `Literal[${(t.enumValues ?? []).map(pyString).join(', ')}]`;
    default:
      return 'object';
  }
}

/** `UserRole` for PostgreSQL's `user_role`; MySQL's anonymous `enum(…)` columns are inline `Literal[…]`. */
export function enumPyAlias(t: GenType): string | undefined {
  return t.base === 'enum' && t.enumName ? pascalCase(t.enumName) : undefined;
}

/** A Python string literal (double quotes, escapes for `\`, `"` and control characters). */
export function pyString(s: string): string {
  return JSON.stringify(s);
}

const KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from global if import in is ' +
    'lambda nonlocal not or pass raise return try while with yield conn'
  ).split(' '),
);

/** A Python identifier: keywords (and `conn`, the first argument of every function) get a trailing `_`. */
export function pyIdent(name: string): string {
  return KEYWORDS.has(name) ? `${name}_` : name;
}
