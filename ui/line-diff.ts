import { diffLines } from 'diff';

export interface DiffLine {
  sign: '+' | '-' | ' ';
  text: string;
}

/** Line-level diff of two texts (SQL DDL), via the `diff` package. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const out: DiffLine[] = [];
  for (const change of diffLines(before, after)) {
    const sign = change.added ? '+' : change.removed ? '-' : ' ';
    const lines = change.value.replace(/\n$/, '').split('\n');
    for (const text of lines) out.push({ sign, text });
  }
  return out;
}

/**
 * Unchanged runs longer than `context * 2` are folded to `context` lines each side and a marker,
 * so a one-line change in a long schema stays readable.
 */
export function foldUnchanged(lines: DiffLine[], context = 2): Array<DiffLine | { fold: number }> {
  const out: Array<DiffLine | { fold: number }> = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].sign !== ' ') {
      out.push(lines[i++]);
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j].sign === ' ') j++;
    const run = lines.slice(i, j);
    const keepHead = i === 0 ? 0 : context;
    const keepTail = j === lines.length ? 0 : context;
    if (run.length > keepHead + keepTail + 1) {
      out.push(...run.slice(0, keepHead), { fold: run.length - keepHead - keepTail }, ...run.slice(run.length - keepTail));
    } else out.push(...run);
    i = j;
  }
  return out;
}
