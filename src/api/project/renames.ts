import { FlashError } from '../../errors.js';
import type { Renames } from '../../core/diff/renames.js';

/** `--rename users.name=full_name` (column) and `--rename people=users` (table) → DiffOptions.renames. */
export function parseRenames(args: readonly string[] | undefined): Renames | undefined {
  if (!args || args.length === 0) return undefined;
  const tables: Record<string, string> = {};
  const columns: Record<string, string> = {};
  for (const arg of args) {
    const m = arg.match(/^([^=\s]+)=([^=\s.]+)$/);
    if (!m)
      throw new FlashError(
        'E_USAGE',
        `Cannot read --rename ${arg}.`,
        'Use --rename table.old_column=new_column or --rename old_table=new_table.',
      );
    const [, left, right] = m as unknown as [string, string, string];
    const dot = left.indexOf('.');
    if (dot > 0) columns[left] = right;
    else tables[left] = right;
  }
  return { tables, columns };
}

/** The same renames seen from the other side, for the Down section's diff (desired → current). */
export function invertRenames(renames: Renames | undefined): Renames | undefined {
  if (!renames) return undefined;
  const tables: Record<string, string> = {};
  const columns: Record<string, string> = {};
  for (const [from, to] of Object.entries(renames.tables ?? {})) tables[to] = from;
  for (const [key, to] of Object.entries(renames.columns ?? {})) {
    const dot = key.indexOf('.');
    const table = key.slice(0, dot);
    const from = key.slice(dot + 1);
    columns[`${renames.tables?.[table] ?? table}.${to}`] = from;
  }
  return { tables, columns };
}
