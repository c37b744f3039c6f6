import type { TypeFamily } from '../../core/model/schema.js';

/** MariaDB and MySQL 8 report defaults and some types differently; introspection asks which one it talks to. */
export type ServerFlavour = 'mariadb' | 'mysql';

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);

/**
 * Canonical lower-case spelling of a column type as `information_schema.columns.column_type` reports it:
 * integer display widths are dropped (`int(11)` → `int`, `bigint(20) unsigned` → `bigint unsigned`)
 * because MySQL 8 no longer reports them and they mean nothing, except `tinyint(1)` (the boolean
 * convention) and `zerofill` columns, where the width is visible in query output. enum/set value case is kept.
 */
export function normalizeColumnType(columnType: string): string {
  const raw = columnType.trim();
  const m = /^([A-Za-z ]+?)\s*(\((?:[^()']|'(?:[^']|'')*')*\))?((?:\s+\w+)*)\s*$/.exec(raw);
  if (!m) return raw.toLowerCase();
  let name = m[1].toLowerCase();
  let args = m[2] ?? '';
  const suffix = (m[3] ?? '').toLowerCase().trim().replace(/\s+/g, ' ');
  if (name === 'enum' || name === 'set') return `${name}${args}${suffix ? ' ' + suffix : ''}`;
  args = args.toLowerCase().replace(/\s+/g, '');
  if (name === 'integer') name = 'int';
  if (name === 'double precision' || name === 'real') name = 'double';
  if (name === 'boolean' || name === 'bool') return 'tinyint(1)';
  if (name === 'year') args = '';
  if (INTEGER_TYPES.has(name) && args) {
    const keepWidth = suffix.includes('zerofill') || (name === 'tinyint' && args === '(1)');
    if (!keepWidth) args = '';
  }
  return `${name}${args}${suffix ? ' ' + suffix : ''}`;
}

export function typeFamily(type: string): TypeFamily {
  if (type === 'tinyint(1)') return 'boolean';
  const name = /^[a-z]+/.exec(type)?.[0] ?? '';
  switch (name) {
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'bigint':
      return 'integer';
    case 'decimal':
    case 'numeric':
    case 'dec':
    case 'fixed':
      return 'decimal';
    case 'float':
    case 'double':
      return 'float';
    case 'char':
    case 'varchar':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
      return 'text';
    case 'binary':
    case 'varbinary':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      return 'binary';
    case 'date':
    case 'year':
      return 'date';
    case 'time':
      return 'time';
    case 'datetime':
    case 'timestamp':
      return 'timestamp';
    case 'json':
      return 'json';
    case 'enum':
      return 'enum';
    case 'uuid':
      return 'uuid';
    default:
      return 'other';
  }
}

const CURRENT_TIMESTAMP = /^(?:current_timestamp|now|localtimestamp|localtime)(?:\s*\(\s*(\d*)\s*\))?$/i;

/** `current_timestamp()`, `now()`, `CURRENT_TIMESTAMP(0)` → `CURRENT_TIMESTAMP`; `current_timestamp(3)` → `CURRENT_TIMESTAMP(3)`. */
export function normalizeTimestampExpression(expr: string): string | undefined {
  const m = CURRENT_TIMESTAMP.exec(expr.trim());
  if (!m) return undefined;
  const precision = m[1];
  return precision && precision !== '0' ? `CURRENT_TIMESTAMP(${precision})` : 'CURRENT_TIMESTAMP';
}

/**
 * Column default as SQL text. MariaDB (10.2.7+) reports literals already quoted (`'x'`), numbers bare,
 * `NULL` for an explicit NULL default and expressions as text; MySQL 8 reports string literals unquoted
 * and flags expressions with `DEFAULT_GENERATED`. A NULL default is the same as no default.
 */
export function normalizeDefault(raw: string | null, flavour: ServerFlavour, family: TypeFamily, extra: string): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (flavour === 'mariadb') {
    if (raw === 'NULL') return undefined;
    return normalizeTimestampExpression(raw) ?? raw;
  }
  const ts = normalizeTimestampExpression(raw);
  if (ts) return ts;
  if (/DEFAULT_GENERATED/i.test(extra)) return raw;
  if ((family === 'integer' || family === 'decimal' || family === 'float' || family === 'boolean') && /^-?[\d.]+(e[+-]?\d+)?$/i.test(raw))
    return raw;
  if (/^b'[01]*'$/.test(raw) || /^0x[0-9a-f]+$/i.test(raw)) return raw;
  return quoteLiteral(raw);
}

/** `on update current_timestamp(3)` in `extra` → `CURRENT_TIMESTAMP(3)`. */
export function normalizeOnUpdate(extra: string): string | undefined {
  const m = /on update\s+([a-z_]+(?:\s*\(\s*\d*\s*\))?)/i.exec(extra);
  if (!m) return undefined;
  return normalizeTimestampExpression(m[1]) ?? m[1];
}

/** A SQL string literal for the default sql_mode (backslash is an escape character). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Charset a collation belongs to: the part before the first underscore (`utf8mb4_bin` → `utf8mb4`). */
export function charsetOfCollation(collation: string): string {
  const i = collation.indexOf('_');
  return i < 0 ? collation : collation.slice(0, i);
}

/**
 * The server stores a view's query fully qualified (`` `app`.`users`.`id` ``). Dropping the qualifier
 * of the view's own database makes the definition independent of the database name, so the shadow
 * database, a branch copy and the dev database all compare equal. String literals are left untouched.
 */
export function stripDatabaseQualifier(sql: string, database: string): string {
  const qualifier = '`' + database.replace(/`/g, '``') + '`.';
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = endOfQuoted(sql, i, c);
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if (c === '`') {
      if (sql.startsWith(qualifier, i)) {
        i += qualifier.length;
        continue;
      }
      const end = endOfQuoted(sql, i, c);
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    out += c;
    i++;
  }
  return out.trim();
}

export function endOfQuoted(sql: string, start: number, q: string): number {
  let j = start + 1;
  while (j < sql.length) {
    const c = sql[j];
    if (c === '\\' && q !== '`') {
      j += 2;
      continue;
    }
    if (c === q) {
      if (sql[j + 1] === q) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return sql.length;
}
