import type { Schema } from '../../core/model/schema.js';
import type { Plan, Rebuild } from './rebuild-plan.js';
import { createTableSql, quoteIdent, quoteString, tableObjectsSql } from './render-ddl.js';

/** SQLite's documented rebuild: new table from the target definition, copy, drop, rename, indexes and triggers. */
export function rebuildSql(r: Rebuild): string[] {
  const { target, source } = r;
  const table = target.name;
  const temp = `__flash_new_${table}`;
  const available = new Map<string, string>(); // current (post-rename) column name, lower-case → name
  for (const c of source?.columns ?? []) {
    if (r.dropped.has(c.name.toLowerCase())) continue;
    const current = r.renamedColumns.get(c.name.toLowerCase()) ?? c.name;
    available.set(current.toLowerCase(), current);
  }
  const copied = target.columns.filter((c) => !c.generated && !r.added.has(c.name.toLowerCase()) && available.has(c.name.toLowerCase()));
  const sql = [createTableSql(target, temp)];
  const hadSequence = source?.columns.some((c) => c.identity === 'auto-increment');
  if (hadSequence && target.columns.some((c) => c.identity === 'auto-increment')) {
    // keep AUTOINCREMENT's high-water mark: ids of deleted rows must not come back
    sql.push(
      `INSERT INTO sqlite_sequence (name, seq) SELECT ${quoteString(temp)}, seq FROM sqlite_sequence WHERE name = ${quoteString(table)}`,
    );
  }
  if (copied.length) {
    const cols = copied.map((c) => quoteIdent(c.name)).join(', ');
    const from = copied.map((c) => quoteIdent(available.get(c.name.toLowerCase())!)).join(', ');
    sql.push(`INSERT INTO ${quoteIdent(temp)} (${cols}) SELECT ${from} FROM ${quoteIdent(table)}`);
  }
  sql.push(`DROP TABLE ${quoteIdent(table)}`);
  // legacy mode: views and triggers that name the old table are left alone instead of failing the rename
  sql.push('PRAGMA legacy_alter_table = ON');
  sql.push(`ALTER TABLE ${quoteIdent(temp)} RENAME TO ${quoteIdent(table)}`);
  sql.push('PRAGMA legacy_alter_table = OFF');
  sql.push(...tableObjectsSql(target).slice(1));
  return sql;
}

/** Rebuilt tables and the tables whose foreign keys reference them, each with the op it belongs to. */
export function foreignKeyChecks(plan: Plan, to: Schema): Map<string, number> {
  const checks = new Map<string, number>();
  const rebuilt = new Map(plan.rebuilds.map((r) => [r.target.name.toLowerCase(), r.firstOp]));
  for (const r of plan.rebuilds) checks.set(r.target.name, r.firstOp);
  for (const t of to.tables) {
    for (const fk of t.foreignKeys) {
      const op = rebuilt.get(fk.referencedTable.toLowerCase());
      if (op !== undefined && !checks.has(t.name)) checks.set(t.name, op);
    }
  }
  return checks;
}
