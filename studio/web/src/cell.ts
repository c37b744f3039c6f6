import type { GridValue } from './api.js';

/** How a cell reads in the grid: JSON pretty-printed, NULL marked, everything else as text. */
export function cellText(value: GridValue, family?: string): string {
  if (value === null) return 'NULL';
  if (family === 'json' && typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return String(value);
}

export function cellClass(value: GridValue, family?: string): string {
  return value === null ? 'null' : family === 'json' ? 'json' : '';
}
