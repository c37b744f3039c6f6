import type { Operation } from '../diff/operations.js';
import type { ForeignKey, Table } from '../model/schema.js';
import { quoteIdent, quoteLiteral, quoteObjectName } from '../sql-ident.js';
import type { LintCode, LintContext } from './finding.js';
import { NamesBefore } from './names-before.js';
import { enumValuesRemoved, typeChangeRisk } from './type-change.js';

/**
 * A query that measures how many existing rows a risky operation affects, planned here (pure) and
 * run by the caller against the current database. Every query returns one row with one column `n`.
 */
export interface DataCheck {
  /** The lint code this check quantifies. */
  code: LintCode;
  /** Index into the operation list. */
  op: number;
  object: string;
  /** What `n` counts, e.g. "rows of users with NULL in email". */
  description: string;
  /** The count query, in the context's engine's SQL (expressions in the IR are in that engine's dialect too). */
  sql: string;
}

/**
 * Count queries for: rows and values a drop loses; NULLs blocking a new NOT NULL; rows a new NOT NULL
 * column without default cannot take; duplicate groups blocking a new unique key; rows failing a new
 * check; orphans blocking a new foreign key; values out of range of a narrowed type; rows holding an
 * enum value being removed. Queries use the current (pre-rename) names; a check on an expression is
 * skipped when the table's columns are renamed in the same migration, since the text uses new names.
 */
export function dataChecks(ops: readonly Operation[], ctx: LintContext): DataCheck[] {
  const sql = ctx.traits.sql;
  if (!sql) return [];
  const names = new NamesBefore(ctx.from, ops);
  const q = (name: string): string => quoteIdent(sql, name);
  const qt = (name: string): string => quoteObjectName(sql, name);
  const checks: DataCheck[] = [];
  const count = (code: LintCode, op: number, object: string, description: string, fromWhere: string): void => {
    checks.push({ code, op, object, description, sql: `SELECT COUNT(*) AS n FROM ${fromWhere}` });
  };
  const down = ctx.direction === 'down';
  const toTables = new Map(ctx.to.tables.map((t) => [t.name, t]));

  ops.forEach((op, i) => {
    switch (op.kind) {
      case 'dropTable': {
        const t = names.table(op.table.name);
        if (t) count(down ? 'L011' : 'L001', i, op.table.name, `rows of ${op.table.name} that would be deleted`, qt(t.name));
        return;
      }
      case 'dropColumn': {
        const t = names.table(op.table);
        const c = names.column(op.table, op.column.name);
        if (t && c && !op.column.generated)
          count(
            down ? 'L011' : 'L002',
            i,
            `${op.table}.${op.column.name}`,
            `non-NULL values of ${op.table}.${op.column.name} that would be lost`,
            `${qt(t.name)} WHERE ${q(c)} IS NOT NULL`,
          );
        return;
      }
      case 'addColumn': {
        const t = names.table(op.table);
        const c = op.column;
        if (t && !c.nullable && c.default === undefined && c.identity === undefined && c.generated === undefined) {
          count(
            'L004',
            i,
            `${op.table}.${c.name}`,
            `rows of ${op.table} that would have no value for the new NOT NULL column ${c.name}`,
            qt(t.name),
          );
        }
        return;
      }
      case 'alterColumn': {
        const t = names.table(op.table);
        const c = names.column(op.table, op.from.name);
        if (!t || !c) return;
        const object = `${op.table}.${op.to.name}`;
        if (op.changes.includes('nullable') && !op.to.nullable && op.from.nullable)
          count('L004', i, object, `rows of ${op.table} with NULL in ${op.to.name}`, `${qt(t.name)} WHERE ${q(c)} IS NULL`);
        if (!op.changes.includes('type')) return;
        const removed = enumValuesRemoved(op.from.type, op.to.type);
        if (removed.length > 0) {
          count(
            'L008',
            i,
            object,
            `rows of ${op.table} holding a removed enum value in ${op.to.name}`,
            `${qt(t.name)} WHERE ${q(c)} IN (${removed.map((v) => quoteLiteral(sql, v)).join(', ')})`,
          );
          return;
        }
        const risk = typeChangeRisk(ctx.traits, op.from, op.to);
        if (risk?.kind !== 'narrowing') return;
        if (risk.maxLength !== undefined) {
          const length = op.from.family === 'binary' ? sql.byteLength : sql.charLength;
          const value = op.from.family !== 'text' && op.from.family !== 'binary' ? `${q(c)}${sql.textCast}` : q(c);
          count(
            'L003',
            i,
            object,
            `values of ${object} longer than ${risk.maxLength}`,
            `${qt(t.name)} WHERE ${length}(${value}) > ${risk.maxLength}`,
          );
        } else if (risk.range) {
          count(
            'L003',
            i,
            object,
            `values of ${object} outside ${risk.range.min}..${risk.range.max}`,
            `${qt(t.name)} WHERE ${q(c)} < ${risk.range.min} OR ${q(c)} > ${risk.range.max}`,
          );
        }
        return;
      }
      case 'addUnique': {
        duplicates(
          i,
          op.table,
          `${op.table}.${op.unique.name}`,
          op.unique.columns.map((column) => ({ column })),
          !op.unique.nullsNotDistinct,
        );
        return;
      }
      case 'addPrimaryKey': {
        duplicates(
          i,
          op.table,
          `${op.table}.${op.primaryKey.name ?? 'primary key'}`,
          op.primaryKey.columns.map((column) => ({ column })),
          true,
        );
        return;
      }
      case 'createIndex':
        if (op.index.unique)
          duplicates(i, op.table, `${op.table}.${op.index.name}`, op.index.elements, !op.index.nullsNotDistinct, op.index.where);
        return;
      case 'addCheck': {
        const t = names.table(op.table);
        if (t && expressionRunnable(op.table, op.check.expression, t)) {
          count(
            'L012',
            i,
            `${op.table}.${op.check.name}`,
            `rows of ${op.table} violating check ${op.check.name}`,
            `${qt(t.name)} WHERE NOT (${op.check.expression})`,
          );
        }
        return;
      }
      case 'addForeignKey': {
        orphans(i, op.table, op.foreignKey);
        return;
      }
      case 'recreateEnum': {
        const removed = op.from.values.filter((v) => !op.to.values.includes(v));
        // Only engines with named enum types (PostgreSQL) recreate one; the column is compared as text.
        if (removed.length === 0) return;
        const values = removed.map((v) => quoteLiteral(sql, v)).join(', ');
        for (const usage of op.usages) {
          const t = names.table(usage.table);
          const c = names.column(usage.table, usage.column);
          if (t && c)
            count(
              'L008',
              i,
              `${usage.table}.${usage.column}`,
              `rows of ${usage.table} holding a removed value of enum ${op.to.name}`,
              `${qt(t.name)} WHERE ${q(c)}${sql.textCast} IN (${values})`,
            );
        }
        return;
      }
      default:
        return;
    }
  });
  return checks;

  /** Number of groups of rows that share a key value (each group makes the unique key fail). */
  function duplicates(
    op: number,
    table: string,
    object: string,
    elements: Array<{ column?: string; expression?: string }>,
    skipNulls: boolean,
    where?: string,
  ): void {
    const t = names.table(table);
    if (!t) return;
    const keys: string[] = [];
    for (const e of elements) {
      if (e.column !== undefined) {
        const c = names.column(table, e.column);
        if (!c) return;
        keys.push(q(c));
      } else if (e.expression !== undefined && expressionRunnable(table, e.expression, t)) {
        keys.push(`(${e.expression})`);
      } else {
        return;
      }
    }
    if (where !== undefined && !expressionRunnable(table, where, t)) return;
    const filters = [...(skipNulls ? keys.map((k) => `${k} IS NOT NULL`) : []), ...(where !== undefined ? [`(${where})`] : [])];
    const filter = filters.length > 0 ? ` WHERE ${filters.join(' AND ')}` : '';
    count(
      'L005',
      op,
      object,
      `groups of duplicate rows in ${table} for ${object}`,
      `(SELECT 1 AS x FROM ${qt(t.name)}${filter} GROUP BY ${keys.join(', ')} HAVING COUNT(*) > 1) AS duplicate_groups`,
    );
  }

  /** Rows whose key has no match in the referenced table (MATCH SIMPLE: a NULL in the key passes). */
  function orphans(op: number, table: string, fk: ForeignKey): void {
    const child = names.table(table);
    if (!child) return;
    const local = fk.columns.map((c) => names.column(table, c));
    if (local.some((c) => c === undefined)) return;
    const object = `${table}.${fk.name}`;
    const notNull = local.map((c) => `c.${q(c as string)} IS NOT NULL`).join(' AND ');
    const parent = names.table(fk.referencedTable);
    const remote = fk.referencedColumns.map((c) => names.column(fk.referencedTable, c));
    const description = `rows of ${table} without a match in ${fk.referencedTable} for ${fk.name}`;
    if (!parent || remote.some((c) => c === undefined)) {
      // The referenced table or columns are new: every row with a full key is an orphan.
      count('L010', op, object, description, `${qt(child.name)} AS c WHERE ${notNull}`);
      return;
    }
    const match = local.map((c, k) => `p.${q(remote[k] as string)} = c.${q(c as string)}`).join(' AND ');
    count(
      'L010',
      op,
      object,
      description,
      `${qt(child.name)} AS c WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${qt(parent.name)} AS p WHERE ${match})`,
    );
  }

  /** An expression can run on the current table when no column was renamed and every column it names exists now. */
  function expressionRunnable(table: string, expression: string, current: Table): boolean {
    if (names.hasRenamedColumns(table)) return false;
    const target = toTables.get(table);
    const existing = new Set(current.columns.map((c) => c.name.toLowerCase()));
    const tokens = new Set(expression.toLowerCase().split(/[^a-z0-9_$]+/));
    return !(target?.columns ?? []).some((c) => tokens.has(c.name.toLowerCase()) && !existing.has(c.name.toLowerCase()));
  }
}
