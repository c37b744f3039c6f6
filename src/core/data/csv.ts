import { toText, type DataValue } from './values.js';

/**
 * One CSV record per RFC 4180: fields with a comma, quote, CR or LF are quoted and quotes doubled;
 * records end with CRLF. RFC 4180 has no NULL: Flash writes NULL as an empty unquoted field and an
 * empty string as `""` (the convention of PostgreSQL's COPY … CSV), so the two stay distinguishable.
 */
export function csvRecord(values: readonly DataValue[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

export function csvHeader(names: readonly string[]): string {
  return names.map((n) => quoteIfNeeded(n)).join(',') + '\r\n';
}

function csvField(value: DataValue): string {
  const text = toText(value);
  if (text === undefined) return '';
  if (text === '') return '""';
  return quoteIfNeeded(text);
}

function quoteIfNeeded(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
