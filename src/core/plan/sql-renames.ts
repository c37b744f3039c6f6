import type { Renames } from '../diff/renames.js';

const ident = String.raw`(?:"((?:[^"]|"")+)"|\x60((?:[^\x60]|\x60\x60)+)\x60|\[([^\]]+)\]|([A-Za-z_][\w$]*))`;
const qualified = String.raw`(?:${ident}\s*\.\s*)?${ident}`;
const renameColumn = new RegExp(
  String.raw`ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?${qualified}\s+RENAME\s+(?:COLUMN\s+)?${ident}\s+TO\s+${ident}`,
  'gi',
);
const alterRenameTable = new RegExp(
  String.raw`ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?${qualified}\s+RENAME\s+TO\s+${qualified}`,
  'gi',
);
const renameTable = new RegExp(String.raw`RENAME\s+TABLE\s+${qualified}\s+TO\s+${qualified}`, 'gi');

/**
 * The renames a migration section's SQL performs (`ALTER TABLE … RENAME COLUMN a TO b`,
 * `ALTER TABLE a RENAME TO b`, MySQL `RENAME TABLE a TO b`), so a snapshot diff of the same change
 * reads them as renames rather than a drop plus an add. A rename written another way is simply not
 * seen: the diff then reports a drop, which errs on the side of asking.
 */
export function renamesInSql(sql: string): Renames {
  const tables: Record<string, string> = {};
  const columns: Record<string, string> = {};
  for (const m of sql.matchAll(renameTable)) tables[name(m, 5)] = name(m, 13);
  for (const m of sql.matchAll(alterRenameTable)) tables[name(m, 5)] = name(m, 13);
  for (const m of sql.matchAll(renameColumn)) {
    const [table, from, to] = [name(m, 5), name(m, 9), name(m, 13)];
    columns[`${table}.${from}`] = to;
  }
  return { tables, columns };
}

/** The identifier whose four alternative groups start at `first` ("quoted", `quoted`, [bracketed], bare); a qualified name is 8 groups, schema first. */
function name(m: RegExpMatchArray, first: number): string {
  const [dq, bq, br, bare] = [m[first], m[first + 1], m[first + 2], m[first + 3]];
  if (dq !== undefined) return dq.replace(/""/g, '"');
  if (bq !== undefined) return bq.replace(/``/g, '`');
  return br ?? bare ?? '';
}
