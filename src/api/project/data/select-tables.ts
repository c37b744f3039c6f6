import type { Schema, Table } from '../../../core/model/schema.js';
import { FlashError } from '../../../errors.js';

/** The tables named by `--tables` (all when absent), in the schema's order; an unknown name is refused. */
export function selectTables(schema: Schema, names: string[] | undefined): Table[] {
  if (!names || names.length === 0) return schema.tables;
  const byName = new Map(schema.tables.map((t) => [t.name, t]));
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length) {
    throw new FlashError(
      'E_USAGE',
      `No table ${unknown.map((n) => `"${n}"`).join(', ')} in the database.`,
      `Tables: ${schema.tables.map((t) => t.name).join(', ') || '(none)'}.`,
    );
  }
  const wanted = new Set(names);
  return schema.tables.filter((t) => wanted.has(t.name));
}
