import { isPunct, isWord, tokenize, type Token } from './tokenizer.js';

/**
 * Split a SQLite script into statements with the 1-based line each starts on. Semicolons inside
 * quotes, comments and `CREATE TRIGGER … BEGIN … END` bodies do not end a statement; inside a trigger
 * body, `CASE … END` is told apart from the body's closing `END`. The terminating `;` is not included.
 */
export function splitSqliteStatements(sql: string): Array<{ sql: string; line: number }> {
  const tokens = tokenize(sql);
  const out: Array<{ sql: string; line: number }> = [];
  const lineStarts = lineIndex(sql);
  let start = 0;
  while (start < tokens.length) {
    const end = statementEnd(tokens, start);
    if (end > start) {
      const first = tokens[start];
      const last = tokens[end - 1];
      out.push({ sql: sql.slice(first.start, last.end), line: lineOf(lineStarts, first.start) });
    }
    start = end + 1; // skip the semicolon
  }
  return out;
}

/** Index of the `;` ending the statement that starts at `from` (or tokens.length). */
function statementEnd(tokens: Token[], from: number): number {
  const trigger =
    isWord(tokens[from], 'CREATE') &&
    (isWord(tokens[from + 1], 'TRIGGER') || (isWord(tokens[from + 1], 'TEMP', 'TEMPORARY') && isWord(tokens[from + 2], 'TRIGGER')));
  let inBody = false;
  let caseDepth = 0;
  let bodyClosed = false;
  for (let k = from; k < tokens.length; k++) {
    const t = tokens[k];
    if (trigger && !bodyClosed) {
      if (!inBody && isWord(t, 'BEGIN')) inBody = true;
      else if (inBody && isWord(t, 'CASE')) caseDepth++;
      else if (inBody && isWord(t, 'END')) {
        if (caseDepth > 0) caseDepth--;
        else bodyClosed = true;
      }
      if (inBody && !bodyClosed) continue;
    }
    if (isPunct(t, ';')) return k;
  }
  return tokens.length;
}

function lineIndex(sql: string): number[] {
  const starts = [0];
  for (let i = 0; i < sql.length; i++) if (sql[i] === '\n') starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
