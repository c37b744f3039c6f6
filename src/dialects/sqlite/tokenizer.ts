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
  start: number;
  end: number;
  /** whitespace or a comment separates this token from the previous one */
  spaceBefore: boolean;
}

const identStart = /[A-Za-z_\u0080-\uffff]/;
const identPart = /[A-Za-z0-9_$\u0080-\uffff]/;

/** Tokens of `sql`, comments and whitespace dropped. Unterminated quotes/comments run to the end of the text. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let space = false;
  const n = sql.length;
  const push = (kind: TokenKind, start: number, end: number) => {
    tokens.push({ kind, text: sql.slice(start, end), start, end, spaceBefore: space });
    space = false;
  };
  while (i < n) {
    const c = sql[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
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
    } else if (identStart.test(c)) {
      const start = i;
      while (i < n && identPart.test(sql[i]!)) i++;
      push('word', start, i);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const start = i;
      i = skipNumber(sql, i);
      push('number', start, i);
    } else if (c === '?' || c === ':' || c === '@' || c === '$') {
      const start = i;
      i++;
      while (i < n && identPart.test(sql[i]!)) i++;
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
  while (j < sql.length) {
    if (sql[j] === quote) {
      if (sql[j + 1] === quote) j += 2;
      else return j + 1;
    } else j++;
  }
  return sql.length;
}

function skipNumber(sql: string, i: number): number {
  let j = i;
  if (sql[j] === '0' && (sql[j + 1] === 'x' || sql[j + 1] === 'X')) {
    j += 2;
    while (j < sql.length && /[0-9A-Fa-f_]/.test(sql[j]!)) j++;
    return j;
  }
  while (j < sql.length && /[0-9_.]/.test(sql[j]!)) j++;
  if ((sql[j] === 'e' || sql[j] === 'E') && /[-+0-9]/.test(sql[j + 1] ?? '')) {
    j += 2;
    while (j < sql.length && /[0-9]/.test(sql[j]!)) j++;
  }
  return j;
}

export function isWord(t: Token | undefined, ...words: string[]): boolean {
  return t !== undefined && t.kind === 'word' && words.includes(t.text.toUpperCase());
}

export function isPunct(t: Token | undefined, p: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === p;
}

/** Identifier value of a bare or quoted name token. */
export function identValue(t: Token): string {
  if (t.kind === 'quoted') {
    const q = t.text[0]!;
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
    const t = tokens[k]!;
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
    const t = tokens[k]!;
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
