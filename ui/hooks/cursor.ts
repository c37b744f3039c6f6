/** Move a list cursor by `delta`, clamped to the list (no wrap-around: the ends are easy to find). */
export function moveCursor(index: number, delta: number, length: number): number {
  if (length <= 0) return 0;
  return Math.min(length - 1, Math.max(0, index + delta));
}

/** The cursor movement a key means: ↑/k, ↓/j, PgUp/PgDn by `page`, Home/End. */
export function cursorDelta(
  input: string,
  key: { upArrow?: boolean; downArrow?: boolean; pageUp?: boolean; pageDown?: boolean; home?: boolean; end?: boolean },
  page = 10,
): number | undefined {
  if (key.upArrow || input === 'k') return -1;
  if (key.downArrow || input === 'j') return 1;
  if (key.pageUp) return -page;
  if (key.pageDown) return page;
  if (key.home) return -Infinity;
  if (key.end) return Infinity;
  return undefined;
}

export function applyDelta(index: number, delta: number, length: number): number {
  if (delta === -Infinity) return 0;
  if (delta === Infinity) return Math.max(0, length - 1);
  return moveCursor(index, delta, length);
}
