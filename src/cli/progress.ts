/**
 * A one-line progress bar on stderr (rows, rows/s, ETA), drawn only when stderr is a terminal: piped
 * or CI output stays quiet. Redraws at most ten times a second; `done()` clears the line.
 */
export interface ProgressBar {
  update(p: { label: string; rows: number; totalRows: number }): void;
  done(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr): ProgressBar | undefined {
  if (!stream.isTTY || process.env.CI) return undefined;
  const started = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update({ label, rows, totalRows }) {
      const now = Date.now();
      if (now - last < 100 && (totalRows <= 0 || rows < totalRows)) return;
      last = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      const rate = rows / seconds;
      const fraction = totalRows > 0 ? Math.min(rows / totalRows, 1) : 1;
      const eta = rate > 0 && totalRows > rows ? `ETA ${formatDuration((totalRows - rows) / rate)}` : '';
      const width = 24;
      const filled = Math.round(fraction * width);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
      const speed = `${Math.round(rate).toLocaleString('en-US')} rows/s`;
      // Without a total (backup does not count first) there is no bar or ETA, only the rate.
      const line =
        totalRows > 0
          ? `${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${rows.toLocaleString('en-US')}/${totalRows.toLocaleString('en-US')} rows  ${speed}  ${eta}  ${label}`
          : `${rows.toLocaleString('en-US')} rows  ${speed}  ${label}`;
      stream.write(`\r${line.slice(0, (stream.columns ?? 100) - 1)}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
