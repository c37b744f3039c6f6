import type { Table } from '../../core/model/schema.js';
import { columnDefinition, hasCollation, q } from './ddl.js';

/**
 * ENGINE, then DEFAULT CHARSET/COLLATE. A new default charset or collation applies to new columns
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
  if ((to?.engine ?? '') !== (from?.engine ?? '') && to?.engine) out.push(`ALTER TABLE ${q(table)} ENGINE=${to.engine}`);
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
