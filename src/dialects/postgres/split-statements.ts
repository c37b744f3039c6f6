/**
 * PostgreSQL script scanning: which characters are code (not inside a string, quoted identifier,
 * comment or dollar-quoted body). Statement splitting and `?` placeholder rewriting both need it.
 */

export interface CodeSpan {
  start: number;
  end: number;
}

/** Ranges of `sql` that are plain code, in order. Everything between them is quoted text or comments. */
export function codeSpans(sql: string): CodeSpan[] {
  const spans: CodeSpan[] = [];
  let spanStart = 0;
  let i = 0;
  const n = sql.length;
  const close = (at: number) => {
    if (at > spanStart) spans.push({ start: spanStart, end: at });
  };
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      close(i);
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? n : eol;
      spanStart = i;
    } else if (c === '/' && next === '*') {
      close(i);
      i = skipBlockComment(sql, i);
      spanStart = i;
    } else if (c === "'") {
      close(i);
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]) && (i < 2 || !isIdentChar(sql[i - 2]));
      i = skipQuoted(sql, i, "'", escapes);
      spanStart = i;
    } else if (c === '"') {
      close(i);
      i = skipQuoted(sql, i, '"', false);
      spanStart = i;
    } else if (c === '$' && (i === 0 || !isIdentChar(sql[i - 1]))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        close(i);
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? n : end + tag[0].length;
        spanStart = i;
      } else {
        i++;
      }
    } else {
      i++;
    }
  }
  close(n);
  return spans;
}

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_$]/.test(c);
}

/** Block comments nest in PostgreSQL. Returns the index just after the comment. */
function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return sql.length;
}

/** Skips a quoted run starting at `start` (doubled quotes escape; E'' strings also honour backslashes). */
function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
    } else if (c === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return sql.length;
}

/**
 * Splits a script into statements at top-level semicolons, keeping the 1-based line of each statement's
 * first code character. Comment-only chunks are dropped; `BEGIN ATOMIC … END` function bodies stay whole.
 */
export function splitStatements(sql: string): Array<{ sql: string; line: number }> {
  const spans = codeSpans(sql);
  const cuts: number[] = [];
  let atomicDepth = 0;
  for (const span of spans) {
    const code = sql.slice(span.start, span.end);
    const token = /;|\bbegin\s+atomic\b|\bcase\b|\bend\b/gi;
    let m: RegExpExecArray | null;
    while ((m = token.exec(code))) {
      const word = m[0].toLowerCase();
      if (word === ';') {
        if (atomicDepth === 0) cuts.push(span.start + m.index);
      } else if (word.startsWith('begin')) {
        atomicDepth++;
      } else if (atomicDepth > 0) {
        atomicDepth += word === 'case' ? 1 : -1;
      }
    }
  }
  cuts.push(sql.length);

  const out: Array<{ sql: string; line: number }> = [];
  let from = 0;
  let spanIndex = 0;
  for (const cut of cuts) {
    // first code character in [from, cut) that is not whitespace
    let first = -1;
    while (spanIndex < spans.length && spans[spanIndex].end <= from) spanIndex++;
    for (let s = spanIndex; s < spans.length && spans[s].start < cut && first === -1; s++) {
      const lo = Math.max(spans[s].start, from);
      const hi = Math.min(spans[s].end, cut);
      for (let k = lo; k < hi; k++) {
        if (!/\s/.test(sql[k])) {
          first = k;
          break;
        }
      }
    }
    if (first !== -1) {
      out.push({ sql: sql.slice(first, cut).trim(), line: lineAt(sql, first) });
    } else if (hasQuotedText(spans, from, cut)) {
      // a statement made only of a quoted run (unusual, but not a comment): keep it
      const text = sql.slice(from, cut).trim();
      if (text && !/^(--[^\n]*\n?|\/\*[\s\S]*?\*\/|\s)*$/.test(text))
        out.push({ sql: text, line: lineAt(sql, from + sql.slice(from).search(/\S/)) });
    }
    from = cut + 1;
  }
  return out;
}

function hasQuotedText(spans: CodeSpan[], from: number, to: number): boolean {
  // true when [from, to) is not fully covered by code spans (so it contains strings or comments)
  let covered = from;
  for (const s of spans) {
    if (s.end <= covered) continue;
    if (s.start > covered) return covered < to;
    covered = s.end;
    if (covered >= to) return false;
  }
  return covered < to;
}

let lineCache: { sql: string; starts: number[] } | undefined;

function lineAt(sql: string, index: number): number {
  if (lineCache?.sql !== sql) {
    const starts = [0];
    for (let i = 0; i < sql.length; i++) if (sql[i] === '\n') starts.push(i + 1);
    lineCache = { sql, starts };
  }
  const starts = lineCache.starts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
