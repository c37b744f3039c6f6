/**
 * TypeScript spelling of generator types, per driver: what `pg`, `mysql2` and `better-sqlite3`
 * actually return. bigint and numeric are strings (never narrowed to a lossy number).
 */
import type { GenType } from './model.js';
import { pascalCase } from './names.js';

export type TsDriver = 'pg' | 'mysql2' | 'better-sqlite3';

export function tsType(t: GenType, driver: TsDriver, direction: 'param' | 'result', enumAlias?: string): string {
  const scalar = tsScalar(t, driver, direction, enumAlias);
  return t.array ? `Array<${scalar}>` : scalar;
}

function tsScalar(t: GenType, driver: TsDriver, direction: 'param' | 'result', enumAlias?: string): string {
  switch (t.base) {
    case 'int':
    case 'float':
      return 'number';
    case 'bigint':
      // pg, mysql2 (bigNumberStrings) and better-sqlite3 (safeIntegers) all read it exactly, as a string
      return direction === 'param' ? 'string | bigint | number' : 'string';
    case 'decimal':
      if (driver === 'better-sqlite3') return 'number';
      return direction === 'param' ? 'string | number' : 'string';
    case 'bool':
      return 'boolean';
    case 'text':
    case 'uuid':
    case 'time':
      return 'string';
    case 'bytes':
      return 'Uint8Array';
    case 'date':
    case 'timestamp':
      if (driver === 'better-sqlite3') return 'string';
      return direction === 'param' ? 'Date | string' : 'Date';
    case 'interval':
      return driver === 'pg' && direction === 'result' ? 'PostgresInterval' : 'string';
    case 'json':
      return 'JsonValue';
    case 'enum':
      return enumAlias ?? (t.enumValues ?? []).map((v) => JSON.stringify(v)).join(' | ');
    default:
      return 'unknown';
  }
}

/** The alias name for an enum type (`UserRole` for PostgreSQL `user_role`). */
export function enumAliasName(t: GenType): string | undefined {
  return t.base === 'enum' && t.enumName ? pascalCase(t.enumName) : undefined;
}
