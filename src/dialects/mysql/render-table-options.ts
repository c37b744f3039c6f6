import type { Table } from '../../core/model/schema.js';
import { changedOptionClauses, lingeringOptions, optionName, resetOptionClause } from './create-options.js';
import { columnDefinition, hasCollation, q } from './ddl.js';

/**
 * ENGINE and the other table options (ROW_FORMAT, PAGE_CHECKSUM, …; one statement, since an option may
 * be valid only with the new engine), then DEFAULT CHARSET/COLLATE. A new default charset or collation applies to new columns
 * only, so every existing text column is re-declared: without COLLATE it takes the new default, with
 * its own explicit collation it keeps that. `current` is the table right before, `target` after the migration.
 */
export function alterTableOptionsSql(
  table: string,
  from: Table['options'],
  to: Table['options'],
  current: Table | undefined,
  target: Table | undefined,
): string[] {
  const out: string[] = [];
  const clauses: string[] = [];
  if ((to?.engine ?? '') !== (from?.engine ?? '') && to?.engine) clauses.push(`ENGINE=${to.engine}`);
  clauses.push(...changedOptionClauses(from?.createOptions, to?.createOptions, to?.engine));
  if (clauses.length) out.push(`ALTER TABLE ${q(table)} ${clauses.join(' ')}`);
  // An engine change keeps options the old engine wrote on its own (Aria's PAGE_CHECKSUM, TRANSACTIONAL),
  // and a reset in the same statement as the engine change does not clear them (MariaDB 10.11): reset
  // them once the table is on the new engine.
  if (clauses.length && to?.engine && (to.engine ?? '') !== (from?.engine ?? '')) {
    const kept = new Set((to.createOptions ?? []).map(optionName));
    const resets = lingeringOptions(from?.engine)
      .filter((name) => !kept.has(name))
      .map((name) => resetOptionClause(name));
    if (resets.length) out.push(`ALTER TABLE ${q(table)} ${resets.join(' ')}`);
  }
  const charsetChanged = (to?.charset ?? '') !== (from?.charset ?? '') || (to?.collation ?? '') !== (from?.collation ?? '');
  if (charsetChanged && (to?.charset || to?.collation)) {
    const parts: string[] = [];
    if (to.charset) parts.push(`DEFAULT CHARSET=${to.charset}`);
    if (to.collation) parts.push(`COLLATE=${to.collation}`);
    out.push(`ALTER TABLE ${q(table)} ${parts.join(' ')}`);
    if (current && target) {
      const existing = new Set(current.columns.map((c) => c.name));
      const modifies = target.columns
        .filter((c) => existing.has(c.name) && hasCollation(c))
        .map((c) => `MODIFY COLUMN ${columnDefinition(c)}`);
      if (modifies.length) out.push(`ALTER TABLE ${q(table)} ${modifies.join(', ')}`);
    }
  }
  return out;
}
