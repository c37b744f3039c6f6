import { csvHeader, csvRecord } from '../core/data/csv.js';
import { toJsonValue, toText, type DataValue } from '../core/data/values.js';
import type { RawResult, RawStatement } from '../api/raw.js';

export type RawFormat = 'table' | 'csv' | 'json';

const anyColumn = { name: '', type: '', family: 'other' as const };

/** Result rows as objects for --json; a repeated column name (`a.id, b.id`) gets `_2`, `_3`… */
function objects(r: RawStatement): Array<Record<string, unknown>> {
  const seen = new Map<string, number>();
  const keys = r.columns.map((c) => {
    const n = (seen.get(c) ?? 0) + 1;
    seen.set(c, n);
    return n === 1 ? c : `${c}_${n}`;
  });
  return r.rows.map((row) => Object.fromEntries(row.map((v, i) => [keys[i], toJsonValue(v, anyColumn)])));
}

export function rawJson(result: RawResult): string {
  return JSON.stringify({
    ok: true,
    database: result.database,
    statements: result.statements,
    rows: result.rows,
    affected: result.affected,
    durationMs: result.durationMs,
    results: result.results.map((r) => ({
      line: r.line,
      sql: r.sql,
      columns: r.columns,
      rows: objects(r),
      ...(r.affected === undefined ? {} : { affected: r.affected }),
      durationMs: r.durationMs,
    })),
  });
}

/** CSV per result set (RFC 4180, header first); result sets are separated by an empty line. */
export function rawCsv(result: RawResult): string {
  return result.results
    .filter((r) => r.columns.length > 0)
    .map((r) => csvHeader(r.columns) + r.rows.map((row) => csvRecord(row)).join(''))
    .join('\r\n');
}

/** Aligned columns like psql: header, rule, rows, `(N rows)`; writes say how many rows they changed. */
export function rawTable(result: RawResult): string {
  const blocks = result.results.map((r) => {
    if (r.columns.length === 0) return `${r.affected ?? 0} row(s) affected`;
    const cells = r.rows.map((row) => row.map(cellText));
    const widths = r.columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
    const numeric = r.columns.map((_c, i) => r.rows.length > 0 && r.rows.every((row) => isNumeric(row[i])));
    const pad = (text: string, i: number) => (numeric[i] ? text.padStart(widths[i]) : text.padEnd(widths[i]));
    const lines = [
      r.columns.map(pad).join(' | '),
      widths.map((w) => '-'.repeat(w)).join('-+-'),
      ...cells.map((row) => row.map(pad).join(' | ')),
    ];
    return lines.map((l) => l.trimEnd()).join('\n') + `\n(${r.rows.length} row${r.rows.length === 1 ? '' : 's'})`;
  });
  return blocks.join('\n\n');
}

/** Numbers, and the exact-number strings of 64-bit integers and decimals, are right-aligned. */
function isNumeric(value: DataValue): boolean {
  return value === null || typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
}

function cellText(value: DataValue): string {
  const text = toText(value);
  return text === undefined ? 'NULL' : text.replace(/\r?\n/g, '\\n');
}
