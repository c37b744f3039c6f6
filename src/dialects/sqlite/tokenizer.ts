/**
 * A small SQLite tokenizer: enough to find statement boundaries, split column/constraint lists and
 * slice expressions out of the CREATE texts SQLite keeps in sqlite_master (it stores them verbatim).
 * Positions index into the original text so callers can cut exact source slices.
 */

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'blob' | 'param' | 'punct';

export interface Token {
  kind: TokenKind;
  /** exact source text */
  text: string;
  /** upper-cased text of a word (keyword comparisons), the text itself otherwise */
  upper: string;
  start: number;
  end: number;
  /** whitespace or a comment separates this token from the previous one */
  spaceBefore: boolean;
}

function isIdentStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code >= 128;
}

function isIdentPart(code: number): boolean {
  return isIdentStart(code) || (code >= 48 && code <= 57) || code === 36;
}

const isDigit = (code: number) => code >= 48 && code <= 57;

/** Tokens of `sql`, comments and whitespace dropped. Unterminated quotes/comments run to the end of the text. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let space = false;
  const n = sql.length;
  const push = (kind: TokenKind, start: number, end: number) => {
    const text = sql.slice(start, end);
    tokens.push({ kind, text, upper: kind === 'word' ? text.toUpperCase() : text, start, end, spaceBefore: space });
    space = false;
  };
  while (i < n) {
    const code = sql.charCodeAt(i);
    const c = sql[i];
    if (code === 32 || (code >= 9 && code <= 13)) {
      space = true;
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
      space = true;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      space = true;
    } else if (c === "'") {
      const start = i;
      i = skipQuoted(sql, i, "'");
      push('string', start, i);
    } else if (c === '"' || c === '`') {
      const start = i;
      i = skipQuoted(sql, i, c);
      push('quoted', start, i);
    } else if (c === '[') {
      const start = i;
      const close = sql.indexOf(']', i + 1);
      i = close < 0 ? n : close + 1;
      push('quoted', start, i);
    } else if ((c === 'x' || c === 'X') && sql[i + 1] === "'") {
      const start = i;
      i = skipQuoted(sql, i + 1, "'");
      push('blob', start, i);
    } else if (isIdentStart(code)) {
      const start = i;
      while (i < n && isIdentPart(sql.charCodeAt(i))) i++;
      push('word', start, i);
    } else if (isDigit(code) || (c === '.' && isDigit(sql.charCodeAt(i + 1)))) {
      const start = i;
      i = skipNumber(sql, i);
      push('number', start, i);
    } else if (c === '?' || c === ':' || c === '@' || c === '$') {
      const start = i;
      i++;
      while (i < n && isIdentPart(sql.charCodeAt(i))) i++;
      push('param', start, i);
    } else {
      const start = i;
      const two = sql.slice(i, i + 2);
      i += ['||', '<=', '>=', '==', '!=', '<>', '<<', '>>', '->'].includes(two) ? (two === '->' && sql[i + 2] === '>' ? 3 : 2) : 1;
      push('punct', start, i);
    }
  }
  return tokens;
}

function skipQuoted(sql: string, i: number, quote: string): number {
  let j = i + 1;
  for (;;) {
    const close = sql.indexOf(quote, j);
    if (close < 0) return sql.length;
    if (sql[close + 1] === quote) j = close + 2;
    else return close + 1;
  }
}

function skipNumber(sql: string, i: number): number {
  let j = i;
  if (sql[j] === '0' && (sql[j + 1] === 'x' || sql[j + 1] === 'X')) {
    j += 2;
    while (j < sql.length && /[0-9A-Fa-f_]/.test(sql[j])) j++;
    return j;
  }
  while (j < sql.length && (isDigit(sql.charCodeAt(j)) || sql[j] === '_' || sql[j] === '.')) j++;
  if ((sql[j] === 'e' || sql[j] === 'E') && /[-+0-9]/.test(sql[j + 1] ?? '')) {
    j += 2;
    while (j < sql.length && isDigit(sql.charCodeAt(j))) j++;
  }
  return j;
}

export function isWord(t: Token | undefined, ...words: string[]): boolean {
  return t !== undefined && t.kind === 'word' && words.includes(t.upper);
}

export function isPunct(t: Token | undefined, p: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === p;
}

/** Identifier value of a bare or quoted name token. */
export function identValue(t: Token): string {
  if (t.kind === 'quoted') {
    const q = t.text[0];
    const body = t.text.slice(1, -1);
    if (q === '[') return body;
    return body.split(q + q).join(q);
  }
  if (t.kind === 'string') return t.text.slice(1, -1).split("''").join("'");
  return t.text;
}

/** Source text of tokens[from..to) with each comment/whitespace run collapsed to one space. */
export function joinTokens(tokens: Token[], from = 0, to = tokens.length): string {
  let out = '';
  for (let k = from; k < to; k++) {
    const t = tokens[k];
    if (k > from && t.spaceBefore) out += ' ';
    out += t.text;
  }
  return out;
}

/** Index of the token that closes the parenthesis opened at `open`, or tokens.length. */
export function matchParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    if (isPunct(tokens[k], '(')) depth++;
    else if (isPunct(tokens[k], ')')) {
      depth--;
      if (depth === 0) return k;
    }
  }
  return tokens.length;
}

/** Split tokens[from..to) on top-level commas into [start, end) ranges. */
export function splitTopLevel(tokens: Token[], from: number, to: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let depth = 0;
  let start = from;
  for (let k = from; k < to; k++) {
    const t = tokens[k];
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    else if (depth === 0 && isPunct(t, ',')) {
      parts.push([start, k]);
      start = k + 1;
    }
  }
  if (to > start) parts.push([start, to]);
  return parts;
}

/** Collapse whitespace/comments of an expression text so that round-trips through the engine are stable. */
export function normalizeSqlText(text: string): string {
  return joinTokens(tokenize(text)).trim();
}
