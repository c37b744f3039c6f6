import type { Operation } from '../diff/operations.js';
import type { LintCode, LintContext, LintFinding, LintSeverity } from './finding.js';
import { NamesBefore } from './names-before.js';
import { renameHints } from './rename-hints.js';
import { enumValuesRemoved, pgTypeChangeRewrites, pgVolatileDefault, typeChangeRisk } from './type-change.js';

/**
 * Lints a migration's operations: what loses data, what may fail on existing rows, what locks or
 * rewrites tables. Pure; findings are sorted by operation index, then code. Whether a risky change
 * actually hits rows is the job of `dataChecks`, which counts them when a database is reachable.
 */
export function lintOperations(ops: readonly Operation[], ctx: LintContext): LintFinding[] {
  const names = new NamesBefore(ctx.from, ops);
  const findings: LintFinding[] = [];
  const add = (code: LintCode, severity: LintSeverity, op: number, object: string, message: string): void => {
    findings.push({ code, severity, message, op, object });
  };
  const down = ctx.direction === 'down';
  const rewrites = ctx.traits.exclusiveTableRewrites;
  const existing = (table: string): boolean => names.table(table) !== undefined;

  ops.forEach((op, i) => {
    switch (op.kind) {
      case 'dropTable':
        if (down) add('L011', 'warning', i, op.table.name, `Down drops table ${op.table.name} and the rows written to it since the Up.`);
        else add('L001', 'error', i, op.table.name, `Dropping table ${op.table.name} deletes all its rows.`);
        return;
      case 'dropCollection':
        if (down) add('L011', 'warning', i, op.collection.name, `Down drops collection ${op.collection.name} and its documents.`);
        else add('L001', 'error', i, op.collection.name, `Dropping collection ${op.collection.name} deletes all its documents.`);
        return;
      case 'dropColumn': {
        const object = `${op.table}.${op.column.name}`;
        if (op.column.generated) return;
        if (down) add('L011', 'warning', i, object, `Down drops column ${object} and the values written to it since the Up.`);
        else add('L002', 'error', i, object, `Dropping column ${object} deletes its values.`);
        return;
      }
      case 'addColumn': {
        const object = `${op.table}.${op.column.name}`;
        if (!existing(op.table)) return;
        const c = op.column;
        if (!c.nullable && c.default === undefined && c.identity === undefined && c.generated === undefined) {
          if (ctx.traits.implicitColumnDefaults) {
            add(
              'L004',
              'warning',
              i,
              object,
              `Adding NOT NULL column ${object} without a default gives existing rows of ${op.table} the type's implicit value ('' or 0); add a default if that is not what you want.`,
            );
          } else {
            add(
              'L004',
              'error',
              i,
              object,
              `Adding NOT NULL column ${object} without a default fails if ${op.table} has rows; add a default or add it nullable, backfill, then set NOT NULL.`,
            );
          }
        }
        if (rewrites && (pgVolatileDefault(c.default) || c.identity !== undefined || c.generated?.stored)) {
          add(
            'L006',
            'warning',
            i,
            object,
            `Adding ${object} rewrites table ${op.table} under an exclusive lock (every row gets its own value).`,
          );
        }
        return;
      }
      case 'alterColumn': {
        const object = `${op.table}.${op.to.name}`;
        // from.nullable: a column that already could not hold NULL (a SQLite rowid alias only gaining its written NOT NULL) has no row to refuse
        if (op.changes.includes('nullable') && !op.to.nullable && op.from.nullable) {
          add(
            'L004',
            'warning',
            i,
            object,
            `Setting ${object} NOT NULL fails if any row holds NULL in it${op.to.default !== undefined ? ' (the default does not fill existing rows)' : ''}.`,
          );
        }
        if (op.changes.includes('type')) {
          const removed = enumValuesRemoved(op.from.type, op.to.type);
          if (removed.length > 0)
            add(
              'L008',
              'error',
              i,
              object,
              `Removing ${list(removed)} from the enum of ${object} fails (or blanks values) for rows holding them.`,
            );
          const risk = typeChangeRisk(ctx.traits, op.from, op.to);
          if (risk && removed.length === 0)
            add('L003', 'warning', i, object, `Changing ${object} from ${op.from.type} to ${op.to.type}: ${risk.reason}.`);
          if (rewrites && pgTypeChangeRewrites(op.from.type, op.to.type)) {
            add(
              'L006',
              'warning',
              i,
              object,
              `Changing the type of ${object} rewrites table ${op.table} and its indexes under an exclusive lock.`,
            );
          }
        } else if (rewrites && op.changes.includes('generated')) {
          add('L006', 'warning', i, object, `Changing the generated expression of ${object} rewrites table ${op.table}.`);
        }
        return;
      }
      case 'addUnique':
        if (existing(op.table))
          uniqueWarning(i, `${op.table}.${op.unique.name}`, `unique constraint on ${op.table}(${op.unique.columns.join(', ')})`);
        return;
      case 'createIndex':
        if (op.index.unique && existing(op.table))
          uniqueWarning(i, `${op.table}.${op.index.name}`, `unique index ${op.index.name} on ${op.table}`);
        return;
      case 'addPrimaryKey':
        if (existing(op.table))
          uniqueWarning(
            i,
            `${op.table}.${op.primaryKey.name ?? 'primary key'}`,
            `primary key on ${op.table}(${op.primaryKey.columns.join(', ')})`,
          );
        return;
      case 'addCheck':
        if (existing(op.table))
          add(
            'L012',
            'warning',
            i,
            `${op.table}.${op.check.name}`,
            `Adding check ${op.check.name} scans ${op.table} and fails if any row violates ${op.check.expression}.`,
          );
        return;
      case 'addForeignKey':
        if (existing(op.table)) {
          add(
            'L010',
            'warning',
            i,
            `${op.table}.${op.foreignKey.name}`,
            `Adding foreign key ${op.foreignKey.name} scans ${op.table} to validate it and fails on rows without a match in ${op.foreignKey.referencedTable}.`,
          );
        }
        return;
      case 'alterTableOptions':
        if (rewrites && Boolean(op.from?.unlogged) !== Boolean(op.to?.unlogged))
          add(
            'L006',
            'warning',
            i,
            op.table,
            `Making ${op.table} ${op.to?.unlogged ? 'unlogged' : 'logged'} rewrites the table under an exclusive lock.`,
          );
        return;
      case 'recreateEnum': {
        const removed = op.from.values.filter((v) => !op.to.values.includes(v));
        if (removed.length > 0) {
          add(
            'L008',
            'error',
            i,
            op.to.name,
            `Removing ${list(removed)} from enum ${op.to.name} fails for rows that hold ${removed.length > 1 ? 'them' : 'it'}; update those rows first.`,
          );
        }
        return;
      }
      default:
        return;
    }
  });

  function uniqueWarning(i: number, object: string, what: string): void {
    add('L005', 'warning', i, object, `Adding a ${what} fails if existing rows hold duplicates.`);
  }

  if (ctx.traits.ddlAutocommits && ops.length > 1) {
    add(
      'L007',
      'info',
      0,
      '',
      `MySQL/MariaDB commit each DDL statement on its own: if one fails, the ones before it stay applied (Flash records each step so the next apply can resume).`,
    );
  }
  if (!down) findings.push(...renameHints(ops));
  return findings.sort((a, b) => a.op - b.op || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

function list(values: string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}
